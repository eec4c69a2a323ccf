package dev.axial.tensor.imaging;

import dev.axial.tensor.Conformance;
import dev.axial.tensor.DType;
import dev.axial.tensor.FiniteDifferences;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;
import dev.axial.tensor.ValuesIndices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pooling against plain double references (random shapes and options, both dtypes, non-contiguous input,
 * empty batches), backward ops against central finite differences in float64, and bad input.
 */
class PoolTest {
    /** A random pooling case: input shape (batched or not), spatial dims k and options. */
    record Case(long[] shape, int k, int[] ks, int[] st, int[] pd, int[] dl, boolean ceil, boolean cip, int div) {
        PoolOptions options() {
            return PoolOptions.of(l(ks)).stride(l(st)).padding(l(pd)).dilation(l(dl)).ceilMode(ceil).countIncludePad(cip).divisorOverride(div);
        }

        static long[] l(int[] a) { return Arrays.stream(a).asLongStream().toArray(); }
    }

    static Case randomCase(Random r, boolean max) {
        while (true) {
            int k = 1 + r.nextInt(3);
            boolean batched = r.nextBoolean();
            long[] shape = new long[k + (batched ? 2 : 1)];
            for (int i = 0; i < shape.length - k; i++) shape[i] = 1 + r.nextInt(3);
            int[] ks = new int[k], st = new int[k], pd = new int[k], dl = new int[k];
            for (int i = 0; i < k; i++) {
                shape[shape.length - k + i] = 1 + r.nextInt(k == 3 ? 6 : 9);
                ks[i] = 1 + r.nextInt(3);
                st[i] = 1 + r.nextInt(3);
                pd[i] = r.nextInt(ks[i] / 2 + 1);
                dl[i] = max ? 1 + r.nextInt(2) : 1;
            }
            Case c = new Case(shape, k, ks, st, pd, dl, r.nextBoolean(), r.nextBoolean(), !max && r.nextInt(4) == 0 ? 1 + r.nextInt(5) : 0);
            if (outSizes(c, shape) != null) return c;
        }
    }

    /** PyTorch's pooling_output_shape per spatial dim, or null when a size is below 1. */
    static int[] outSizes(Case c, long[] shape) {
        int[] o = new int[c.k];
        for (int i = 0; i < c.k; i++) {
            long in = shape[shape.length - c.k + i];
            long eff = (long) c.dl[i] * (c.ks[i] - 1) + 1;
            long num = in + 2L * c.pd[i] - eff + (c.ceil ? c.st[i] - 1 : 0);
            if (num < 0 && !c.ceil) return null;
            long n = Math.floorDiv(num, c.st[i]) + 1;
            if (c.ceil && (n - 1) * c.st[i] >= in + c.pd[i]) n--;
            if (n < 1) return null;
            o[i] = (int) n;
        }
        return o;
    }

    /** (planes, D, H, W) of a shape with k spatial dims, 1D/2D padded on the left with 1s. */
    static int[] geo(long[] shape, int k) {
        int planes = 1;
        for (int i = 0; i < shape.length - k; i++) planes *= (int) shape[i];
        int[] g = {planes, 1, 1, 1};
        for (int i = 0; i < k; i++) g[4 - k + i] = (int) shape[shape.length - k + i];
        return g;
    }

    static int[] p3(int[] a, int fill) {
        int[] r = {fill, fill, fill};
        System.arraycopy(a, 0, r, 3 - a.length, a.length);
        return r;
    }

