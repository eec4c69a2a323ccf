package dev.axial.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Random;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.*;

/** Every reduction against the float64 reference on random shapes, dims, views and every dtype. */
class ReductionsTest {
    private enum Op { SUM, PROD, MEAN, VAR, STD, AMAX, AMIN, NORM, ALL, ANY, COUNT, LSE }

    private static final double[] NORM_P = {1, 2, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, 3, 0.5};

    private static boolean supports(Op op, DType t) {
        return switch (op) {
            case MEAN, VAR, STD, NORM -> t.isFloatingPoint();
            default -> true;
        };
    }

    private static DType outType(Op op, DType t) {
        return switch (op) {
            case SUM, PROD -> t.isFloatingPoint() ? t : DType.INT64;
            case ALL, ANY -> t == DType.UINT8 ? DType.UINT8 : DType.BOOL;
            case COUNT -> DType.INT64;
            case LSE -> t.toFloating();
            default -> t;
        };
    }

    private static Tensor run(Op op, Tensor x, int[] dims, boolean keep, double p) {
        return switch (op) {
            case SUM -> x.sum(dims, keep);
            case PROD -> dims.length == 1 ? x.prod(dims[0], keep) : x.prod();
            case MEAN -> x.mean(dims, keep);
            case VAR -> x.var(dims, p, keep);
            case STD -> x.std(dims, p, keep);
            case AMAX -> x.amax(dims, keep);
            case AMIN -> x.amin(dims, keep);
            case NORM -> x.norm(p, dims, keep);
            case ALL -> x.all(dims, keep);
            case ANY -> x.any(dims, keep);
            case COUNT -> x.countNonzero(dims);
            case LSE -> x.logsumexp(dims, keep);
        };
    }

