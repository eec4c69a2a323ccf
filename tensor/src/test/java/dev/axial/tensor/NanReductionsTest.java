package dev.axial.tensor;

import dev.axial.tensor.cpu.Parallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** nansum and nanmean against float64 references on random shapes, dims, views and every dtype. */
class NanReductionsTest {
    private static double nansum(double[] g) {
        double s = 0;
        for (double x : g) if (!Double.isNaN(x)) s += x;
        return s;
    }

    private static double nanmean(double[] g) {
        double s = 0, c = 0;
        for (double x : g) if (!Double.isNaN(x)) { s += x; c++; }
        return s / c;
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void nansumAndNanmeanMatchReference(Device dev) {
        Random r = new Random(43);
        int checked = 0;
        for (int trial = 0; trial < 80; trial++) {
            long[] shape = ReductionRef.shape(r);
            for (DType t : DType.values()) {
                for (boolean mean : new boolean[]{false, true}) {
                    if (mean && !t.isFloatingPoint()) continue;
                    int[] dims = ReductionRef.dims(r, shape.length);
                    boolean keep = r.nextBoolean();
                    try (Scope s = Scope.open()) {
                        double[] v = ReductionRef.values(r, t, (int) Shapes.numel(shape));
                        if (t.isFloatingPoint()) for (int i = 0; i < v.length; i++) if (r.nextInt(4) == 0) v[i] = Double.NaN;
                        Tensor x = ReductionRef.view(r, dev, t, v, shape);
                        String what = (mean ? "nanmean " : "nansum ") + t + Shapes.str(shape) + " dims " + Arrays.toString(dims) + " keep " + keep;
                        Tensor y = mean ? x.nanmean(dims, keep) : x.nansum(dims, keep);
                        DType ot = t.isFloatingPoint() ? t : DType.INT64;
                        assertEquals(ot, y.dtype(), what);
                        assertArrayEquals(keep ? ReductionRef.keepShape(shape, dims) : ReductionRef.dropShape(shape, dims), y.shape(), what);
                        int[][] groups = ReductionRef.groups(shape, dims);
                        double[] exp = new double[groups.length];
                        for (int i = 0; i < groups.length; i++) {
                            double[] g = ReductionRef.pick(v, groups[i]);
                            exp[i] = mean ? nanmean(g) : nansum(g);
                        }
                        exp = Conformance.roundTo(ot, exp);
                        double tol = Conformance.tol(ot) * 4;
                        Conformance.assertClose(exp, y.toDoubleArray(), tol, tol, what);
                        if (!t.isFloatingPoint()) assertArrayEquals(x.sum(dims, keep).toLongArray(), y.toLongArray(), what + " as sum");
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 800, "checked " + checked);
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void nanRules(Device dev) {
        try (Scope s = Scope.open()) {
            float nan = Float.NaN;
            Tensor x = Tensor.of(new float[]{1, nan, 3, nan, nan, nan, Float.POSITIVE_INFINITY, 2, nan}, 3, 3).to(dev);
            assertArrayEquals(new float[]{4, 0, Float.POSITIVE_INFINITY}, x.nansum(1, false).toFloatArray());
            assertArrayEquals(new float[]{2, nan, Float.POSITIVE_INFINITY}, x.nanmean(1, false).toFloatArray());
            assertArrayEquals(new long[]{3, 1}, x.nanmean(1, true).shape());
            assertEquals(Float.POSITIVE_INFINITY, x.nansum().item());
            Tensor allNan = Tensor.full(DType.FLOAT64, dev, Double.NaN, 5);
            assertTrue(Double.isNaN(allNan.nanmean().item()));
            assertEquals(0, allNan.nansum().item());
            Tensor empty = Tensor.zeros(DType.FLOAT32, dev, 0, 4);
            assertArrayEquals(new float[]{0, 0, 0, 0}, empty.nansum(0, false).toFloatArray());
            assertTrue(Double.isNaN(empty.nanmean(0, false).toDoubleArray()[0]));
            assertEquals(DType.INT64, Tensor.of(new boolean[]{true, true, false}).to(dev).nansum().dtype());
            assertEquals(2, Tensor.of(new boolean[]{true, true, false}).to(dev).nansum().itemLong());
            TensorException e = assertThrows(TensorException.class, () -> Tensor.of(new int[]{1, 2}).to(dev).nanmean());
            assertTrue(e.getMessage().contains("nanmean") && e.getMessage().contains("int32"), e.getMessage());
            assertThrows(TensorException.class, () -> x.nansum(2, false));
            Tensor dead = Tensor.of(new float[]{1, 2}).to(dev);
            dead.close();
            assertThrows(UseAfterFreeException.class, dead::nanmean);
        }
    }

    @Test
    void resultsDoNotDependOnThreadCount() {
        int saved = Parallel.threads();
        try (Scope s = Scope.open()) {
            Random r = new Random(5);
            float[] a = new float[1 << 18];
            for (int i = 0; i < a.length; i++) a[i] = r.nextInt(10) == 0 ? Float.NaN : (float) r.nextGaussian();
            Tensor x = Tensor.of(a), m = x.reshape(512, 512);
            Tensor[][] runs = new Tensor[2][];
            for (int k = 0; k < 2; k++) {
                Parallel.setThreads(k + 1);
                runs[k] = new Tensor[]{x.nansum(), x.nanmean(), m.nansum(0, false), m.t().nanmean(1, false)};
            }
            for (int i = 0; i < runs[0].length; i++)
                assertArrayEquals(runs[0][i].toFloatArray(), runs[1][i].toFloatArray(), "result " + i);
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
