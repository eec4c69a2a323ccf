package dev.axial.tensor.imaging;

import dev.axial.tensor.Conformance;
import dev.axial.tensor.DType;
import dev.axial.tensor.FiniteDifferences;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;
import dev.axial.tensor.cpu.Parallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Normalization against the plain double references of {@link NormRef} and against finite differences. */
class NormTest {
    private static final Device CPU = Device.CPU;

    /** Every device this machine has (Conformance) x float32, float64. */
    static Stream<Arguments> cases() {
        return Conformance.devices().flatMap(d -> Stream.of(Arguments.of(d, DType.FLOAT32), Arguments.of(d, DType.FLOAT64)));
    }

    private static double tol(DType dt) { return dt == DType.FLOAT32 ? 3e-5 : 1e-10; }

    private static Tensor t(Device dev, DType dt, double[] v, boolean strided, long... shape) { return Conformance.tensor(dev, dt, v, strided, shape); }

    private static Tensor t(Device dev, DType dt, double[] v, long... shape) { return v == null ? null : t(dev, dt, v, false, shape); }

    private static Tensor t(DType dt, double[] v, long... shape) { return t(CPU, dt, v, shape); }

    private static void close(double[] expected, Tensor actual, double tol, String what) {
        Conformance.assertClose(expected, actual.contiguous().toDoubleArray(), tol, tol, what);
    }