    private static ToDoubleFunction<double[]> ref(Op op, double p) {
        return switch (op) {
            case SUM -> ReductionRef::sum;
            case PROD -> g -> { double s = 1; for (double x : g) s *= x; return s; };
            case MEAN -> g -> ReductionRef.sum(g) / g.length;
            case VAR -> g -> ReductionRef.var(g, p);
            case STD -> g -> Math.sqrt(ReductionRef.var(g, p));
            case AMAX -> ReductionRef::max;
            case AMIN -> ReductionRef::min;
            case NORM -> g -> ReductionRef.norm(g, p);
            case ALL -> g -> { for (double x : g) if (x == 0) return 0; return 1; };
            case ANY -> g -> { for (double x : g) if (x != 0) return 1; return 0; };
            case COUNT -> g -> { double c = 0; for (double x : g) if (x != 0) c++; return c; };
            case LSE -> ReductionRef::logsumexp;
        };
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void everyReductionMatchesReference(Device dev) {
        Random r = new Random(42);
        int checked = 0;
        for (int trial = 0; trial < 120; trial++) {
            long[] shape = ReductionRef.shape(r);
            for (DType t : DType.values()) {
                for (Op op : Op.values()) {
                    if (!supports(op, t)) continue;
                    int[] dims = ReductionRef.dims(r, shape.length);
                    if (op == Op.PROD && dims.length > 1) dims = new int[]{dims[0]};
                    boolean keep = op != Op.COUNT && !(op == Op.PROD && dims.length == 0) && r.nextBoolean();
                    double p = op == Op.NORM ? NORM_P[r.nextInt(NORM_P.length)] : op == Op.VAR || op == Op.STD ? r.nextInt(3) : 0;
                    int[] effDims = op == Op.PROD && dims.length == 0 ? new int[0] : dims;
                    int[][] groups = ReductionRef.groups(shape, effDims);
                    boolean[] red = ReductionRef.reduced(shape.length, effDims);
                    boolean emptyGroup = false;
                    for (int d = 0; d < shape.length; d++) emptyGroup |= red[d] && shape[d] == 0;
                    boolean needsElements = op == Op.AMAX || op == Op.AMIN || op == Op.NORM && Double.isInfinite(p);
                    try (Scope s = Scope.open()) {
                        double[] v = ReductionRef.values(r, t, (int) Shapes.numel(shape));
                        Tensor x = ReductionRef.view(r, dev, t, v, shape);
                        String what = op + " " + t + Shapes.str(shape) + " dims " + Arrays.toString(dims) + " keep " + keep + " p " + p;
                        if (needsElements && (emptyGroup || Shapes.numel(shape) == 0 && dims.length == 0)) {
                            int[] fd = dims;
                            TensorException e = assertThrows(TensorException.class, () -> run(op, x, fd, keep, p), what);
                            assertTrue(e.getMessage().startsWith(op == Op.NORM ? "norm" : op.name().toLowerCase()), e.getMessage());
                            continue;
                        }
                        Tensor y = run(op, x, dims, keep, p);
                        assertEquals(outType(op, t), y.dtype(), what);
                        long[] want = keep ? ReductionRef.keepShape(shape, effDims) : ReductionRef.dropShape(shape, effDims);
                        assertArrayEquals(want, y.shape(), what);
                        ToDoubleFunction<double[]> f = ref(op, p);
                        double[] exp = new double[groups.length];
                        for (int i = 0; i < groups.length; i++) exp[i] = f.applyAsDouble(ReductionRef.pick(v, groups[i]));
                        DType ot = outType(op, t);
                        exp = Conformance.roundTo(ot, exp);
                        double tol = Conformance.tol(ot);
                        if (ot == DType.INT64 && op == Op.PROD) {
                            // exact int64 reference (the products here stay far from overflow)
                            assertArrayEquals(Arrays.stream(exp).mapToLong(d -> (long) d).toArray(), y.toLongArray(), what);
                        } else {
                            Conformance.assertClose(exp, y.toDoubleArray(), tol * 4, tol * 4, what);
                        }
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 5000, "checked " + checked);
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void nanPropagatesThroughMaxMinSumAndLogsumexp(Device dev) {
        try (Scope s = Scope.open()) {
            double nan = Double.NaN;
            for (DType t : new DType[]{DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.BFLOAT16}) {
                Tensor x = Conformance.tensor(dev, t, new double[]{1, nan, 3, 4, 5, 6}, 2, 3);
                assertTrue(Double.isNaN(x.max().item()));
                assertTrue(Double.isNaN(x.min().item()));
                assertArrayEquals(new double[]{nan, 6}, x.amax(1).toDoubleArray());
                assertArrayEquals(new double[]{nan, 4}, x.amin(1).toDoubleArray());
                assertArrayEquals(new double[]{nan, 15}, x.sum(1).toDoubleArray());
                assertArrayEquals(new double[]{nan, Math.log(Math.exp(4) + Math.exp(5) + Math.exp(6))},
                        x.logsumexp(1).toDoubleArray(), Conformance.tol(t) * 8);
                assertTrue(Double.isNaN(x.norm(Double.POSITIVE_INFINITY).item()));
                assertEquals(6, x.countNonzero().itemLong());
                assertTrue(x.all().toBooleanArray()[0]);
            }
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void logsumexpHandlesInfinities(Device dev) {
        try (Scope s = Scope.open()) {
            double inf = Double.POSITIVE_INFINITY;
            Tensor x = Conformance.tensor(dev, DType.FLOAT32, new double[]{-inf, -inf, -inf, 1, inf, 2, 1000, 1000, 1000}, 3, 3);
            assertArrayEquals(new double[]{-inf, inf, 1000 + Math.log(3)}, x.logsumexp(1).toDoubleArray(), 1e-4);
            Tensor e = Tensor.zeros(DType.FLOAT32, dev, 0, 2);
            assertArrayEquals(new double[]{-inf, -inf}, e.logsumexp(0).toDoubleArray());
            Tensor i = Conformance.tensor(dev, DType.INT32, new double[]{1, 2}, 2);
            assertEquals(DType.FLOAT32, i.logsumexp().dtype());
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void emptyInputsFollowPyTorch(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor e = Tensor.zeros(DType.FLOAT32, dev, 0);
            assertEquals(0, e.sum().item());
            assertEquals(1, e.prod().item());
            assertTrue(Double.isNaN(e.mean().item()));
            assertTrue(Double.isNaN(e.var().item()));
            assertEquals(0, e.norm().item());
            assertFalse(e.any().toBooleanArray()[0]);
            assertTrue(e.all().toBooleanArray()[0]);
            assertEquals(0, e.countNonzero().itemLong());
            Tensor m = Tensor.zeros(DType.INT32, dev, 0, 3);
            assertArrayEquals(new long[]{0, 0, 0}, m.sum(0).toLongArray());
            assertArrayEquals(new long[]{0}, m.sum(1).shape());
            assertArrayEquals(new long[]{0}, m.amax(new int[]{1}, false).shape());
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void integerSumsAreExactInt64(Device dev) {
        try (Scope s = Scope.open()) {
            long big = 1L << 60;
            Tensor x = Tensor.of(new long[]{big, 3, big, -7}, 2, 2).to(dev);
            assertArrayEquals(new long[]{2 * big + 3 - 7}, new long[]{x.sum().itemLong()});
            assertArrayEquals(new long[]{big + 3, big - 7}, x.sum(1).toLongArray());
            assertEquals(big, x.amax().itemLong());
            Tensor b = Tensor.of(new boolean[]{true, true, false});
            assertEquals(DType.INT64, b.sum().dtype());
            assertEquals(2, b.sum().itemLong());
            assertEquals(DType.BOOL, b.amax().dtype());
            Tensor u = Tensor.of(new byte[]{-1, -1}).to(DType.UINT8);   // 255, 255
            assertEquals(510, u.sum().itemLong());
            assertEquals(10, Tensor.of(new int[]{1, 2, 3, 4}).sum(new int[]{0}, false, DType.FLOAT64).item());
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void badInputIsRejectedWithTheOpName(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor x = Conformance.tensor(dev, DType.FLOAT32, new double[6], 2, 3);
            Tensor i = Conformance.tensor(dev, DType.INT64, new double[6], 2, 3);
            TensorException e = assertThrows(TensorException.class, () -> x.sum(2));
            assertTrue(e.getMessage().startsWith("sum: dim 2 out of range"), e.getMessage());
            e = assertThrows(TensorException.class, () -> x.amax(-3));
            assertTrue(e.getMessage().contains("out of range"), e.getMessage());
            e = assertThrows(TensorException.class, () -> x.mean(new int[]{1, -1}, false));
            assertTrue(e.getMessage().contains("more than once"), e.getMessage());
            e = assertThrows(TensorException.class, () -> i.mean());
            assertTrue(e.getMessage().startsWith("mean:") && e.getMessage().contains("int64"), e.getMessage());
            e = assertThrows(TensorException.class, () -> i.std());
            assertTrue(e.getMessage().startsWith("std:"), e.getMessage());
            e = assertThrows(TensorException.class, () -> i.norm());
            assertTrue(e.getMessage().startsWith("norm:"), e.getMessage());
            Tensor empty = Tensor.zeros(DType.FLOAT32, dev, 0, 3);
            e = assertThrows(TensorException.class, empty::max);
            assertTrue(e.getMessage().startsWith("max: Expected reduction dim to be specified"), e.getMessage());
            e = assertThrows(TensorException.class, () -> empty.amin(new int[]{0}, false));
            assertTrue(e.getMessage().startsWith("amin: Expected reduction dim 0 to have non-zero size"), e.getMessage());
            assertArrayEquals(new long[]{0}, empty.amax(1).shape());
            e = assertThrows(TensorException.class, () -> empty.norm(Double.POSITIVE_INFINITY));
            assertTrue(e.getMessage().startsWith("norm:"), e.getMessage());
            Tensor dead = Conformance.tensor(dev, DType.FLOAT32, new double[3], 3);
            dead.close();
            assertThrows(RuntimeException.class, dead::sum);
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void scalarTensorsReduceToThemselves(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.scalar(DType.FLOAT32, dev, 2.5);
            assertEquals(2.5, x.sum().item());
            assertEquals(2.5, x.sum(0).item());
            assertEquals(2.5, x.amax(new int[]{-1}, true).item());
            assertEquals(0, x.sum(0).dim());
            assertThrows(TensorException.class, () -> x.sum(1));
        }
    }
}
