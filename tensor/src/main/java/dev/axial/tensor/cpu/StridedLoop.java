package dev.axial.tensor.cpu;

import dev.axial.tensor.Tensor;

/**
 * Walks several same-shaped tensors together (PyTorch's TensorIterator, reduced to what the CPU kernels
 * need): dims that can be merged are merged, the innermost dim becomes a row, and the body is called with
 * the element offset of each operand at the start of a row segment and the segment's length. The rows are
 * split across the worker pool in coarse chunks.
 *
 * <pre>{@code
 * StridedLoop loop = StridedLoop.of(out, a, b);
 * long so = loop.innerStride(0), sa = loop.innerStride(1), sb = loop.innerStride(2);
 * loop.forEach((off, n) -> { for (long i = 0; i < n; i++) ... off[0] + i * so ... });
 * }</pre>
 */
public final class StridedLoop {
    /** Receives the start offsets (one per operand, in elements) and length of a row segment. */
    @FunctionalInterface
    public interface Body {
        void run(long[] offsets, long n);
    }

    private final long[] shape;        // coalesced, innermost last; never empty
    private final long[][] strides;    // [operand][dim]
    private final long[] base;         // element offset of each operand
    private final long numel;

    private StridedLoop(long[] shape, long[][] strides, long[] base) {
        this.shape = shape;
        this.strides = strides;
        this.base = base;
        long n = 1;
        for (long d : shape) n *= d;
        this.numel = n;
    }

    /** A loop over {@code operands[0]}'s shape; every operand must have that shape (broadcast views are fine). */
    public static StridedLoop of(Tensor... operands) {
        long[] shape = operands[0].shape();
        long[][] st = new long[operands.length][];
        long[] base = new long[operands.length];
        for (int k = 0; k < operands.length; k++) {
            st[k] = operands[k].strides();
            base[k] = operands[k].offset();
        }
        return coalesce(shape, st, base);
    }

    /** A loop over an explicit shape with explicit strides and offsets per operand. */
    public static StridedLoop of(long[] shape, long[][] strides, long[] offsets) {
        long[][] st = new long[strides.length][];
        for (int k = 0; k < strides.length; k++) st[k] = strides[k].clone();
        return coalesce(shape.clone(), st, offsets.clone());
    }

    private static StridedLoop coalesce(long[] shape, long[][] st, long[] base) {
        int r = shape.length;
        int nOps = st.length;
        // drop size-1 dims, then merge neighbours that are contiguous with each other for every operand
        long[] s = new long[Math.max(r, 1)];
        long[][] t = new long[nOps][Math.max(r, 1)];
        int m = 0;
        for (int d = 0; d < r; d++) {
            if (shape[d] == 1) continue;
            if (m > 0) {
                boolean merge = true;
                for (int k = 0; k < nOps; k++) {
                    if (t[k][m - 1] != st[k][d] * shape[d]) { merge = false; break; }
                }
                if (merge) {
                    s[m - 1] *= shape[d];
                    for (int k = 0; k < nOps; k++) t[k][m - 1] = st[k][d];
                    continue;
                }
            }
            s[m] = shape[d];
            for (int k = 0; k < nOps; k++) t[k][m] = st[k][d];
            m++;
        }
        for (int d = 0; d < r; d++) if (shape[d] == 0) { m = 1; s[0] = 0; break; }
        if (m == 0) {
            m = 1;
            s[0] = 1;
            for (int k = 0; k < nOps; k++) t[k][0] = 1;
        }
        long[] fs = java.util.Arrays.copyOf(s, m);
        long[][] ft = new long[nOps][];
        for (int k = 0; k < nOps; k++) ft[k] = java.util.Arrays.copyOf(t[k], m);
        return new StridedLoop(fs, ft, base);
    }

    public long numel() { return numel; }

    /** Length of the innermost (row) dim. */
    public long innerSize() { return shape[shape.length - 1]; }

    /** Stride of operand {@code k} along the row. */
    public long innerStride(int k) { return strides[k][shape.length - 1]; }

    /** Number of dims after merging (1 means every operand is a single strided row). */
    public int rank() { return shape.length; }

    /** Runs {@code body} over every row segment, in parallel when there are at least {@code grain} elements per thread. */
    public void forEach(long grain, Body body) {
        Parallel.forRange(numel, grain, (start, end) -> range(start, end, body));
    }

    /** As {@link #forEach(long, Body)} with a grain suited to cheap elementwise work. */
    public void forEach(Body body) { forEach(1 << 15, body); }

    /** Runs {@code body} over linear element indices [start, end) on this thread. */
    public void range(long start, long end, Body body) {
        if (start >= end) return;   // NOTE: also keeps a zero-size loop from dividing by its 0 extent below
        int r = shape.length, nOps = base.length;
        if (r == 1) {   // one strided row (the common case): no index bookkeeping, so small ops stay cheap
            long[] off = new long[nOps];
            for (int k = 0; k < nOps; k++) off[k] = base[k] + start * strides[k][0];
            body.run(off, end - start);
            return;
        }
        long[] idx = new long[r];
        long rem = start;
        for (int d = r - 1; d >= 0; d--) {
            idx[d] = rem % shape[d];
            rem /= shape[d];
        }
        long[] off = new long[nOps];
        long[] cur = new long[nOps];
        for (int k = 0; k < nOps; k++) {
            long o = base[k];
            for (int d = 0; d < r; d++) o += idx[d] * strides[k][d];
            cur[k] = o;
        }
        long inner = shape[r - 1];
        long pos = start;
        while (pos < end) {
            long n = Math.min(inner - idx[r - 1], end - pos);
            System.arraycopy(cur, 0, off, 0, nOps);
            body.run(off, n);
            pos += n;
            if (pos >= end) break;
            // advance to the start of the next row
            for (int k = 0; k < nOps; k++) cur[k] -= idx[r - 1] * strides[k][r - 1];
            idx[r - 1] = 0;
            for (int d = r - 2; d >= 0; d--) {
                idx[d]++;
                for (int k = 0; k < nOps; k++) cur[k] += strides[k][d];
                if (idx[d] < shape[d]) break;
                for (int k = 0; k < nOps; k++) cur[k] -= shape[d] * strides[k][d];
                idx[d] = 0;
            }
        }
    }
}