    /** Reference max pooling (mode 0) or average pooling (mode 1); idx receives flat in-plane indices for max. */
    static double[] refPool(Case c, double[] x, long[] outShape, long[] idx, boolean max) {
        int[] gi = geo(c.shape, c.k), go = geo(outShape, c.k);
        int[] ks = p3(c.ks, 1), st = p3(c.st, 1), pd = p3(c.pd, 0), dl = p3(c.dl, 1);
        double[] y = new double[go[0] * go[1] * go[2] * go[3]];
        int n = 0;
        for (int p = 0; p < go[0]; p++)
            for (int od = 0; od < go[1]; od++)
                for (int oh = 0; oh < go[2]; oh++)
                    for (int ow = 0; ow < go[3]; ow++, n++) {
                        int[] o = {od, oh, ow};
                        double best = Double.NEGATIVE_INFINITY, sum = 0;
                        long bi = -1;
                        int count = 0, padded = 1;
                        for (int dim = 0; dim < 3; dim++) {
                            int lo = o[dim] * st[dim] - pd[dim];
                            padded *= Math.min(lo + ks[dim], gi[dim + 1] + pd[dim]) - lo;
                        }
                        for (int a = 0; a < ks[0]; a++)
                            for (int b = 0; b < ks[1]; b++)
                                for (int cc = 0; cc < ks[2]; cc++) {
                                    int id = od * st[0] - pd[0] + a * dl[0], ih = oh * st[1] - pd[1] + b * dl[1], iw = ow * st[2] - pd[2] + cc * dl[2];
                                    if (id < 0 || ih < 0 || iw < 0 || id >= gi[1] || ih >= gi[2] || iw >= gi[3]) continue;
                                    long flat = ((long) id * gi[2] + ih) * gi[3] + iw;
                                    double v = x[(int) (p * (long) gi[1] * gi[2] * gi[3] + flat)];
                                    if (bi < 0 || v > best) {
                                        best = v;
                                        bi = flat;
                                    }
                                    sum += v;
                                    count++;
                                }
                        if (max) {
                            y[n] = best;
                            idx[n] = bi;
                        } else {
                            double div = c.div != 0 ? c.div : c.cip ? padded : count;
                            y[n] = count == 0 ? 0 : sum / div;
                        }
                    }
        return y;
    }

    static long[] outShape(Case c) {
        long[] s = c.shape.clone();
        int[] o = outSizes(c, c.shape);
        for (int i = 0; i < c.k; i++) s[s.length - c.k + i] = o[i];
        return s;
    }

