package dev.axial.tensor.cuda;

import dev.axial.tensor.DType;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;
import dev.axial.tensor.spi.ReduceOp;
import dev.axial.tensor.spi.ScanOp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Reductions, max/min with index, scans and softmax on CUDA (kernels/reduce.cu). Every op is mapped to
 * (outer kept positions) x (inner reduced positions): kept dims and reduced dims are each sorted by
 * stride and coalesced, so any strided input (permuted, flipped, broadcast) becomes at most a few dims.
 * A group of threads computes one output: 1 thread when the reduced elements are strided (adjacent
 * threads then read adjacent outputs), a warp or a block when they are a unit-stride run (the group
 * reads it together). When there are too few outputs to fill the GPU, each output's reduction is split
 * into chunks (partial states in scratch memory), merged in chunk order by a second kernel: a full
 * reduction of a large tensor runs on every SM, each thread reading a long coalesced run.
 * Semantics are the CPU backend's: floating values accumulate in double, integral sums, products and
 * extremes in int64, NaN propagates through max/min and is the extreme of argmax/argmin.
 */
final class CudaReduce {
    private CudaReduce() {}

    static final String FAMILY = "reduce";
    private static final int BLOCK = 256;
    /** Bytes of one partial state (struct St: three doubles, two int64). */
    private static final int STATE_BYTES = 40;
    /** Longs of one scan chunk state (struct Sc: a double, two int64). */
    private static final int SCAN_STATE_LONGS = 3;
    /** Fewest elements per chunk when a long line is split. */
    private static final long SCAN_CHUNK = 4096;

    // kernel kinds: kernels/reduce.cu's K_* enum, in order
    static final int K_SUM = 0, K_SUML = 1, K_PROD = 2, K_PRODL = 3, K_MAX = 4, K_MIN = 5, K_MAXL = 6, K_MINL = 7,
            K_ALL = 8, K_ANY = 9, K_COUNT = 10, K_MAXABS = 11, K_MINABS = 12, K_POW = 13, K_VAR = 14, K_LSE = 15,
            K_NANSUM = 16, K_ARGMAX = 17, K_ARGMIN = 18, K_ARGMAXL = 19, K_ARGMINL = 20;
    static final int FIN_NONE = 0, FIN_MEAN = 1, FIN_SQRT = 2;
    // scan kinds: reduce.cu's S_* enum
    static final int S_SUM = 0, S_SUML = 1, S_PROD = 2, S_PRODL = 3, S_MAX = 4, S_MIN = 5, S_MAXL = 6, S_MINL = 7, S_LSE = 8;

    // ---- geometry ---------------------------------------------------------------------------------

    /** One dim of a launch: its size and one stride per operand. */
    private record Dim(long size, long[] strides) {}

    /**
     * Dims sorted by the first operand's |stride|, outermost first, size-1 dims dropped, adjacent dims merged
     * where every operand allows it. The order of enumeration is free: each operand's offset comes from its own strides.
     */
    private static List<Dim> coalesce(List<Dim> dims) {
        List<Dim> sorted = new ArrayList<>();
        for (Dim d : dims) if (d.size != 1) sorted.add(d);
        sorted.sort(Comparator.comparingLong((Dim d) -> Math.abs(d.strides[0])).reversed());
        List<Dim> out = new ArrayList<>();
        for (Dim d : sorted) {
            if (!out.isEmpty()) {
                Dim p = out.getLast();
                boolean merge = true;
                for (int k = 0; k < d.strides.length; k++) merge &= p.strides[k] == d.strides[k] * d.size;
                if (merge) {
                    out.set(out.size() - 1, new Dim(p.size * d.size, d.strides.clone()));
                    continue;
                }
            }
            out.add(d);
        }
        return out;
    }

