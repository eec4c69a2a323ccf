package dev.axial.tensor.cuda;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * sort, searchsorted, histc, bincount, unique, quantile and sortRows on CUDA (kernels/sort.cu), with the CPU
 * backend's semantics (CpuSorting): the same key order (NaN above +inf, -0.0 == 0.0, descending = reversed keys,
 * ties in input order), the same binning and interpolation arithmetic.
 *
 * <p>Sort: rows of at most {@value #TILE} elements are sorted by one launch (a bitonic sort of (key, position)
 * pairs per block, several short rows per block); longer rows are sorted in chunks of {@value #TILE}, then merged
 * by bottom-up passes into scratch buffers, then gathered into values and indices. The sort dim is moved last
 * (a view), so every kernel walks rows of the moved shape in row-major order.
 */
final class CudaSorting {
    private CudaSorting() {}

    private static final String FAMILY = "sort";
    private static final int BLOCK = 256;
    /** Threads of a block-sort block: 16 slots each per merge pass (fewer threads, fewer barrier waits; 24 KB shared a block). */
    private static final int SORT_THREADS = 128;
    /** Elements sorted in shared memory by one block (kernels/sort.cu's SORT_TILE). */
    static final int TILE = 2048;
    private static final List<String> INTERPOLATIONS = List.of("linear", "lower", "higher", "midpoint", "nearest");

    // ---- sort ------------------------------------------------------------------------------------

    static void sort(CudaContext ctx, Tensor values, Tensor indices, Tensor in, int dim, boolean descending) {
        in.checkAlive("sort");
        if (in.numel() == 0) return;
        long len = in.shape()[dim], rows = in.numel() / len;
        Tensor src = in.movedim(dim, -1), v = values.movedim(dim, -1), ix = indices.movedim(dim, -1);
        String sfx = CudaDTypes.suffix(in.dtype());
        int desc = descending ? 1 : 0;
        if (len <= TILE) {
            int p = segment(len);
            long tiles = ceilDiv(rows, TILE / p);
            KernelArgs args = new KernelArgs().strided(src, v, ix).ptr(0).ptr(0).i64(rows).i64(len).i32(p).i32(desc);
            ctx.launch(FAMILY, "sort_block_" + sfx, ctx.gridFor(tiles * SORT_THREADS, SORT_THREADS), SORT_THREADS, 0, args);
            return;
        }
        long n = rows * len;
        try (Scope s = Scope.open()) {
            Device dev = in.device();
            Tensor keys = Tensor.empty(DType.INT64, dev, n), pos = Tensor.empty(DType.INT64, dev, n);
            Tensor keys2 = Tensor.empty(DType.INT64, dev, n), pos2 = Tensor.empty(DType.INT64, dev, n);
            long tiles = rows * ceilDiv(len, TILE);
            KernelArgs chunks = new KernelArgs().strided(src, v, ix).ptr(addr(keys)).ptr(addr(pos))
                    .i64(rows).i64(len).i32(TILE).i32(desc);
            ctx.launch(FAMILY, "sort_chunks_" + sfx, ctx.gridFor(tiles * SORT_THREADS, SORT_THREADS), SORT_THREADS, 0, chunks);
            for (long w = TILE; w < len; w *= 2) {
                KernelArgs merge = new KernelArgs().ptr(addr(keys)).ptr(addr(pos)).ptr(addr(keys2)).ptr(addr(pos2))
                        .i64(rows).i64(len).i64(w);
                ctx.launch(FAMILY, "sort_merge", ctx.gridFor(n, BLOCK), BLOCK, 0, merge);
                Tensor t = keys; keys = keys2; keys2 = t;
                t = pos; pos = pos2; pos2 = t;
            }
            KernelArgs gather = new KernelArgs().strided(src, v, ix).ptr(addr(pos)).i64(len);
            ctx.launch(FAMILY, "sort_gather_" + sfx, ctx.gridFor(n, BLOCK), BLOCK, 0, gather);
        }
    }

    /** The segment a short row of len elements sorts in: the next power of two. */
    private static int segment(long len) {
        int p = Integer.highestOneBit((int) Math.max(1, len));
        return p < len ? p << 1 : p;
    }

    /**
     * Stable lexicographic row order: every element mapped once to its key, then log2(n) merge passes over row
     * indices (the first pass writes the identity), landing in perm itself when it is contiguous.
     */
    static void sortRows(CudaContext ctx, Tensor perm, Tensor rows) {
        rows.checkAlive("unique");
        long n = rows.shape()[0], m = rows.shape()[1];
        if (n == 0) return;
        try (Scope s = Scope.open()) {
            Device dev = rows.device();
            Tensor keys = Tensor.empty(DType.INT64, dev, Math.max(1, n * m));
            if (n * m > 0) {
                KernelArgs k = new KernelArgs().strided(rows).ptr(addr(keys));
                ctx.launch(FAMILY, "sort_rowkeys_" + CudaDTypes.suffix(rows.dtype()), ctx.gridFor(n * m, BLOCK), BLOCK, 0, k);
            }
            int passes = 0;
            for (long w = 1; w < n; w *= 2) passes++;
            Tensor scratch = Tensor.empty(DType.INT64, dev, n);
            Tensor target = perm.isContiguous() ? perm : Tensor.empty(DType.INT64, dev, n);
            // the first launch writes the identity into a, each pass merges a into b and swaps: the last lands in target
            Tensor a = passes % 2 == 0 ? target : scratch, b = passes % 2 == 0 ? scratch : target;
            for (long w = 0; w < n; w = w == 0 ? 1 : w * 2) {
                KernelArgs merge = new KernelArgs().ptr(addr(keys)).ptr(addr(a)).ptr(addr(w == 0 ? a : b)).i64(n).i64(m).i64(w);
                ctx.launch(FAMILY, "sortrows_merge", ctx.gridFor(n, BLOCK), BLOCK, 0, merge);
                if (w != 0) { Tensor t = a; a = b; b = t; }
            }
            if (target != perm) perm.copy_(target);
        }
    }

    // ---- searchsorted ----------------------------------------------------------------------------

    /** Mixed dtypes are compared as int64 (both integral) or float64, as the CPU backend compares them. */
    static void searchsorted(CudaContext ctx, Tensor out, Tensor sorted, Tensor values, boolean right) {
        sorted.checkAlive("searchsorted");
        values.checkAlive("searchsorted");
        if (values.numel() == 0) return;
        try (Scope s = Scope.open()) {
            DType st = sorted.dtype(), vt = values.dtype();
            DType t = st == vt ? st : !st.isFloatingPoint() && !vt.isFloatingPoint() ? DType.INT64 : DType.FLOAT64;
            Tensor sq = sorted.dtype() == t ? sorted : sorted.to(t), vq = values.dtype() == t ? values : values.to(t);
            int last = vq.dim() - 1;
            long m = vq.shape()[last], len = sq.shape()[last];
            KernelArgs args = new KernelArgs().strided(vq, out).strided(sq).i64(m).i64(len).i32(right ? 1 : 0);
            ctx.launch(FAMILY, "searchsorted_" + CudaDTypes.suffix(t), ctx.gridFor(vq.numel(), BLOCK), BLOCK, 0, args);
        }
    }

    // ---- histc, bincount -------------------------------------------------------------------------

    static void histc(CudaContext ctx, Tensor out, Tensor in, double min, double max) {
        in.checkAlive("histc");
        long bins = out.numel();
        if (bins > Integer.MAX_VALUE - 8) throw TensorException.of("histc", "too many bins (" + bins + ")", in);
        String sfx = CudaDTypes.suffix(in.dtype());
        try (Scope s = Scope.open()) {
            Tensor counts = Tensor.empty(DType.INT64, in.device(), bins);
            ctx.memset(addr(counts), (byte) 0, bins * 8);
            if (in.numel() > 0) {
                KernelArgs a = new KernelArgs().strided(in).ptr(addr(counts)).f64(min).f64(max).i32((int) bins);
                ctx.launch(FAMILY, "histc_" + sfx, ctx.gridFor(in.numel(), BLOCK), BLOCK, 0, a);
            }
            KernelArgs f = new KernelArgs().ptr(addr(counts)).ptr(addr(out)).i64(out.dim() == 0 ? 1 : out.strides()[0]).i64(bins);
            ctx.launch(FAMILY, "histc_finish_" + CudaDTypes.suffix(out.dtype()), ctx.gridFor(bins, BLOCK), BLOCK, 0, f);
        }
    }

    /** Atomics: counts are exact; float sums may differ from the CPU's serial order within rounding. */
    static void bincount(CudaContext ctx, Tensor out, Tensor in, Tensor weights) {
        in.checkAlive("bincount");
        long bins = out.numel(), n = in.numel();
        DType ot = out.dtype();
        int mode = weights == null ? 0 : ot == DType.FLOAT32 ? 1 : 2;
        DType want = mode == 0 ? DType.INT64 : mode == 1 ? DType.FLOAT32 : DType.FLOAT64;
        if (ot != want)
            throw TensorException.of("bincount", "out must be " + want + " for " + (weights == null ? "no" : weights.dtype()) + " weights, got " + ot, in);
        try (Scope s = Scope.open()) {
            Tensor acc = out.isContiguous() ? out : Tensor.empty(ot, out.device(), bins);
            ctx.memset(addr(acc), (byte) 0, bins * ot.byteSize());
            Tensor w = weights == null || weights.dtype() == want ? weights : weights.to(want);
            if (n > 0) {
                KernelArgs a = new KernelArgs().ptr(addr(in)).i64(in.strides()[0])
                        .ptr(w == null ? 0 : addr(w)).i64(w == null ? 0 : w.strides()[0])
                        .ptr(addr(acc)).i64(n).i64(bins).i32(mode);
                ctx.launch(FAMILY, "bincount_" + CudaDTypes.suffix(in.dtype()), ctx.gridFor(n, BLOCK), BLOCK, 0, a);
            }
            if (acc != out) out.copy_(acc);
        }
    }

    // ---- unique ----------------------------------------------------------------------------------

    /**
     * Runs of equal neighbours of 1-D {@code in}: per-block run counts, one scan of them, one host read of the total
     * (the results' size), then every element's run (values, the runs' starts, inverse) and the counts.
     */
    static Tensor[] unique(CudaContext ctx, Tensor in, Tensor perm, boolean wantInverse, boolean wantCounts) {
        in.checkAlive("unique");
        long n = in.numel();
        Device dev = in.device();
        DType t = in.dtype();
        if (n == 0)
            return new Tensor[]{Tensor.empty(t, dev, 0), wantInverse ? Tensor.empty(DType.INT64, dev, 0) : null,
                    wantCounts ? Tensor.empty(DType.INT64, dev, 0) : null};
        long stride = in.dim() == 0 ? 1 : in.strides()[0];
        // a few blocks per SM, each scanning one contiguous chunk (unique_offsets adds the blocks' counts serially)
        int nblocks = (int) Math.min(ceilDiv(n, BLOCK), Math.max(1, Math.min(4096, 8L * ctx.multiProcessorCount())));
        long chunk = ceilDiv(n, nblocks);
        nblocks = (int) ceilDiv(n, chunk);
        String sfx = CudaDTypes.suffix(t);
        try (Scope s = Scope.open()) {
            Tensor p = perm == null || perm.isContiguous() ? perm : perm.contiguous();
            Tensor blockRuns = Tensor.empty(DType.INT64, dev, nblocks + 1);
            UniqueBuffers none = new UniqueBuffers(null, null, null, null, 0);
            ctx.launch(FAMILY, "unique_count_" + sfx, nblocks, BLOCK, 0, uniqueArgs(in, stride, p, blockRuns, none, n, chunk, nblocks));
            ctx.launch(FAMILY, "unique_offsets", 1, 1, 0, uniqueArgs(in, stride, p, blockRuns, none, n, chunk, nblocks));
            long runs;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment host = arena.allocate(ValueLayout.JAVA_LONG);
                ctx.copyToHost(addr(blockRuns) + 8L * nblocks, host, 8);
                runs = host.get(ValueLayout.JAVA_LONG, 0);
            }
            UniqueBuffers b = new UniqueBuffers(s.keep(Tensor.empty(t, dev, runs)),
                    wantInverse ? s.keep(Tensor.empty(DType.INT64, dev, n)) : null,
                    Tensor.empty(DType.INT64, dev, runs), wantCounts ? s.keep(Tensor.empty(DType.INT64, dev, runs)) : null, runs);
            ctx.launch(FAMILY, "unique_write_" + sfx, nblocks, BLOCK, 0, uniqueArgs(in, stride, p, blockRuns, b, n, chunk, nblocks));
            if (wantCounts)
                ctx.launch(FAMILY, "unique_counts", ctx.gridFor(runs, BLOCK), BLOCK, 0, uniqueArgs(in, stride, p, blockRuns, b, n, chunk, nblocks));
            return new Tensor[]{b.values, b.inverse, b.counts};
        }
    }

    private record UniqueBuffers(Tensor values, Tensor inverse, Tensor starts, Tensor counts, long runs) {}

    private static KernelArgs uniqueArgs(Tensor in, long stride, Tensor perm, Tensor blockRuns, UniqueBuffers b, long n, long chunk, int nblocks) {
        return new KernelArgs().ptr(addr(in)).i64(stride).ptr(perm == null ? 0 : addr(perm)).ptr(addr(blockRuns))
                .ptr(addrOrNull(b.values)).ptr(addrOrNull(b.inverse)).ptr(addrOrNull(b.starts)).ptr(addrOrNull(b.counts))
                .i64(n).i64(chunk).i64(b.runs).i32(nblocks);
    }

    // ---- quantile --------------------------------------------------------------------------------

    static void quantile(CudaContext ctx, Tensor out, Tensor sorted, double[] q, String interpolation, boolean ignoreNan) {
        sorted.checkAlive("quantile");
        int mode = INTERPOLATIONS.indexOf(interpolation);
        if (mode < 0) throw TensorException.of("quantile", "unknown interpolation '" + interpolation + "'", sorted);
        if (out.dtype() != sorted.dtype())
            throw TensorException.of("quantile", "out must have the input's dtype", out, sorted);
        long rows = sorted.shape()[0], n = sorted.shape()[1];
        if (q.length == 0 || rows == 0) return;
        try (Scope s = Scope.open()) {
            Tensor qd = Tensor.of(q, q.length).to(sorted.device());
            KernelArgs a = new KernelArgs().ptr(addr(sorted)).i64(sorted.strides()[0]).i64(sorted.strides()[1])
                    .ptr(addr(out)).i64(out.strides()[0]).i64(out.strides()[1]).ptr(addr(qd)).i64(q.length)
                    .i64(rows).i64(n).i32(mode).i32(ignoreNan ? 1 : 0);
            ctx.launch(FAMILY, "quantile_" + CudaDTypes.suffix(sorted.dtype()), ctx.gridFor(q.length * rows, BLOCK), BLOCK, 0, a);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static long addr(Tensor t) {
        return CudaStorage.address(t);
    }

    private static long addrOrNull(Tensor t) {
        return t == null ? 0 : CudaStorage.address(t);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