    private static double[] rnd(Random r, int n, double mean, double std) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = mean + std * r.nextGaussian();
        return v;
    }

    private static double[] pos(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = 0.5 + r.nextDouble();
        return v;
    }

    /** (N, C, spatial...) with N 1..3, C 1..4, 0..3 spatial dims of 1..5. */
    private static long[] shape(Random r) {
        long[] s = new long[2 + r.nextInt(4)];
        s[0] = 1 + r.nextInt(3);
        s[1] = 1 + r.nextInt(4);
        for (int i = 2; i < s.length; i++) s[i] = 1 + r.nextInt(5);
        return s;
    }

    private static int numel(long[] s) { return (int) Arrays.stream(s).reduce(1, (a, b) -> a * b); }

    // ---- forward against the references ----------------------------------------------------------------------

    @ParameterizedTest @MethodSource("cases")
    void batchNormMatchesTheReference(Device dev, DType dt) {
        Random r = new Random(11);
        for (int it = 0; it < 16; it++) {
            long[] sh = shape(r);
            int n = (int) sh[0], c = (int) sh[1], m = numel(sh), s = m / (n * c);
            boolean training = it % 3 != 2, affine = it % 2 == 0, running = !training || it % 4 != 1, strided = it % 3 == 0;
            if (training && n * s == 1) sh[0] = n = 2;
            m = numel(sh);
            double[] x = Conformance.roundTo(dt, rnd(r, m, 2, 3)), w = affine ? Conformance.roundTo(dt, pos(r, c)) : null;
            double[] b = affine ? Conformance.roundTo(dt, rnd(r, c, 0, 1)) : null;
            double[] rm = running ? Conformance.roundTo(dt, rnd(r, c, 0, 1)) : null, rv = running ? Conformance.roundTo(dt, pos(r, c)) : null;
            String what = "batchNorm " + Arrays.toString(sh) + " training=" + training + " affine=" + affine + " " + dt;
            try (Scope sc = Scope.open()) {
                Tensor tm = t(dev, dt, rm, c), tv = t(dev, dt, rv, c);
                NormResult res = Normalization.batchNorm(t(dev, dt, x, strided, sh), tm, tv, t(dev, dt, w, c), t(dev, dt, b, c), training, 0.2, 1e-5);
                double[][] ref = NormRef.batchNorm(x, n, c, s, w, b, rm, rv, training, 0.2, 1e-5);
                close(ref[0], res.output(), tol(dt), what + " y");
                close(ref[1], res.mean(), tol(dt), what + " mean");
                close(ref[2], res.invstd(), tol(dt) * 10, what + " invstd");
                if (running) {
                    close(rm, tm, tol(dt), what + " running_mean");
                    close(rv, tv, tol(dt), what + " running_var");
                }
            }
        }
    }

    @ParameterizedTest @MethodSource("cases")
    void instanceNormMatchesTheReference(Device dev, DType dt) {
        Random r = new Random(12);
        for (int it = 0; it < 12; it++) {
            long[] sh = shape(r);
            if (sh.length == 2) sh = new long[]{sh[0], sh[1], 3};
            int n = (int) sh[0], c = (int) sh[1], m = numel(sh), s = m / (n * c);
            boolean useInput = it % 3 != 2, affine = it % 2 == 0, running = !useInput || it % 4 == 0, strided = it % 3 == 1;
            double[] x = Conformance.roundTo(dt, rnd(r, m, -1, 2)), w = affine ? Conformance.roundTo(dt, pos(r, c)) : null;
            double[] b = affine ? Conformance.roundTo(dt, rnd(r, c, 0, 1)) : null;
            double[] rm = running ? Conformance.roundTo(dt, rnd(r, c, 0, 1)) : null, rv = running ? Conformance.roundTo(dt, pos(r, c)) : null;
            // reference: batch norm of the (1, N*C, S) view, running stats repeated then averaged over N
            double[] rmr = repeat(rm, n), rvr = repeat(rv, n);
            double[][] ref = NormRef.batchNorm(x, 1, n * c, s, repeat(w, n), repeat(b, n), rmr, rvr, useInput, 0.1, 1e-5);
            String what = "instanceNorm " + Arrays.toString(sh) + " useInputStats=" + useInput + " affine=" + affine + " " + dt;
            try (Scope sc = Scope.open()) {
                Tensor tm = t(dev, dt, rm, c), tv = t(dev, dt, rv, c);
                NormResult res = Normalization.instanceNorm(t(dev, dt, x, strided, sh), tm, tv, t(dev, dt, w, c), t(dev, dt, b, c), useInput, 0.1, 1e-5);
                close(ref[0], res.output(), tol(dt), what + " y");
                if (running && useInput) {
                    close(average(rmr, n, c), tm, tol(dt), what + " running_mean");
                    close(average(rvr, n, c), tv, tol(dt), what + " running_var");
                }
            }
        }
    }

    private static double[] repeat(double[] v, int n) {
        if (v == null) return null;
        double[] o = new double[v.length * n];
        for (int i = 0; i < n; i++) System.arraycopy(v, 0, o, i * v.length, v.length);
        return o;
    }

    private static double[] average(double[] v, int n, int c) {
        double[] o = new double[c];
        for (int i = 0; i < n * c; i++) o[i % c] += v[i] / n;
        return o;
    }

    @ParameterizedTest @MethodSource("cases")
    void groupAndLayerNormMatchTheReference(Device dev, DType dt) {
        Random r = new Random(13);
        for (int it = 0; it < 12; it++) {
            long[] sh = shape(r);
            int groups = 1 + r.nextInt(3);
            sh[1] = groups * (1 + r.nextInt(3));
            int n = (int) sh[0], c = (int) sh[1], m = numel(sh), s = m / (n * c);
            boolean affine = it % 2 == 0, strided = it % 3 == 0;
            double[] x = Conformance.roundTo(dt, rnd(r, m, 1, 2)), w = affine ? Conformance.roundTo(dt, pos(r, c)) : null;
            double[] b = affine ? Conformance.roundTo(dt, rnd(r, c, 0, 1)) : null;
            try (Scope sc = Scope.open()) {
                NormResult g = Normalization.groupNorm(t(dev, dt, x, strided, sh), groups, t(dev, dt, w, c), t(dev, dt, b, c), 1e-5);
                double[][] ref = NormRef.groupNorm(x, n, c, s, groups, w, b, 1e-5);
                close(ref[0], g.output(), tol(dt), "groupNorm " + Arrays.toString(sh) + " y");
                close(ref[1], g.mean(), tol(dt), "groupNorm mean");
                assertArrayEquals(new long[]{n, groups}, g.mean().shape());
                // layer norm over the last k dims
                int k = 1 + r.nextInt(sh.length - 1);
                long[] ns = Arrays.copyOfRange(sh, sh.length - k, sh.length);
                int cols = numel(ns), rows = m / cols;
                double[] lw = affine ? Conformance.roundTo(dt, pos(r, cols)) : null, lb = affine ? Conformance.roundTo(dt, rnd(r, cols, 0, 1)) : null;
                NormResult l = Normalization.layerNorm(t(dev, dt, x, strided, sh), ns, t(dev, dt, lw, ns), t(dev, dt, lb, ns), 1e-5);
                double[][] lref = NormRef.layerNorm(x, rows, cols, lw, lb, 1e-5);
                close(lref[0], l.output(), tol(dt), "layerNorm " + Arrays.toString(sh) + " over " + Arrays.toString(ns));
                close(lref[2], l.invstd(), tol(dt) * 10, "layerNorm rstd");
                assertEquals(sh.length, l.mean().dim());
            }
        }
    }

    @ParameterizedTest @MethodSource("cases")
    void localResponseNormMatchesTheReference(Device dev, DType dt) {
        Random r = new Random(14);
        for (int it = 0; it < 10; it++) {
            long[] sh = shape(r);
            if (sh.length == 2) sh = new long[]{sh[0], sh[1] + 3, 2};
            int n = (int) sh[0], c = (int) sh[1], m = numel(sh), s = m / (n * c), size = 1 + r.nextInt(5);
            double[] x = Conformance.roundTo(dt, rnd(r, m, 0, 2));
            try (Scope sc = Scope.open()) {
                Tensor y = Normalization.localResponseNorm(t(dev, dt, x, it % 2 == 0, sh), size, 0.3, 0.75, 1.5);
                close(NormRef.lrn(x, n, c, s, size, 0.3, 0.75, 1.5), y, tol(dt), "localResponseNorm " + Arrays.toString(sh) + " size " + size);
            }
        }
        // 600 spatial positions: more than one block of the kernel
        double[] x = Conformance.roundTo(dt, rnd(r, 2 * 5 * 600, 0, 2));
        try (Scope sc = Scope.open()) {
            Tensor y = Normalization.localResponseNorm(t(dev, dt, x, 2, 5, 600), 3);
            close(NormRef.lrn(x, 2, 5, 600, 3, 1e-4, 0.75, 1), y, tol(dt), "localResponseNorm blocks");
        }
    }

    // ---- float32 stability and the fast paths ----------------------------------------------------------------

    @Test
    void largeMeanFloat32IsExact() {
        // 1e4 + N(0, 1): E[x^2] - E[x]^2 in float32 loses every digit of the variance
        Random r = new Random(15);
        int n = 2, c = 3, s = 4099;
        double[] x = Conformance.roundTo(DType.FLOAT32, rnd(r, n * c * s, 1e4, 1));
        try (Scope sc = Scope.open()) {
            Tensor xt = t(DType.FLOAT32, x, n, c, s);
            double[][] bn = NormRef.batchNorm(x, n, c, s, null, null, null, null, true, 0.1, 1e-5);
            NormResult res = Normalization.batchNorm(xt, null, null, null, null, true);
            close(bn[0], res.output(), 2e-4, "batchNorm y, mean 1e4");
            close(bn[2], res.invstd(), 1e-5, "batchNorm invstd, mean 1e4");
            double[][] in = NormRef.batchNorm(x, 1, n * c, s, null, null, null, null, true, 0.1, 1e-5);
            close(in[0], Normalization.instanceNorm(xt).output(), 2e-4, "instanceNorm, mean 1e4");
            close(NormRef.groupNorm(x, n, c, s, 3, null, null, 1e-5)[0], Normalization.groupNorm(xt, 3).output(), 2e-4, "groupNorm, mean 1e4");
            close(NormRef.layerNorm(x, n * c, s, null, null, 1e-5)[0], Normalization.layerNorm(xt, s).output(), 2e-4, "layerNorm, mean 1e4");
            // backward: float32 (vector loops) against float64 (scalar loops)
            double[] gy = rnd(r, n * c * s, 0, 1);
            NormGrads g32 = Normalization.batchNormBackward(t(DType.FLOAT32, gy, n, c, s), xt, null, res.mean(), res.invstd(), true);
            // NOTE: with the same (float32-rounded) saved statistics: a mean of 1e4 stored as float32 is off by up to
            // 5e-4, which moves grad_weight by 5e-4 * sum(g) (PyTorch stores save_mean as float32 too)
            Tensor x64 = t(DType.FLOAT64, x, n, c, s);
            NormGrads g64 = Normalization.batchNormBackward(t(DType.FLOAT64, Conformance.roundTo(DType.FLOAT32, gy), n, c, s), x64, null,
                    res.mean().to(DType.FLOAT64), res.invstd().to(DType.FLOAT64), true);
            close(g64.gradInput().toDoubleArray(), g32.gradInput(), 2e-4, "batchNormBackward gx float32 vs float64");
            close(g64.gradWeight().toDoubleArray(), g32.gradWeight(), 2e-3, "batchNormBackward gw float32 vs float64");
            close(g64.gradBias().toDoubleArray(), g32.gradBias(), 2e-3, "batchNormBackward gb float32 vs float64");
            // layer norm rows of 4099 with a weight: the float32 row kernels against the float64 loops
            double[] lw = pos(r, s);
            Tensor w32 = t(DType.FLOAT32, lw, s), w64 = t(DType.FLOAT64, Conformance.roundTo(DType.FLOAT32, lw), s);
            NormResult l32 = Normalization.layerNorm(xt, new long[]{s}, w32, null, 1e-5);
            NormResult l64 = Normalization.layerNorm(x64, new long[]{s}, w64, null, 1e-5);
            close(l64.output().toDoubleArray(), l32.output(), 2e-4, "layerNorm float32 vs float64, mean 1e4");
            NormGrads lg32 = Normalization.layerNormBackward(t(DType.FLOAT32, gy, n, c, s), xt, new long[]{s}, l32.mean(), l32.invstd(), w32);
            NormGrads lg64 = Normalization.layerNormBackward(t(DType.FLOAT64, Conformance.roundTo(DType.FLOAT32, gy), n, c, s), x64, new long[]{s},
                    l32.mean().to(DType.FLOAT64), l32.invstd().to(DType.FLOAT64), w64);
            close(lg64.gradInput().toDoubleArray(), lg32.gradInput(), 2e-4, "layerNormBackward gx float32 vs float64");
            close(lg64.gradWeight().toDoubleArray(), lg32.gradWeight(), 2e-4, "layerNormBackward gw float32 vs float64");
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        int before = Parallel.threads();
        Random r = new Random(16);
        double[] x = rnd(r, 2 * 8 * 5000, 3, 2), gy = rnd(r, 2 * 8 * 5000, 0, 1);
        double[][] runs = new double[2][];
        try {
            for (int k = 0; k < 2; k++) {
                Parallel.setThreads(k == 0 ? 1 : 4);
                try (Scope sc = Scope.open()) {
                    Tensor xt = t(DType.FLOAT32, x, 2, 8, 5000), g = t(DType.FLOAT32, gy, 2, 8, 5000);
                    NormResult b = Normalization.batchNorm(xt, null, null, null, null, true);
                    NormGrads bg = Normalization.batchNormBackward(g, xt, null, b.mean(), b.invstd(), true);
                    NormResult gn = Normalization.groupNorm(xt, 4);
                    NormGrads gg = Normalization.groupNormBackward(g, xt, gn.mean(), gn.invstd(), null, 4);
                    Tensor all = Tensor.cat(0, b.output().flatten(), bg.gradInput().flatten(), bg.gradWeight(), gn.output().flatten(),
                            gg.gradInput().flatten(), gg.gradWeight(), Normalization.localResponseNorm(xt, 3).flatten());
                    runs[k] = all.toDoubleArray();
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
        assertArrayEquals(runs[0], runs[1]);
    }

    // ---- backward against finite differences (float64) ------------------------------------------------------

    /** Checks analytic[a] against central differences of sum(gy * forward(args)) in args[a], for each non-null one. */
    private static void gradcheck(String what, Function<double[][], double[]> forward, double[][] args, double[] gy, Tensor... analytic) {
        for (int a = 0; a < args.length; a++) {
            if (args[a] == null || analytic[a] == null) continue;
            int idx = a;
            double[] fd = FiniteDifferences.vjp(v -> {
                double[][] call = args.clone();
                call[idx] = v;
                return forward.apply(call);
            }, args[a], gy, 1e-6);
            Conformance.assertClose(fd, analytic[a].contiguous().toDoubleArray(), 1e-6, 1e-6, what + " grad of argument " + a);
        }
    }

    private static double[] run(Function<Tensor[], Tensor> f, double[][] args, long[]... shapes) {
        try (Scope sc = Scope.open()) {
            Tensor[] ts = new Tensor[args.length];
            for (int i = 0; i < args.length; i++) ts[i] = t(DType.FLOAT64, args[i], shapes[i]);
            return f.apply(ts).toDoubleArray();
        }
    }

    @Test
    void batchAndInstanceNormBackwardMatchFiniteDifferences() {
        Random r = new Random(17);
        long[] sh = {2, 3, 4}, c = {3};
        double[] x = rnd(r, 24, 1, 2), w = pos(r, 3), b = rnd(r, 3, 0, 1), gy = rnd(r, 24, 0, 1), rm = rnd(r, 3, 0, 1), rv = pos(r, 3);
        double[][] args = {x, w, b};
        Fwd[] fwds = {Normalization::batchNorm, Normalization::instanceNorm};
        Bwd[] bwds = {Normalization::batchNormBackward, Normalization::instanceNormBackward};
        for (int op = 0; op < 2; op++) {
            Fwd f = fwds[op];
            for (boolean training : new boolean[]{true, false}) {
                try (Scope sc = Scope.open()) {
                    Tensor xt = t(DType.FLOAT64, x, sh), wt = t(DType.FLOAT64, w, c);
                    NormResult res = f.apply(xt, t(DType.FLOAT64, rm.clone(), c), t(DType.FLOAT64, rv.clone(), c), wt, t(DType.FLOAT64, b, c), training, 0.1, 1e-5);
                    NormGrads g = bwds[op].apply(t(DType.FLOAT64, gy, sh), xt, wt, res.mean(), res.invstd(), training);
                    gradcheck((op == 0 ? "batchNorm" : "instanceNorm") + " training=" + training,
                            a -> run(ts -> f.apply(ts[0], ts[3], ts[4], ts[1], ts[2], training, 0, 1e-5).output(),
                                    new double[][]{a[0], a[1], a[2], rm, rv}, sh, c, c, c, c), args, gy, g.gradInput(), g.gradWeight(), g.gradBias());
                }
            }
        }
    }

    /** batchNorm's and instanceNorm's shared signature. */
    private interface Fwd {
        NormResult apply(Tensor x, Tensor rm, Tensor rv, Tensor w, Tensor b, boolean training, double momentum, double eps);
    }

    private interface Bwd {
        NormGrads apply(Tensor gy, Tensor x, Tensor w, Tensor mean, Tensor invstd, boolean training);
    }

    @Test
    void groupLayerAndLocalResponseNormBackwardMatchFiniteDifferences() {
        Random r = new Random(18);
        long[] sh = {2, 4, 3}, c = {4}, ns = {4, 3};
        double[] x = rnd(r, 24, 1, 2), w = pos(r, 4), b = rnd(r, 4, 0, 1), gy = rnd(r, 24, 0, 1);
        try (Scope sc = Scope.open()) {
            Tensor xt = t(DType.FLOAT64, x, sh), wt = t(DType.FLOAT64, w, c);
            NormResult res = Normalization.groupNorm(xt, 2, wt, t(DType.FLOAT64, b, c), 1e-5);
            NormGrads g = Normalization.groupNormBackward(t(DType.FLOAT64, gy, sh), xt, res.mean(), res.invstd(), wt, 2);
            gradcheck("groupNorm", a -> run(ts -> Normalization.groupNorm(ts[0], 2, ts[1], ts[2], 1e-5).output(), a, sh, c, c),
                    new double[][]{x, w, b}, gy, g.gradInput(), g.gradWeight(), g.gradBias());
        }
        double[] lw = pos(r, 12), lb = rnd(r, 12, 0, 1);
        try (Scope sc = Scope.open()) {
            Tensor xt = t(DType.FLOAT64, x, sh), wt = t(DType.FLOAT64, lw, ns);
            NormResult res = Normalization.layerNorm(xt, ns, wt, t(DType.FLOAT64, lb, ns), 1e-5);
            NormGrads g = Normalization.layerNormBackward(t(DType.FLOAT64, gy, sh), xt, ns, res.mean(), res.invstd(), wt);
            gradcheck("layerNorm", a -> run(ts -> Normalization.layerNorm(ts[0], ns, ts[1], ts[2], 1e-5).output(), a, sh, ns, ns),
                    new double[][]{x, lw, lb}, gy, g.gradInput(), g.gradWeight(), g.gradBias());
        }
        for (int size : new int[]{1, 2, 3, 6}) {
            try (Scope sc = Scope.open()) {
                Tensor xt = t(DType.FLOAT64, x, sh);
                Tensor gx = Normalization.localResponseNormBackward(t(DType.FLOAT64, gy, sh), xt, size, 0.4, 0.75, 1.2);
                gradcheck("localResponseNorm size " + size, a -> run(ts -> Normalization.localResponseNorm(ts[0], size, 0.4, 0.75, 1.2), a, sh),
                        new double[][]{x}, gy, gx);
            }
        }
    }

    @Test
    void noTemporaryOutlivesAnOp() {
        Random r = new Random(19);
        try (Scope sc = Scope.open()) {
            // non-contiguous input, running stats and weight: every contiguous copy must be freed again
            Tensor x = t(CPU, DType.FLOAT32, rnd(r, 24, 0, 1), true, 2, 3, 4), gy = t(CPU, DType.FLOAT32, rnd(r, 24, 0, 1), true, 2, 3, 4);
            Tensor rm = Tensor.zeros(3, 2).select(1, 0), rv = Tensor.ones(3, 2).select(1, 1), w = Tensor.ones(3, 2).select(1, 0);
            int before = sc.ownedCount();
            for (boolean training : new boolean[]{true, false}) {
                NormResult b = Normalization.batchNorm(x, rm, rv, w, null, training);
                closeAll(b.output(), b.mean(), b.invstd());
                NormResult in = Normalization.instanceNorm(x, rm, rv, w, null, training, 0.1, 1e-5);
                NormGrads ig = Normalization.instanceNormBackward(gy, x, w, in.mean(), in.invstd(), training);
                closeAll(in.output(), in.mean(), in.invstd(), ig.gradInput(), ig.gradWeight(), ig.gradBias());
            }
            NormResult g = Normalization.groupNorm(x, 3, w, null, 1e-5);
            NormGrads gg = Normalization.groupNormBackward(gy, x, g.mean(), g.invstd(), w, 3);
            closeAll(g.output(), g.mean(), g.invstd(), gg.gradInput(), gg.gradWeight(), gg.gradBias());
            closeAll(Normalization.localResponseNorm(x, 2), Normalization.localResponseNormBackward(gy, x, 2, 1e-4, 0.75, 1));
            assertEquals(before, sc.ownedCount());
        }
    }

    @Test
    void stridedRunningStatsAreUpdatedInPlace() {
        try (Scope sc = Scope.open()) {
            Tensor x = t(DType.FLOAT32, rnd(new Random(20), 24, 1, 1), 2, 3, 4);
            Tensor rm = Tensor.zeros(3, 2).select(1, 1), rv = Tensor.ones(3, 2).select(1, 0);
            Tensor cm = Tensor.zeros(3), cv = Tensor.ones(3);
            Normalization.batchNorm(x, rm, rv, null, null, true);
            Normalization.batchNorm(x, cm, cv, null, null, true);
            assertArrayEquals(cm.toDoubleArray(), rm.toDoubleArray());
            assertArrayEquals(cv.toDoubleArray(), rv.toDoubleArray());
            assertTrue(cm.abs().sum().item() > 0);
        }
    }

    private static void closeAll(Tensor... ts) { for (Tensor t : ts) t.close(); }

    // ---- edges and bad input ---------------------------------------------------------------------------------

    @Test
    void emptyBatchesWork() {
        try (Scope sc = Scope.open()) {
            Tensor x = Tensor.empty(0, 3, 4), g = Tensor.empty(0, 3, 4), rm = Tensor.zeros(3), rv = Tensor.ones(3);
            NormResult b = Normalization.batchNorm(x, rm, rv, Tensor.ones(3), Tensor.zeros(3), true);
            assertArrayEquals(new long[]{0, 3, 4}, b.output().shape());
            assertArrayEquals(new double[]{1, 1, 1}, rv.toDoubleArray());
            NormGrads bg = Normalization.batchNormBackward(g, x, null, b.mean(), b.invstd(), true);
            assertArrayEquals(new double[]{0, 0, 0}, bg.gradWeight().toDoubleArray());
            assertEquals(0, Normalization.instanceNorm(x).output().numel());
            NormResult gn = Normalization.groupNorm(x, 3);
            assertEquals(0, Normalization.groupNormBackward(g, x, gn.mean(), gn.invstd(), null, 3).gradInput().numel());
            NormResult ln = Normalization.layerNorm(x, 4);
            assertEquals(0, Normalization.layerNormBackward(g, x, new long[]{4}, ln.mean(), ln.invstd(), null).gradInput().numel());
            assertEquals(0, Normalization.localResponseNorm(x, 2).numel());
            assertEquals(0, Normalization.localResponseNormBackward(g, x, 2, 1e-4, 0.75, 1).numel());
        }
    }

    private static void bad(String op, String fragment, Runnable r) {
        TensorException e = assertThrows(TensorException.class, r::run);
        assertTrue(e.getMessage().startsWith(op + ":"), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void badInputNamesTheOpAndShapes() {
        try (Scope sc = Scope.open()) {
            Tensor x = Tensor.zeros(2, 3, 4);
            bad("batchNorm", "running_mean should contain 3 elements not 4", () -> Normalization.batchNorm(x, Tensor.zeros(4), Tensor.ones(4), null, null, true));
            bad("batchNorm", "float32[2, 3, 4]", () -> Normalization.batchNorm(x, null, null, Tensor.ones(2), null, true));
            bad("batchNorm", "Expected more than 1 value per channel when training, got input size [1, 3]",
                    () -> Normalization.batchNorm(Tensor.zeros(1, 3), null, null, null, null, true));
            bad("batchNorm", "running_mean and running_var must be defined", () -> Normalization.batchNorm(x, null, null, null, null, false));
            bad("batchNorm", "float32 or float64", () -> Normalization.batchNorm(Tensor.zeros(DType.INT32, CPU, 2, 3), null, null, null, null, true));
            bad("batchNorm", "dtype", () -> Normalization.batchNorm(x, Tensor.zeros(DType.FLOAT64, CPU, 3), null, null, null, true));
            bad("batchNorm", "rank >= 2", () -> Normalization.batchNorm(Tensor.zeros(3), null, null, null, null, true));
            bad("instanceNorm", "Expected more than 1 spatial element when training, got input size [2, 3, 1]",
                    () -> Normalization.instanceNorm(Tensor.zeros(2, 3, 1)));
            bad("groupNorm", "divisible by num_groups, but got input of shape [2, 3, 4] and num_groups=2", () -> Normalization.groupNorm(x, 2));
            bad("groupNorm", "weight should contain 3 elements", () -> Normalization.groupNorm(x, 3, Tensor.ones(6), null, 1e-5));
            bad("layerNorm", "Given normalized_shape=[3], expected input with shape [*, 3], but got input of size [2, 3, 4]",
                    () -> Normalization.layerNorm(x, 3));
            bad("layerNorm", "same shape as normalized_shape", () -> Normalization.layerNorm(x, new long[]{4}, Tensor.ones(3), null, 1e-5));
            bad("localResponseNorm", "Expected 3D or higher dimensionality input (got 2 dimensions)", () -> Normalization.localResponseNorm(Tensor.zeros(2, 3), 2));
            bad("batchNormBackward", "gradOut must have the input's shape",
                    () -> Normalization.batchNormBackward(Tensor.zeros(2, 3, 5), x, null, Tensor.zeros(3), Tensor.ones(3), true));
        }
    }
}