    /** Kept dims (strides of in, then each output) and reduced dims (in's strides) of a reduction of in over red. */
    private record Geom(long[] keptSizes, long[][] kept, long[] redSizes, long[] redStrides, long outer, long inner) {
        static Geom of(String op, Tensor in, boolean[] red, Tensor... outs) {
            long[] shape = in.shape(), st = in.strides();
            List<Dim> kept = new ArrayList<>(), reduced = new ArrayList<>();
            boolean empty = false;
            for (int d = 0; d < shape.length; d++) {
                if (red[d]) {
                    if (shape[d] == 0) empty = true;
                    reduced.add(new Dim(shape[d], new long[]{st[d]}));
                    continue;
                }
                long[] s = new long[1 + outs.length];
                s[0] = st[d];
                for (int k = 0; k < outs.length; k++) s[k + 1] = outs[k].strides()[d];
                kept.add(new Dim(shape[d], s));
            }
            List<Dim> k = coalesce(kept), r = empty ? List.of(new Dim(0, new long[]{1})) : coalesce(reduced);
            if (k.size() > 8 || r.size() > 8)
                throw new IllegalArgumentException(op + " on cuda: a tensor of shape " + Arrays.toString(shape) + " and strides "
                        + Arrays.toString(st) + " has more than 8 dims after merging (dtype " + in.dtype() + ", device " + in.device() + ")");
            long[] ks = new long[k.size()];
            long[][] kst = new long[1 + outs.length][k.size()];
            long outer = 1;
            for (int i = 0; i < ks.length; i++) {
                ks[i] = k.get(i).size;
                outer *= ks[i];
                for (int j = 0; j < kst.length; j++) kst[j][i] = k.get(i).strides[j];
            }
            long[] rs = new long[r.size()], rst = new long[r.size()];
            long inner = 1;
            for (int i = 0; i < rs.length; i++) {
                rs[i] = r.get(i).size;
                rst[i] = r.get(i).strides[0];
                inner *= rs[i];
            }
            return new Geom(ks, kst, rs, rst, outer, inner);
        }

        /** True when each output's reduced elements end in a unit-stride run (a group can read it coalesced). */
        boolean unitInner() { return redSizes.length > 0 && Math.abs(redStrides[redStrides.length - 1]) == 1; }
    }

    private static long ceilDiv(long a, long b) { return (a + b - 1) / b; }

    /** Threads the GPU holds at once: what a launch needs to keep every SM busy. */
    private static long targetThreads(CudaContext ctx) { return ctx.multiProcessorCount() * 2048L; }

    // ---- reduce -----------------------------------------------------------------------------------

    static void reduce(CudaContext ctx, ReduceOp op, Tensor out, Tensor in, int[] dims, double param) {
        if (out.numel() == 0) return;
        boolean fp = in.dtype().isFloatingPoint();
        int fin = switch (op) {
            case MEAN, NANMEAN -> FIN_MEAN;
            case STD -> FIN_SQRT;
            default -> FIN_NONE;
        };
        int kind = switch (op) {
            case SUM, NANSUM -> fp ? (op == ReduceOp.SUM ? K_SUM : K_NANSUM) : K_SUML;
            case MEAN -> K_SUM;
            case NANMEAN -> K_NANSUM;
            case PROD -> fp ? K_PROD : K_PRODL;
            case AMAX -> fp ? K_MAX : K_MAXL;
            case AMIN -> fp ? K_MIN : K_MINL;
            case ALL -> K_ALL;
            case ANY -> K_ANY;
            case COUNT_NONZERO -> K_COUNT;
            case VAR, STD -> K_VAR;
            case LOGSUMEXP -> K_LSE;
            case NORM -> param == Double.POSITIVE_INFINITY ? K_MAXABS : param == Double.NEGATIVE_INFINITY ? K_MINABS
                    : param == 0 ? K_COUNT : K_POW;
        };
        if (!fp && (op == ReduceOp.MEAN || op == ReduceOp.NANMEAN || op == ReduceOp.VAR || op == ReduceOp.STD || op == ReduceOp.NORM))
            throw TensorException.of(op.opName(), "the CUDA backend reduces " + op.opName() + " of floating inputs only, got "
                    + in.dtype() + " on " + in.device(), in);
        boolean[] red = new boolean[in.dim()];
        for (int d : dims) red[d] = true;
        run(ctx, op.opName(), kind, fin, param, out, null, in, red);
    }

    static void argReduce(CudaContext ctx, boolean max, Tensor values, Tensor indices, Tensor in, int dim) {
        if (values.numel() == 0) return;
        boolean fp = in.dtype().isFloatingPoint();
        int kind = fp ? (max ? K_ARGMAX : K_ARGMIN) : (max ? K_ARGMAXL : K_ARGMINL);
        boolean[] red = new boolean[in.dim()];
        red[dim] = true;
        run(ctx, max ? "max" : "min", kind, FIN_NONE, 0, values, indices, in, red);
    }

