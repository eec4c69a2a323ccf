package dev.axial.tensor.cpu;

import dev.axial.tensor.Tensor;

import java.util.Arrays;

/**
 * Splits a tensor's dims into kept dims (one output per index, row-major) and reduced dims (coalesced where
 * they are contiguous with each other), and turns an output index or a reduced position into an element offset.
 */
final class ReduceGeom {
    final long[] keptShape, keptStride;   // every kept dim, in order (size-1 dims too)
    final long[] redShape, redStride;     // coalesced reduced dims, innermost last; size-1 dims dropped
    final long outer, inner, base;

    private ReduceGeom(long[] keptShape, long[] keptStride, long[] redShape, long[] redStride, long base) {
        this.keptShape = keptShape;
        this.keptStride = keptStride;
        this.redShape = redShape;
        this.redStride = redStride;
        this.base = base;
        long o = 1, n = 1;
        for (long d : keptShape) o *= d;
        for (long d : redShape) n *= d;
        this.outer = o;
        this.inner = n;
    }

    /** {@code dims}: sorted, distinct, in [0, rank). */
    static ReduceGeom of(Tensor t, int[] dims) {
        long[] shape = t.shape(), strides = t.strides();
        boolean[] red = new boolean[shape.length];
        for (int d : dims) red[d] = true;
        long[] ks = new long[shape.length], kst = new long[shape.length];
        long[] rs = new long[shape.length], rst = new long[shape.length];
        int k = 0, r = 0;
        boolean empty = false;
        for (int d = 0; d < shape.length; d++) {
            if (!red[d]) {
                ks[k] = shape[d];
                kst[k++] = strides[d];
                continue;
            }
            if (shape[d] == 0) empty = true;
            if (shape[d] == 1) continue;
            if (r > 0 && rst[r - 1] == strides[d] * shape[d]) {
                rs[r - 1] *= shape[d];
                rst[r - 1] = strides[d];
            } else {
                rs[r] = shape[d];
                rst[r++] = strides[d];
            }
        }
        if (empty) { rs[0] = 0; rst[0] = 1; r = 1; }
        return new ReduceGeom(Arrays.copyOf(ks, k), Arrays.copyOf(kst, k), Arrays.copyOf(rs, r), Arrays.copyOf(rst, r), t.offset());
    }

    /** Element offset of the first reduced element of output {@code o}. */
    long base(long o) {
        long off = base;
        for (int d = keptShape.length - 1; d >= 0; d--) {
            long n = keptShape[d];
            off += (o % n) * keptStride[d];
            o /= n;
        }
        return off;
    }

    /** True when the reduced elements of one output are one run with unit stride. */
    boolean unitInner() { return redShape.length == 1 && redStride[0] == 1; }

    /** Offsets of reduced positions [start, start + n) of the output whose first element is at {@code base}. */
    void offsets(long base, long start, int n, long[] out) {
        int r = redShape.length;
        if (r == 0) {
            for (int i = 0; i < n; i++) out[i] = base;
            return;
        }
        long st = redStride[r - 1];
        if (r == 1) {
            for (int i = 0; i < n; i++) out[i] = base + (start + i) * st;
            return;
        }
        long[] idx = new long[r];
        long rem = start, off = base;
        for (int d = r - 1; d >= 0; d--) {
            idx[d] = rem % redShape[d];
            rem /= redShape[d];
            off += idx[d] * redStride[d];
        }
        long last = redShape[r - 1];
        for (int i = 0; i < n; i++) {
            out[i] = off;
            off += st;
            if (++idx[r - 1] < last) continue;
            for (int d = r - 1; d >= 0; d--) {
                off -= idx[d] * redStride[d];
                idx[d] = 0;
                if (d == 0) break;
                idx[d - 1]++;
                off += redStride[d - 1];
                if (idx[d - 1] < redShape[d - 1]) break;
            }
        }
    }
}
