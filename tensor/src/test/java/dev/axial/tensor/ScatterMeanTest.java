package dev.axial.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Random;

import static dev.axial.tensor.ShapeRef.ravel;
import static dev.axial.tensor.ShapeRef.unravel;
import static org.junit.jupiter.api.Assertions.*;

/** scatter_reduce(reduce="mean") against a plain-Java reference, for every numeric dtype and both includeSelf. */
class ScatterMeanTest {
    /** PyTorch's rule: (old value if included + the values scattered there) / their count; untouched targets stay. */
    static double[] reference(double[] self, long[] sh, int d, long[] iv, long[] is, double[] src, long[] ss, boolean include, boolean integral) {
        double[] sum = include ? self.clone() : new double[self.length];
        long[] count = new long[self.length];
        if (include) Arrays.fill(count, 1);
        boolean[] hit = new boolean[self.length];
        for (int i = 0; i < iv.length; i++) {
            long[] p = unravel(i, is);
            double sv = src[ravel(p, ss)];
            p[d] = iv[i];
            int o = ravel(p, sh);
            sum[o] += sv;
            count[o]++;
            hit[o] = true;
        }
        double[] out = new double[self.length];
        for (int o = 0; o < out.length; o++) {
            if (!hit[o]) out[o] = self[o];
            else if (integral) out[o] = Math.floorDiv((long) sum[o], count[o]);
            else out[o] = sum[o] / count[o];
        }
        return out;
    }

    private static double[] small(Random r, int n, DType t) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = t == DType.UINT8 ? r.nextInt(4) : t.isFloatingPoint() ? r.nextInt(17) / 4.0 - 2 : r.nextInt(7) - 3;
        return v;
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void meanMatchesReferenceForEveryDtype(Device dev) {
        Random r = new Random(50);
        for (DType t : DType.values()) {
            if (t == DType.BOOL) continue;
            for (int trial = 0; trial < 4; trial++) {
                try (Scope s = Scope.open()) {
                    long[] sh = Conformance.randomShape(r, 1, 3, 4);
                    int d = r.nextInt(sh.length);
                    double[] v = small(r, (int) Shapes.numel(sh), t);
                    Tensor x = Conformance.tensor(dev, t, v, trial % 2 == 1, sh);
                    long[] is = new long[sh.length];
                    for (int i = 0; i < sh.length; i++) is[i] = i == d ? 1 + r.nextInt(6) : 1 + r.nextInt((int) sh[i]);
                    double[] sv = small(r, (int) Shapes.numel(is), t);
                    Tensor src = Conformance.tensor(dev, t, sv, trial >= 2, is);
                    long[] iv = new long[(int) Shapes.numel(is)];
                    for (int i = 0; i < iv.length; i++) iv[i] = r.nextInt((int) sh[d]);
                    Tensor ix = Tensor.of(iv, is).to(dev);
                    for (boolean include : new boolean[]{true, false}) {
                        String what = t + Arrays.toString(sh) + " dim " + d + " includeSelf " + include;
                        double[] exp = Conformance.roundTo(t, reference(v, sh, d, iv, is, sv, is, include, !t.isFloatingPoint()));
                        Tensor y = x.scatterReduce(d, ix, src, "mean", include);
                        assertEquals(t, y.dtype(), what);
                        assertArrayEquals(sh, y.shape(), what);
                        double tol = Conformance.tol(t) * 4;
                        Conformance.assertClose(exp, y.toDoubleArray(), tol, tol, what);
                        Tensor z = x.copy();
                        assertSame(z, z.scatterReduce_(d, ix, src, "mean", include));
                        Conformance.assertClose(exp, z.toDoubleArray(), tol, tol, what + " in place");
                    }
                }
            }
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void handComputedFloorNanAndErrors(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor self = Tensor.of(new float[]{1, 1, 1, 1}).to(dev);
            Tensor ix = Tensor.of(new long[]{0, 2, 0, 2, 2}).to(dev);
            Tensor src = Tensor.of(new float[]{2, 3, 4, 5, 6}).to(dev);
            assertArrayEquals(new float[]{7 / 3f, 1, 15 / 4f, 1}, self.scatterReduce(0, ix, src, "mean").toFloatArray(), 1e-6f);
            assertArrayEquals(new float[]{3, 1, 14 / 3f, 1}, self.scatterReduce(0, ix, src, "mean", false).toFloatArray(), 1e-6f);
            Tensor li = Tensor.of(new long[]{0, 0, 0, 0}).to(dev);
            // (0 - 3 - 2) / 3 = -5/3: floor gives -2, as PyTorch's floor division
            assertArrayEquals(new long[]{-2, 7}, Tensor.of(new long[]{0, 7}).to(dev)
                    .scatterReduce(0, li.narrow(0, 0, 2), Tensor.of(new long[]{-3, -2}).to(dev), "mean").toLongArray());
            assertArrayEquals(new int[]{-1, 7}, Tensor.of(new int[]{9, 7}).to(dev)
                    .scatterReduce(0, li.narrow(0, 0, 3), Tensor.of(new int[]{-3, 1, 1}).to(dev), "mean", false).toIntArray());
            Tensor nan = Tensor.of(new double[]{0, 5}).to(dev).scatterReduce(0, li.narrow(0, 0, 2), Tensor.of(new double[]{Double.NaN, 1}).to(dev), "mean");
            assertTrue(Double.isNaN(nan.toDoubleArray()[0]));
            assertEquals(5, nan.toDoubleArray()[1]);
            Tensor z = Tensor.scalar(DType.FLOAT32, dev, 4);
            assertEquals(3, z.scatterReduce(0, Tensor.of(new long[]{0}).reshape().to(dev), Tensor.scalar(DType.FLOAT32, dev, 2), "mean").item());
            TensorException e = assertThrows(TensorException.class, () -> self.scatterReduce(0, ix, src, "median"));
            assertTrue(e.getMessage().contains("mean"), e.getMessage());
            assertThrows(TensorException.class, () -> Tensor.zeros(DType.BOOL, dev, 2).scatterReduce(0, li.narrow(0, 0, 1), Tensor.ones(DType.BOOL, dev, 1), "mean"));
            Tensor before = self.copy();
            assertThrows(TensorException.class, () -> self.scatterReduce_(0, Tensor.of(new long[]{0, 9}).to(dev), src, "mean", false));
            assertArrayEquals(before.toFloatArray(), self.toFloatArray());
            assertThrows(TensorException.class, () -> self.scatterReduce(0, ix, Tensor.of(new double[]{1, 2, 3, 4, 5}).to(dev), "mean"));
        }
    }
}