    private static void run(CudaContext ctx, String name, int kind, int fin, double param, Tensor out, Tensor out2, Tensor in, boolean[] red) {
        Geom g = out2 == null ? Geom.of(name, in, red, out) : Geom.of(name, in, red, out, out2);
        long outer = g.outer, inner = g.inner, target = targetThreads(ctx);
        // the innermost reduced dim's run: a group reads it together when it has unit stride
        long run = g.redSizes.length == 0 ? 1 : g.redSizes[g.redSizes.length - 1];
        boolean row = g.unitInner() && run >= 16;
        int group = !row ? 1 : run >= 1024 || (outer * 32 < target && run >= 128) ? BLOCK : 32;
        long minChunk = group == 1 ? 256 : group * 16L;
        long nsplit = 1;
        if (outer * group < target && inner >= 2 * minChunk)
            nsplit = Math.min(ceilDiv(target, outer * group), ceilDiv(inner, minChunk));
        // chunks need not hold whole rows (the kernel walks a chunk's pieces of rows): rounding them up to rows left
        // a conv bias gradient (8 x 16 x 48³ summed to 16) 128 groups for 132 SMs, 0.8 ms against PyTorch's 0.05
        long chunk = Math.max(1, ceilDiv(inner, nsplit));
        nsplit = Math.max(1, ceilDiv(inner, chunk));
        try (Scope s = Scope.open()) {
            Tensor part = nsplit > 1 ? Tensor.empty(DType.FLOAT64, in.device(), ceilDiv(outer * nsplit * STATE_BYTES, 8)) : null;
            long partAddr = part == null ? 0 : CudaStorage.address(part);
            long items = outer * nsplit;
            KernelArgs args = reduceArgs(g, kind, fin, param, out, out2, in, partAddr, chunk, nsplit, group);
            // float32 sums and means get the kernel compiled for the sum alone: 62 registers against reduce_f32's 80
            // (ptxas -v, sm_90), so 4 blocks of 256 per SM instead of 3
            String kernel = kind == K_SUM && in.dtype() == DType.FLOAT32 ? "reduce_sum_f32" : "reduce_" + CudaDTypes.suffix(in.dtype());
            ctx.launch(FAMILY, kernel, ctx.gridFor(items * group, BLOCK), BLOCK, 0, args);
            if (nsplit > 1) {
                KernelArgs margs = reduceArgs(g, kind, fin, param, out, out2, in, partAddr, chunk, nsplit, 32);
                ctx.launch(FAMILY, "reduce_merge", ctx.gridFor(outer * 32, BLOCK), BLOCK, 0, margs);
            }
        }
    }

    private static KernelArgs reduceArgs(Geom g, int kind, int fin, double param, Tensor out, Tensor out2, Tensor in,
                                         long partAddr, long chunk, long nsplit, int group) {
        long[] ks = g.keptSizes;
        int kn = ks.length, rn = g.redSizes.length;
        return new KernelArgs()
                .ptr(CudaStorage.address(out))
                .ptr(out2 == null ? 0 : CudaStorage.address(out2))
                .ptr(g.inner == 0 ? 0 : CudaStorage.address(in))
                .ptr(partAddr)
                .i64(g.outer).i64(g.inner).i64(chunk).i64(nsplit)
                .f64(param)
                .i64s(ks, KernelArgs.MAX_DIMS).i64s(g.kept[0], KernelArgs.MAX_DIMS).i64s(g.kept[1], KernelArgs.MAX_DIMS).i64s(out2 == null ? g.kept[1] : g.kept[2], KernelArgs.MAX_DIMS)
                .i64s(g.redSizes, KernelArgs.MAX_DIMS).i64s(g.redStrides, KernelArgs.MAX_DIMS)
                .i32(kn).i32(rn)
                .i32(kind).i32(fin)
                .i32(out.dtype().ordinal())
                .i32(group);
    }

    // ---- scan -------------------------------------------------------------------------------------