    static double[] data(long seed, long[] shape) {
        return Conformance.uniform(seed, (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b), -2, 2);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void maxAndAvgPoolMatchTheReference(boolean max) {
        Random r = new Random(max ? 11 : 12);
        for (int t = 0; t < 60; t++) {
            Case c = randomCase(r, max);
            DType dt = t % 2 == 0 ? DType.FLOAT32 : DType.FLOAT64;
            double[] x = Conformance.roundTo(dt, data(t, c.shape));
            long[] os = outShape(c);
            long[] refIdx = new long[(int) Arrays.stream(os).reduce(1, (a, b) -> a * b)];
            double[] ref = refPool(c, x, os, refIdx, max);
            String what = (max ? "max" : "avg") + " case " + t + " " + c + " " + Arrays.toString(c.shape);
            try (Scope s = Scope.open()) {
                Tensor in = Conformance.tensor(Device.CPU, dt, x, t % 3 == 0, c.shape);
                if (max) {
                    ValuesIndices m = Pooling.maxPoolWithIndices(in, c.k, c.options());
                    assertArrayEquals(os, m.values().shape(), what);
                    Conformance.assertClose(ref, m.values().toDoubleArray(), 0, 0, what);
                    assertArrayEquals(refIdx, m.indices().toLongArray(), what);
                } else {
                    Tensor y = Pooling.avgPool(in, c.k, c.options());
                    assertArrayEquals(os, y.shape(), what);
                    Conformance.assertClose(ref, y.toDoubleArray(), Conformance.tol(dt), 1e-6, what);
                }
            }
        }
    }

    /** Reference adaptive pooling: windows [floor(i*in/out), ceil((i+1)*in/out)). */
    static double[] refAdaptive(long[] shape, int k, int[] osz, double[] x, long[] idx, boolean max) {
        int[] gi = geo(shape, k);
        int[] o3 = p3(osz, 1);
        double[] y = new double[gi[0] * o3[0] * o3[1] * o3[2]];
        int n = 0;
        for (int p = 0; p < gi[0]; p++)
            for (int od = 0; od < o3[0]; od++)
                for (int oh = 0; oh < o3[1]; oh++)
                    for (int ow = 0; ow < o3[2]; ow++, n++) {
                        int[] o = {od, oh, ow}, lo = new int[3], hi = new int[3];
                        for (int d = 0; d < 3; d++) {
                            lo[d] = (int) Math.floor((double) o[d] * gi[d + 1] / o3[d]);
                            hi[d] = (int) Math.ceil((double) (o[d] + 1) * gi[d + 1] / o3[d]);
                        }
                        double best = Double.NEGATIVE_INFINITY, sum = 0;
                        long bi = -1;
                        for (int a = lo[0]; a < hi[0]; a++)
                            for (int b = lo[1]; b < hi[1]; b++)
                                for (int cc = lo[2]; cc < hi[2]; cc++) {
                                    long flat = ((long) a * gi[2] + b) * gi[3] + cc;
                                    double v = x[(int) (p * (long) gi[1] * gi[2] * gi[3] + flat)];
                                    sum += v;
                                    if (bi < 0 || v > best) {
                                        best = v;
                                        bi = flat;
                                    }
                                }
                        y[n] = max ? best : sum / ((hi[0] - lo[0]) * (hi[1] - lo[1]) * (hi[2] - lo[2]));
                        if (max) idx[n] = bi;
                    }
        return y;
    }

    @Test
    void adaptivePoolsMatchTheReference() {
        Random r = new Random(13);
        for (int t = 0; t < 40; t++) {
            int k = 1 + r.nextInt(3);
            long[] shape = new long[k + 1 + r.nextInt(2)];
            for (int i = 0; i < shape.length; i++) shape[i] = 1 + r.nextInt(i < shape.length - k ? 3 : 9);
            int[] osz = new int[k];
            for (int i = 0; i < k; i++) osz[i] = 1 + r.nextInt(10);
            long[] l = Arrays.stream(osz).asLongStream().toArray();
            DType dt = t % 2 == 0 ? DType.FLOAT32 : DType.FLOAT64;
            double[] x = Conformance.roundTo(dt, data(100 + t, shape));
            int nOut = (int) (Arrays.stream(shape).limit(shape.length - k).reduce(1, (a, b) -> a * b) * Arrays.stream(osz).reduce(1, (a, b) -> a * b));
            long[] idx = new long[nOut];
            double[] refMax = refAdaptive(shape, k, osz, x, idx, true), refAvg = refAdaptive(shape, k, osz, x, new long[nOut], false);
            String what = "adaptive case " + t + " " + Arrays.toString(shape) + " -> " + Arrays.toString(osz);
            try (Scope s = Scope.open()) {
                Tensor in = Conformance.tensor(Device.CPU, dt, x, t % 3 == 0, shape);
                Conformance.assertClose(refAvg, Pooling.adaptiveAvgPool(in, k, l).toDoubleArray(), Conformance.tol(dt), 1e-6, what);
                ValuesIndices m = Pooling.adaptiveMaxPoolWithIndices(in, k, l);
                Conformance.assertClose(refMax, m.values().toDoubleArray(), 0, 0, what);
                assertArrayEquals(idx, m.indices().toLongArray(), what);
            }
        }
    }

    /** Central differences of sum(f(x) * gout) in float64, against the analytic input gradient. */
    static void checkGradient(long[] shape, double[] x, java.util.function.Function<Tensor, Tensor> f,
                              java.util.function.BiFunction<Tensor, Tensor, Tensor> backward, String what) {
        try (Scope s = Scope.open()) {
            Tensor xt = Tensor.of(x.clone(), shape);
            Tensor y = f.apply(xt);
            double[] gout = Conformance.uniform(7, (int) y.numel(), -1, 1);
            Tensor g = Tensor.of(gout, y.shape());
            double[] analytic = backward.apply(g, xt).toDoubleArray();
            double[] numeric = FiniteDifferences.vjp(v -> {
                try (Scope inner = Scope.open()) {
                    return f.apply(Tensor.of(v.clone(), shape)).toDoubleArray();
                }
            }, x.clone(), gout, 1e-6);
            Conformance.assertClose(numeric, analytic, 1e-6, 1e-7, what);
        }
    }

    @Test
    void backwardsMatchFiniteDifferences() {
        Random r = new Random(14);
        for (int t = 0; t < 12; t++) {
            boolean max = t % 2 == 0;
            Case c = randomCase(r, max);
            double[] x = data(200 + t, c.shape);   // distinct random doubles: no ties in max windows
            PoolOptions o = c.options();
            String what = (max ? "max" : "avg") + " grad case " + t + " " + c + " " + Arrays.toString(c.shape);
            if (max) {
                checkGradient(c.shape, x, in -> Pooling.maxPool(in, c.k, o),
                        (g, in) -> Pooling.maxPoolBackward(g, Pooling.maxPoolWithIndices(in, c.k, o).indices(), in.shape(), c.k), what);
            } else {
                checkGradient(c.shape, x, in -> Pooling.avgPool(in, c.k, o), (g, in) -> Pooling.avgPoolBackward(g, in.shape(), c.k, o), what);
            }
        }
        long[] shape = {2, 2, 5, 7};
        double[] x = data(300, shape);
        checkGradient(shape, x, in -> Pooling.adaptiveAvgPool2d(in, 3, 4), (g, in) -> Pooling.adaptiveAvgPoolBackward(g, in.shape(), 2), "adaptive avg");
        checkGradient(shape, x, in -> Pooling.adaptiveMaxPool2d(in, 3, 4),
                (g, in) -> Pooling.maxPoolBackward(g, Pooling.adaptiveMaxPoolWithIndices(in, 2, 3, 4).indices(), in.shape(), 2), "adaptive max");
    }

    @Test
    void emptyBatchAndNaN() {
        try (Scope s = Scope.open()) {
            Tensor e = Tensor.zeros(0, 3, 8, 8, 8);
            assertArrayEquals(new long[]{0, 3, 4, 4, 4}, Pooling.maxPool3d(e, 2).shape());
            assertArrayEquals(new long[]{0, 3, 4, 4, 4}, Pooling.avgPool3d(e, 2).shape());
            assertArrayEquals(new long[]{0, 3, 2, 2, 2}, Pooling.adaptiveAvgPool3d(e, 2).shape());
            assertArrayEquals(new long[]{0, 3, 8, 8, 8}, Pooling.avgPoolBackward(Tensor.zeros(0, 3, 4, 4, 4), e.shape(), 3, PoolOptions.of(2)).shape());
            Tensor x = Tensor.of(new float[]{1, Float.NaN, 3, 4}, 1, 1, 4);
            ValuesIndices m = Pooling.maxPool1dWithIndices(x, PoolOptions.of(4));
            assertTrue(Double.isNaN(m.values().item()));
            assertEquals(1, m.indices().itemLong());
        }
    }

    @Test
    void windowWithoutInputTapsAndThreadCounts() {
        try (Scope s = Scope.open()) {
            // kernel 2, padding 1, dilation 2 on one element: taps at -1 and 1, both outside (PyTorch gives -inf)
            Tensor x = Tensor.of(new double[]{3}, 1, 1, 1);
            ValuesIndices m = Pooling.maxPool1dWithIndices(x, PoolOptions.of(2).padding(1).dilation(2));
            assertEquals(Double.NEGATIVE_INFINITY, m.values().item());
            assertEquals(0, Pooling.maxPoolBackward(Tensor.ones(DType.FLOAT64, Device.CPU, 1, 1, 1), m.indices(), x.shape(), 1).item());
            // every kernel splits rows or planes over the workers: the results must not depend on the thread count
            Tensor v = Tensor.randn(new dev.axial.tensor.Generator(5), 3, 4, 9, 10, 11);
            int before = dev.axial.tensor.cpu.Parallel.threads();
            double[][] runs = new double[2][];
            for (int t = 0; t < 2; t++) {
                dev.axial.tensor.cpu.Parallel.setThreads(t == 0 ? 1 : 3);
                try (Scope q = Scope.open()) {
                    InterpolateOptions io = InterpolateOptions.of().scaleFactor(1.6).mode("trilinear");
                    Tensor up = Interpolation.interpolate(v, io);
                    Tensor a = Pooling.avgPool3d(v, PoolOptions.of(3).stride(1).padding(1));
                    runs[t] = Tensor.cat(0, up.flatten(), a.flatten(), Pooling.maxPool3d(v, 2).flatten(),
                            Interpolation.interpolateBackward(up, v.shape(), io).flatten(),
                            Pooling.avgPoolBackward(a, v.shape(), 3, PoolOptions.of(3).stride(1).padding(1)).flatten()).toDoubleArray();
                }
            }
            dev.axial.tensor.cpu.Parallel.setThreads(before);
            assertArrayEquals(runs[0], runs[1]);
        }
    }

    private static void assertBad(Runnable r, String... parts) {
        TensorException e = assertThrows(TensorException.class, r::run);
        for (String p : parts) assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' lacks '" + p + "'");
    }

    @Test
    void badInputNamesOpAndShapes() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(1, 2, 5, 5);
            assertBad(() -> Pooling.maxPool3d(Tensor.zeros(2, 5, 5), 2), "max_pool3d", "[2, 5, 5]", "4-D (unbatched)");
            assertBad(() -> Pooling.maxPool2d(Tensor.zeros(5), 2), "max_pool2d", "[5]");
            assertBad(() -> Pooling.maxPool2d(x, 6), "max_pool2d", "too small", "[1, 2, 5, 5]");
            assertBad(() -> Pooling.avgPool2d(x, PoolOptions.of(8).padding(1)), "avg_pool2d", "too small");
            assertBad(() -> Pooling.maxPool2d(x, PoolOptions.of(3).padding(2)), "max_pool2d", "half of kernel size", "[1, 2, 5, 5]");
            assertBad(() -> Pooling.avgPool2d(x, PoolOptions.of(2, 2, 2)), "avg_pool2d", "kernel_size");
            assertBad(() -> Pooling.maxPool2d(x, PoolOptions.of(0)), "max_pool2d", "> 0");
            assertBad(() -> Pooling.adaptiveAvgPool2d(x, 0, 3), "adaptive_avg_pool2d", "output_size", "[1, 2, 5, 5]");
            assertBad(() -> Pooling.maxPool2d(Tensor.zeros(DType.INT64, Device.CPU, 1, 1, 4, 4), 2), "max_pool2d", "int64");
            assertBad(() -> Pooling.avgPool2d(Tensor.zeros(1, 0, 4, 4), 2), "avg_pool2d", "non-empty");
            assertBad(() -> Pooling.maxPoolBackward(Tensor.zeros(1, 2, 2, 2), Tensor.full(99L, 1, 2, 2, 2), x.shape(), 2),
                    "max_pool2d_backward", "outside");
            assertBad(() -> Pooling.avgPoolBackward(Tensor.zeros(1, 2, 3, 3), x.shape(), 2, PoolOptions.of(2)), "avg_pool2d_backward",
                    "[1, 2, 2, 2]", "[1, 2, 5, 5]");
        }
    }
}
