package dev.axial.tensor;

import dev.axial.tensor.cpu.Parallel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.axial.tensor.Conformance.tensor;
import static dev.axial.tensor.ElementwiseTestKit.*;
import static org.junit.jupiter.api.Assertions.*;

/** add/sub with alpha (one fused ADD_SCALED pass): every dtype, broadcasting, strides, in place, fast paths, errors. */
class ElementwiseAddScaledTest {
    private static final long[][][] SHAPES = {
            {{4, 5}, {4, 5}}, {{3, 1, 5}, {4, 5}}, {{6}, {1}}, {{2, 3}, {}}, {{5, 1}, {1, 7}}};

    /** a + alpha*b as dtype t stores it: wrapped exactly for integers (bool: alpha cast to bool). */
    private static double[] ref(DType t, double[] a, double[] b, double alpha) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            if (t == DType.BOOL) r[i] = a[i] != 0 || (alpha != 0 && b[i] != 0) ? 1 : 0;
            else if (t.isFloatingPoint()) r[i] = a[i] + alpha * b[i];
            else r[i] = wrap(t, (long) a[i] + (long) alpha * (long) b[i]);
        }
        return r;
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void everyDtypeWithBroadcastingAndStrides(Device dev) {
        long seed = 10;
        for (DType t : ALL) {
            for (long[][] sh : SHAPES) {
                for (boolean strided : new boolean[]{false, true}) {
                    try (Scope s = Scope.open()) {
                        long[] out = Shapes.broadcast("test", sh[0], sh[1]);
                        double[] va = values(t, seed++, (int) Shapes.numel(sh[0]), -9, 9);
                        double[] vb = values(t, seed++, (int) Shapes.numel(sh[1]), -9, 9);
                        Tensor a = Conformance.tensor(dev, t, va, strided, sh[0]), b = Conformance.tensor(dev, t, vb, !strided, sh[1]);
                        double[] ea = expand(va, sh[0], out), eb = expand(vb, sh[1], out);
                        Number[] alphas = t.isFloatingPoint() ? new Number[]{0.5, -1.25, 3}
                                : t == DType.UINT8 ? new Number[]{3, 2, 0} : new Number[]{3, -2, 0};   // -2 does not fit uint8
                        for (Number alpha : alphas) {
                            String what = t + " " + Shapes.str(sh[0]) + " + " + alpha + " * " + Shapes.str(sh[1]) + (strided ? " strided" : "");
                            Tensor r = a.add(b, alpha);
                            assertShape(out, r);
                            assertDType(t, r, what);
                            check(ref(t, ea, eb, alpha.doubleValue()), r, "add " + what);
                            if (t != DType.BOOL)
                                check(ref(t, ea, eb, -alpha.doubleValue()), a.sub(b, alpha), "sub " + what);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void inPlaceIntoAnyLayout(Device dev) {
        for (DType t : new DType[]{DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.BFLOAT16, DType.INT8, DType.INT32, DType.INT64, DType.UINT8}) {
            for (boolean strided : new boolean[]{false, true}) {
                try (Scope s = Scope.open()) {
                    double[] va = values(t, 1, 20, 0, 9), vb = values(t, 2, 5, 1, 4);
                    Tensor a = Conformance.tensor(dev, t, va, strided, 4, 5), b = Conformance.tensor(dev, t, vb, 5);
                    assertSame(a, a.add_(b, 3));
                    double[] eb = expand(vb, new long[]{5}, new long[]{4, 5});
                    double[] ref = ref(t, va, eb, 3);
                    check(ref, a, "add_ " + t);
                    a.sub_(b, 2);
                    check(ref(t, ref, eb, -2), a, "sub_ " + t);
                    // aliased: x.add_(x, alpha) reads what it writes, elementwise in place is fine
                    Tensor x = tensor(dev, t, va, strided, 4, 5);
                    x.add_(x, 2);
                    check(ref(t, va, va, 2), x, "x.add_(x, 2) " + t);
                    // x += 2 * x.T reads elements it overwrites: as if the operand were copied first
                    if (!strided) {
                        double[] sq = values(t, 3, 16, 0, 9);
                        Tensor m = tensor(dev, t, sq, 4, 4);
                        m.add_(m.transpose(0, 1), 2);
                        double[] tr = new double[16];
                        for (int i = 0; i < 16; i++) tr[i] = sq[(i % 4) * 4 + i / 4];
                        check(ref(t, sq, tr, 2), m, "m.add_(m.T, 2) " + t);
                    }
                    assertDType(t, a, "in place keeps dtype");
                }
            }
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void fastPathsAreOneFmaAndIndependentOfThreads(Device dev) {
        int threads = Parallel.threads();
        try (Scope s = Scope.open()) {
            int n = 100_003;
            double[] va = values(DType.FLOAT64, 1, n, -3, 3), vb = values(DType.FLOAT64, 2, n, -3, 3);
            Tensor a32 = tensor(dev, DType.FLOAT32, va, n), b32 = tensor(dev, DType.FLOAT32, vb, n);
            Tensor a64 = tensor(dev, DType.FLOAT64, va, n), b64 = tensor(dev, DType.FLOAT64, vb, n);
            float[] fa = a32.toFloatArray(), fb = b32.toFloatArray();
            float alpha = 0.1f;   // rounded to float for float32 tensors, as PyTorch
            double[] r32 = new double[n], r64 = new double[n], rs32 = new double[n], rs64 = new double[n];
            for (int i = 0; i < n; i++) {
                r32[i] = Math.fma(fb[i], alpha, fa[i]);
                r64[i] = Math.fma(vb[i], 0.1, va[i]);
                rs32[i] = Math.fma(2.5f, -0.1f, fa[i]);   // sub with a broadcast scalar tensor
                rs64[i] = Math.fma(2.5, -0.1, va[i]);
            }
            Tensor two = tensor(dev, DType.FLOAT32, new double[]{2.5}, 1);
            for (int th : new int[]{1, 2, 3}) {
                Parallel.setThreads(th);
                assertArrayEquals(r32, a32.add(b32, 0.1).toDoubleArray(), 0, "float32 fma, threads " + th);
                assertArrayEquals(r64, a64.add(b64, 0.1).toDoubleArray(), 0, "float64 fma, threads " + th);
                assertArrayEquals(rs32, a32.sub(two, 0.1).toDoubleArray(), 0, "float32 scalar operand, threads " + th);
                assertArrayEquals(rs64, a64.sub(two.to(DType.FLOAT64), 0.1).toDoubleArray(), 0, "float64 scalar operand, threads " + th);
                // a broadcast first operand: alpha*b + scalar
                double[] sb = new double[n];
                for (int i = 0; i < n; i++) sb[i] = Math.fma(fb[i], alpha, 2.5f);
                assertArrayEquals(sb, two.add(b32, 0.1).toDoubleArray(), 0, "float32 scalar first operand, threads " + th);
            }
        } finally {
            Parallel.setThreads(threads);
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void integersAreExactAndAlphaIsChecked(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor a = tensor(dev, DType.INT64, new double[]{1, -5}, 2), b = tensor(dev, DType.INT64, new double[]{3, 7}, 2);
            long big = (1L << 60) + 1;   // beyond a double's 53 bits: still exact (wrapping) long arithmetic
            long[] got = a.add(b, big).toLongArray();
            assertArrayEquals(new long[]{1 + 3 * big, -5 + 7 * big}, got);
            assertArrayEquals(new long[]{1 - 3 * big, -5 - 7 * big}, a.sub(b, big).toLongArray());
            long odd = (1L << 53) - 1;
            assertArrayEquals(new long[]{1 + 3 * odd, -5 + 7 * odd}, a.add(b, odd).toLongArray());
            Tensor i8 = tensor(dev, DType.INT8, new double[]{100, -100}, 2);
            assertArrayEquals(new double[]{wrap(DType.INT8, 100 + 100 * 3), wrap(DType.INT8, -100 - 100 * 3)},
                    i8.add(i8, 3).toDoubleArray(), 0, "int8 wraps");
            TensorException e = assertThrows(TensorException.class, () -> i8.add(i8, 300));
            assertTrue(e.getMessage().contains("overflow"), e.getMessage());
            e = assertThrows(TensorException.class, () -> tensor(dev, DType.UINT8, new double[]{1}, 1).sub_(i8.to(DType.UINT8), -1));
            assertTrue(e.getMessage().contains("overflow"), e.getMessage());
            e = assertThrows(TensorException.class, () -> a.add(b, 0.5));
            assertTrue(e.getMessage().contains("alpha"), e.getMessage());
            assertThrows(TensorException.class, () -> a.add_(b, 1.5));
            Tensor bools = Tensor.of(new boolean[]{true, false}).to(dev);
            assertThrows(TensorException.class, () -> bools.sub(bools, 2));
            Tensor m = Tensor.zeros(DType.FLOAT32, dev, 3, 4);
            e = assertThrows(TensorException.class, () -> m.add(Tensor.zeros(DType.FLOAT32, dev, 5), 2));
            assertTrue(e.getMessage().contains("[3, 4]") && e.getMessage().contains("[5]"), e.getMessage());
            assertThrows(TensorException.class, () -> Tensor.zeros(DType.FLOAT32, dev, 4).add_(m, 2));
            // integer tensor + float tensor with an integer alpha promotes to float
            Tensor f = tensor(dev, DType.FLOAT32, new double[]{0.5, 0.25}, 2);
            assertArrayEquals(new double[]{1 + 1.5, -5 + 0.75}, a.add(f, 3).toDoubleArray(), 1e-6);
            assertEquals(0, Tensor.zeros(DType.FLOAT32, dev, 0, 3).add(Tensor.ones(DType.FLOAT32, dev, 3), 2).numel());
        }
    }
}