    static void scan(CudaContext ctx, ScanOp op, Tensor out, Tensor indices, Tensor in, int dim) {
        if (out.numel() == 0) return;
        boolean asLong = !out.dtype().isFloatingPoint() && !in.dtype().isFloatingPoint();
        boolean fp = in.dtype().isFloatingPoint();
        int kind = switch (op) {
            case CUMSUM -> asLong ? S_SUML : S_SUM;
            case CUMPROD -> asLong ? S_PRODL : S_PROD;
            case CUMMAX -> fp ? S_MAX : S_MAXL;
            case CUMMIN -> fp ? S_MIN : S_MINL;
            case LOGCUMSUMEXP -> S_LSE;
        };
        if ((op == ScanOp.CUMMAX || op == ScanOp.CUMMIN) && indices == null)
            throw new IllegalArgumentException(op.opName() + " on cuda: indices are required (input " + in + ")");
        Tensor ix = indices == null ? out : indices;
        boolean[] line = new boolean[in.dim()];
        line[dim] = true;
        Geom g = Geom.of(op.opName(), in, line, out, ix);
        long n = in.shape()[dim], lines = g.outer;
        long target = targetThreads(ctx);
        int group = n >= 64 && (in.strides()[dim] == 1 || lines * 4 < target) ? BLOCK : 1;
        // few long lines: each cut into chunks (totals, their prefixes, then each chunk from its prefix)
        long nchunks = group == BLOCK && lines * BLOCK < target && n >= 2L * SCAN_CHUNK
                ? Math.min(ceilDiv(target, lines * BLOCK), ceilDiv(n, SCAN_CHUNK)) : 1;
        long chunk = ceilDiv(n, nchunks), chunks = ceilDiv(n, chunk);
        String kernel = "scan_" + CudaDTypes.suffix(in.dtype());
        try (Scope s = Scope.open()) {
            long part = chunks == 1 ? 0 : CudaStorage.address(Tensor.empty(DType.INT64, in.device(), lines * chunks * SCAN_STATE_LONGS));
            IntFunction<KernelArgs> args = phase -> new KernelArgs()
                    .ptr(CudaStorage.address(out))
                    .ptr(indices == null ? 0 : CudaStorage.address(indices))
                    .ptr(CudaStorage.address(in))
                    .ptr(part)
                    .i64(lines).i64(n)
                    .i64(in.strides()[dim]).i64(out.strides()[dim]).i64(ix.strides()[dim])
                    .i64(chunk).i64(chunks)
                    .i64s(g.keptSizes, KernelArgs.MAX_DIMS).i64s(g.kept[0], KernelArgs.MAX_DIMS)
                    .i64s(g.kept[1], KernelArgs.MAX_DIMS).i64s(g.kept[2], KernelArgs.MAX_DIMS)
                    .i32(g.keptSizes.length).i32(kind)
                    .i32(out.dtype().ordinal())
                    .i32(group)
                    .i32(phase).i32(0);
            if (group == 1) {
                ctx.launch(FAMILY, kernel, ctx.gridFor(lines, BLOCK), BLOCK, 0, args.apply(0));
            } else if (chunks == 1) {
                ctx.launch(FAMILY, kernel, ctx.gridFor(lines * BLOCK, BLOCK), BLOCK, 0, args.apply(0));
            } else {
                long grid = ctx.gridFor(lines * chunks * BLOCK, BLOCK);
                ctx.launch(FAMILY, kernel, grid, BLOCK, 0, args.apply(1));
                ctx.launch(FAMILY, "scan_carry", ctx.gridFor(lines, BLOCK), BLOCK, 0, args.apply(1));
                ctx.launch(FAMILY, kernel, grid, BLOCK, 0, args.apply(2));
            }
        }
    }

    // ---- softmax ----------------------------------------------------------------------------------

    static void softmax(CudaContext ctx, Tensor out, Tensor in, int dim, boolean log) {
        if (out.numel() == 0) return;
        String name = log ? "log_softmax" : "softmax";
        if (!in.dtype().isFloatingPoint())
            throw TensorException.of(name, "expected a floating point input, got " + in.dtype() + " on " + in.device(), in);
        boolean[] line = new boolean[in.dim()];
        line[dim] = true;
        Geom g = Geom.of(name, in, line, out);
        long n = in.shape()[dim], lines = g.outer, target = targetThreads(ctx);
        boolean unit = in.strides()[dim] == 1;
        int group = n >= 1024 && (unit || lines * 32 < target) ? BLOCK : unit && n >= 32 ? 32 : 1;
        int kn = g.keptSizes.length;
        KernelArgs args = new KernelArgs()
                .ptr(CudaStorage.address(out))
                .ptr(CudaStorage.address(in))
                .i64(lines).i64(n)
                .i64(in.strides()[dim]).i64(out.strides()[dim])
                .i64s(g.keptSizes, KernelArgs.MAX_DIMS).i64s(g.kept[0], KernelArgs.MAX_DIMS).i64s(g.kept[1], KernelArgs.MAX_DIMS)
                .i32(kn).i32(log ? 1 : 0)
                .i32(out.dtype().ordinal())
                .i32(group);
        ctx.launch(FAMILY, "softmax_" + CudaDTypes.suffix(in.dtype()), ctx.gridFor(lines * group, BLOCK), BLOCK, 0, args);
    }
}
