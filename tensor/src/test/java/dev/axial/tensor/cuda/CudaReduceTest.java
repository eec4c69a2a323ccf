package dev.axial.tensor.cuda;

import dev.axial.tensor.Backends;
import dev.axial.tensor.Conformance;
import dev.axial.tensor.DType;
import dev.axial.tensor.FlippedView;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * CudaReduce against the CPU backend on the same inputs: every reduction x float32/float64/int32/bool, on
 * contiguous, permuted, flipped and broadcast views, reduced dims inner, outer and mixed (the block, warp and
 * per-thread paths), rows long enough to take the two-pass (split) path; max/min with index; scans; softmax.
 */
class CudaReduceTest {
    private static final Device GPU = Device.cuda(0);
    private static final DType[] TYPES = {DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.BOOL};

    @BeforeAll
    static void cuda() { assumeTrue(Backends.isAvailable(GPU), "no CUDA backend (emulator or GPU)"); }

    /** Values with ties, zeros, negatives; a few NaN for floating types when nan is set. */
    private static double[] values(long seed, int n, DType t, boolean nan) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = t == DType.BOOL ? r.nextInt(4) == 0 ? 0 : 1 : r.nextInt(9) - 4 + (t.isFloatingPoint() ? r.nextDouble() : 0);
            if (nan && t.isFloatingPoint() && r.nextInt(50) == 0) v[i] = Double.NaN;
        }
        return v;
    }

    /** The views tested: contiguous, transposed (last two dims), flipped, permuted. */
    private static Tensor view(Tensor t, int kind) {
        int r = t.dim();
        return switch (kind) {
            case 0 -> t;
            case 1 -> r >= 2 ? t.transpose(r - 2, r - 1) : t;
            case 2 -> FlippedView.of(t, 0);
            default -> {
                int[] p = new int[r];
                for (int i = 0; i < r; i++) p[i] = r - 1 - i;
                yield t.permute(p);
            }
        };
    }

    private static void same(Tensor cpu, Tensor gpu, String what) {
        assertArrayEquals(cpu.shape(), gpu.shape(), what + ": shape");
        org.junit.jupiter.api.Assertions.assertEquals(cpu.dtype(), gpu.dtype(), what + ": dtype");
        double[] e = cpu.toDoubleArray(), a = gpu.to(Device.CPU).toDoubleArray();
        double tol = Conformance.tol(cpu.dtype());
        Conformance.assertClose(e, a, tol * 4, tol * 4, what);
    }

    /** op on the CPU tensor and on its CUDA copy (same view), compared. */
    private static void check(Tensor host, int kind, Function<Tensor, Tensor> op, String what) {
        try (Scope s = Scope.open()) {
            Tensor dev = host.to(GPU);
            same(op.apply(view(host, kind)), op.apply(view(dev, kind)), what + " view " + kind);
        }
    }

    private static final long[][] SHAPES = {{7}, {3, 5}, {4, 33, 6}, {5, 1, 300}};

    @Test
    void everyReductionEveryDtypeAndView() {
        int seed = 0;
        for (long[] shape : SHAPES) {
            int n = 1;
            for (long d : shape) n *= (int) d;
            for (DType t : TYPES) {
                try (Scope s = Scope.open()) {
                    Tensor x = Conformance.tensor(Device.CPU, t, values(seed++, n, t, true), shape);
                    int r = shape.length;
                    int[][] dimSets = r == 1 ? new int[][]{{0}} : r == 2 ? new int[][]{{0}, {1}, {0, 1}}
                            : new int[][]{{0}, {2}, {0, 2}, {1, 2}, {0, 1, 2}};
                    for (int j = 0; j < dimSets.length; j++) {
                        int[] ds = dimSets[j];
                        int kind = (seed + j) % 4;   // each dim set on one of the views, rotating (the emulator is slow)
                        String w = t + " " + java.util.Arrays.toString(shape) + " dims " + java.util.Arrays.toString(ds);
                        check(x, kind, v -> v.sum(ds, true), "sum " + w);
                        check(x, kind, v -> v.amax(ds, false), "amax " + w);
                        check(x, kind, v -> v.amin(ds, false), "amin " + w);
                        check(x, kind, v -> v.all(ds, false), "all " + w);
                        check(x, kind, v -> v.any(ds, false), "any " + w);
                        check(x, kind, v -> v.countNonzero(ds), "count_nonzero " + w);
                        check(x, kind, v -> v.logsumexp(ds, false), "logsumexp " + w);
                        check(x, kind, v -> v.nansum(ds, false), "nansum " + w);
                        if (ds.length == 1) check(x, kind, v -> v.prod(ds[0], false), "prod " + w);
                        if (!t.isFloatingPoint()) continue;
                        check(x, kind, v -> v.mean(ds, false), "mean " + w);
                        check(x, kind, v -> v.nanmean(ds, false), "nanmean " + w);
                        check(x, kind, v -> v.var(ds, 1, false), "var " + w);
                        check(x, kind, v -> v.std(ds, 0, true), "std " + w);
                        for (double p : new double[]{1, 2, 0, 3, 0.5, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
                            check(x, kind, v -> v.norm(p, ds, false), "norm " + p + " " + w);
                    }
                }
            }
        }
    }

    @Test
    void longRowsTakeTheSplitPath() {
        // full reductions and long columns: few outputs, so each output's reduction is split and merged
        for (DType t : new DType[]{DType.FLOAT32, DType.FLOAT64, DType.INT32}) {
            try (Scope s = Scope.open()) {
                int n = 150_000;
                Tensor flat = Conformance.tensor(Device.CPU, t, values(42, n, t, false), n);
                Tensor cols = flat.reshape(50_000, 3);
                for (int kind : new int[]{0, 2}) {
                    check(flat, kind, v -> v.sum(new int[]{0}, false), "sum " + t);
                    check(flat, kind, v -> v.amax(new int[]{0}, false), "amax " + t);
                    check(flat, kind, v -> v.countNonzero(0), "count " + t);
                    check(cols, kind, v -> v.sum(new int[]{0}, false), "column sum " + t);
                    check(cols, kind, v -> v.amin(new int[]{0}, false), "column amin " + t);
                    check(flat, kind, v -> v.argmax(0, false), "argmax " + t);
                    check(cols, kind, v -> v.argmin(0, false), "column argmin " + t);
                    if (!t.isFloatingPoint()) continue;
                    check(flat, kind, v -> v.mean(new int[]{0}, false), "mean " + t);
                    check(flat, kind, v -> v.var(new int[]{0}, 1, false), "var " + t);
                    check(cols, kind, v -> v.std(new int[]{0}, 1, false), "column std " + t);
                    check(flat, kind, v -> v.logsumexp(new int[]{0}, false), "logsumexp " + t);
                    check(flat, kind, v -> v.norm(2, new int[]{0}, false), "norm " + t);
                }
            }
        }
    }

    @Test
    void floatSumsCoverEveryElementAtAnyAlignment() {
        // float32 sums load float4s between the run's 16-byte boundaries: runs starting 0-3 floats past one, with
        // 0-3 left over, on every group size (1 thread, a warp, a block) and split into chunks. Integer values keep
        // every sum exact, so one element missed or read twice changes the result.
        int n = 150_011;
        double[] v = new double[n];
        Random r = new Random(5);
        for (int i = 0; i < n; i++) v[i] = r.nextInt(2001) - 1000;
        try (Scope s = Scope.open()) {
            Tensor host = Conformance.tensor(Device.CPU, DType.FLOAT32, v, n);
            Tensor dev = host.to(GPU);
            for (int off = 0; off < 4; off++) {
                for (long len : new long[]{1, 3, 7, 37, 1029, 150_000}) {
                    Tensor h = host.narrow(0, off, len), d = dev.narrow(0, off, len);
                    String w = "offset " + off + ", " + len + " floats";
                    exact(h.sum(new int[]{0}, false), d.sum(new int[]{0}, false), "sum " + w);
                    exact(h.mean(new int[]{0}, false), d.mean(new int[]{0}, false), "mean " + w);
                }
                for (long[] rc : new long[][]{{9, 21}, {40, 130}, {7, 2051}, {3, 40_001}}) {   // rows each at its own alignment
                    long len = rc[0] * rc[1];
                    Tensor h = host.narrow(0, off, len).reshape(rc[0], rc[1]), d = dev.narrow(0, off, len).reshape(rc[0], rc[1]);
                    String w = "offset " + off + ", rows " + java.util.Arrays.toString(rc);
                    exact(h.sum(new int[]{1}, false), d.sum(new int[]{1}, false), "row sums " + w);
                    exact(h.sum(new int[]{0, 1}, false), d.sum(new int[]{0, 1}, false), "total " + w);
                }
                Tensor h4 = host.narrow(0, off, 6 * 5 * 7 * 11).reshape(6, 5, 7, 11);   // a bias gradient's dims {0, 2, 3}
                Tensor d4 = dev.narrow(0, off, 6 * 5 * 7 * 11).reshape(6, 5, 7, 11);
                exact(h4.sum(new int[]{0, 2, 3}, false), d4.sum(new int[]{0, 2, 3}, false), "bias-style sum, offset " + off);
            }
        }
    }

    private static void exact(Tensor cpu, Tensor gpu, String what) {
        assertArrayEquals(cpu.toDoubleArray(), gpu.to(Device.CPU).toDoubleArray(), 0.0, what);
    }

    @Test
    void batchNormStyleReductionsWalkRows() {
        // dims {0, 2, 3} of NCHW: two reduced runs (N, H*W) walked row by row, split when there are few channels
        for (long[] shape : new long[][]{{4, 3, 5, 8}, {8, 2, 30, 40}}) {
            try (Scope s = Scope.open()) {
                int n = (int) (shape[0] * shape[1] * shape[2] * shape[3]);
                Tensor x = Conformance.tensor(Device.CPU, DType.FLOAT32, values(9, n, DType.FLOAT32, false), shape);
                int[] ds = {0, 2, 3};
                String w = java.util.Arrays.toString(shape);
                check(x, 0, v -> v.sum(ds, true), "sum " + w);
                check(x, 0, v -> v.var(ds, 0, true), "var " + w);
                check(x, 1, v -> v.mean(ds, true), "mean, transposed " + w);
                check(x, 0, v -> v.amax(ds, false), "amax " + w);
            }
        }
    }

    @Test
    void longScansAreSplitIntoChunks() {
        // one or two long lines: chunk totals, their prefixes, each chunk again from its prefix
        try (Scope s = Scope.open()) {
            int n = 20_000;
            Tensor f = Conformance.tensor(Device.CPU, DType.FLOAT64, values(5, n, DType.FLOAT64, false), n);
            Tensor i = Conformance.tensor(Device.CPU, DType.INT32, values(6, n, DType.INT32, false), 2, n / 2);
            check(f, 0, v -> v.cumsum(0), "long cumsum");
            check(f, 2, v -> v.logcumsumexp(0), "long logcumsumexp, flipped");
            check(i, 0, v -> v.cummax(1).indices(), "long cummax indices");
            check(i, 2, v -> v.cumsum(1), "long int cumsum");
        }
    }

    @Test
    void nanAndEmptyRules() {
        try (Scope s = Scope.open()) {
            double nan = Double.NaN, inf = Double.POSITIVE_INFINITY;
            Tensor x = Conformance.tensor(Device.CPU, DType.FLOAT32, new double[]{1, nan, 3, nan, -inf, 2, inf, 0, 5, 5, 5, nan}, 3, 4);
            for (int d = 0; d < 2; d++) {
                int[] ds = {d};
                int dd = d;
                check(x, 0, v -> v.amax(ds, false), "amax nan");
                check(x, 0, v -> v.amin(ds, false), "amin nan");
                check(x, 0, v -> v.argmax(dd, false), "argmax nan");
                check(x, 0, v -> v.argmin(dd, false), "argmin nan");
                check(x, 0, v -> v.logsumexp(ds, false), "logsumexp nan/inf");
                check(x, 0, v -> v.nanmean(ds, false), "nanmean");
                check(x, 0, v -> v.cummax(dd).values(), "cummax nan");
                check(x, 0, v -> v.cummax(dd).indices(), "cummax nan indices");
                check(x, 0, v -> v.cummin(dd).indices(), "cummin nan indices");
                check(x, 0, v -> v.logcumsumexp(dd), "logcumsumexp");
            }
            Tensor e = Tensor.zeros(DType.FLOAT64, Device.CPU, 3, 0);
            check(e, 0, v -> v.sum(new int[]{1}, false), "empty sum");
            check(e, 0, v -> v.mean(new int[]{1}, false), "empty mean");
            check(e, 0, v -> v.prod(1, false), "empty prod");
            check(e, 0, v -> v.var(new int[]{1}, 1, false), "empty var");
            check(e, 0, v -> v.logsumexp(new int[]{1}, false), "empty logsumexp");
            check(e, 0, v -> v.nanmean(new int[]{1}, false), "empty nanmean");
            Tensor ties = Conformance.tensor(Device.CPU, DType.INT32, new double[]{2, 7, 7, 1, 7, 1}, 6);
            check(ties, 0, v -> v.argmax(0, false), "argmax first of ties");
            check(ties, 0, v -> v.argmin(0, false), "argmin first of ties");
            check(ties, 0, v -> v.cummax(0).indices(), "cummax latest of ties");
            Tensor big = Conformance.tensor(Device.CPU, DType.INT64, new double[]{0}, 1).add(1099511627779L).expand(64);
            check(big, 0, v -> v.prod(0, false), "int64 prod wraps");
        }
    }

    @Test
    void scansAndSoftmax() {
        int seed = 100;
        for (long[] shape : new long[][]{{5}, {3, 7}, {4, 300}, {300, 4}, {2, 3, 90}}) {
            int n = 1;
            for (long d : shape) n *= (int) d;
            for (DType t : TYPES) {
                try (Scope s = Scope.open()) {
                    Tensor x = Conformance.tensor(Device.CPU, t, values(seed++, n, t, false), shape);
                    for (int d = 0; d < shape.length; d++) {
                        int dd = d, kind = (seed + d) % 4;   // rotating views (the emulator is slow)
                        String w = t + " " + java.util.Arrays.toString(shape) + " dim " + d;
                        check(x, kind, v -> v.cumsum(dd), "cumsum " + w);
                        check(x, kind, v -> v.cummax(dd).values(), "cummax " + w);
                        check(x, kind, v -> v.cummax(dd).indices(), "cummax indices " + w);
                        check(x, kind, v -> v.cummin(dd).indices(), "cummin indices " + w);
                        check(x, kind, v -> v.max(dd).indices(), "max indices " + w);
                        check(x, kind, v -> v.min(dd).values(), "min values " + w);
                        if (t == DType.BOOL) continue;
                        if (shape[dd] <= 7) check(x, kind, v -> v.cumprod(dd), "cumprod " + w);
                        if (!t.isFloatingPoint()) continue;
                        check(x, kind, v -> v.logcumsumexp(dd), "logcumsumexp " + w);
                        check(x, kind, v -> v.softmax(dd), "softmax " + w);
                        check(x, kind, v -> v.logSoftmax(dd), "log_softmax " + w);
                    }
                }
            }
        }
        try (Scope s = Scope.open()) {   // a long softmax row: one block per row
            Tensor x = Conformance.tensor(Device.CPU, DType.FLOAT32, values(7, 2 * 5000, DType.FLOAT32, false), 2, 5000);
            check(x, 0, v -> v.softmax(1), "softmax long rows");
            check(x, 1, v -> v.logSoftmax(0), "log_softmax long columns");
        }
    }
}
