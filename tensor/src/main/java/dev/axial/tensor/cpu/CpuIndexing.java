package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.spi.ScatterReduce;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static dev.axial.tensor.cpu.CpuBackend.seg;

/**
 * index_select, gather, scatter, nonzero and the index bounds check on the CPU. Gather-like kernels move raw
 * element bits (exact for every dtype); scatter walks the scatter dim of each position serially, in index
 * order, and parallelises only over the other dims, so duplicates resolve the same way on any thread count.
 */
final class CpuIndexing {
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final int GRAIN = 1 << 14;

    private CpuIndexing() {}

    /** Copies one element of {@code bytes} bytes, bit for bit. */
    private static void copyBits(MemorySegment d, long di, MemorySegment s, long si, int bytes) {
        switch (bytes) {
            case 1 -> d.set(ValueLayout.JAVA_BYTE, di, s.get(ValueLayout.JAVA_BYTE, si));
            case 2 -> d.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, di, s.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, si));
            case 4 -> d.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, di, s.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, si));
            default -> d.setAtIndex(L, di, s.getAtIndex(L, si));
        }
    }

    /** index_select is gather with the 1-D index broadcast over out's shape (stride 0 off {@code dim}). */
    static void indexSelect(Tensor out, Tensor in, int dim, Tensor index) {
        long[] st = new long[out.dim()];
        st[dim] = index.stride(0);
        Tensor wide = new Tensor(index.storage(), index.backend(), out.shape(), st, index.offset());
        gather(out, in, dim, wide);
    }

    static void gather(Tensor out, Tensor in, int dim, Tensor index) {
        if (out.numel() == 0) return;
        // in seen with out's shape and stride 0 along dim: the element's base; the index adds idx * stride(dim)
        long[] inSt = in.strides();
        long sd = inSt[dim];
        inSt[dim] = 0;
        Tensor base = new Tensor(in.storage(), in.backend(), out.shape(), inSt, in.offset());
        MemorySegment o = seg(out), x = seg(index), s = seg(in);
        int es = out.dtype().byteSize();
        StridedLoop loop = StridedLoop.of(out, index, base);
        long so = loop.innerStride(0), sx = loop.innerStride(1), si = loop.innerStride(2);
        loop.forEach(GRAIN, (off, n) -> {
            long io = off[0], ix = off[1], is = off[2];
            for (long k = 0; k < n; k++, io += so, ix += sx, is += si)
                copyBits(o, io, s, is + x.getAtIndex(L, ix) * sd, es);
        });
    }

    static void scatter(Tensor out, int dim, Tensor index, Tensor src, ScatterReduce reduce) {
        if (index.numel() == 0) return;
        long[] outer = index.shape();
        long m = outer[dim];
        outer[dim] = 1;
        StridedLoop loop = StridedLoop.of(outer, new long[][]{out.strides(), index.strides(), src.strides()},
                new long[]{out.offset(), index.offset(), src.offset()});
        long so = loop.innerStride(0), sx = loop.innerStride(1), ss = loop.innerStride(2);
        long od = out.stride(dim), xd = index.stride(dim), sd = src.stride(dim);
        MemorySegment o = seg(out), x = seg(index), s = seg(src);
        DType t = out.dtype();
        int es = t.byteSize();
        boolean fp = t.isFloatingPoint(), f32sum = t == DType.FLOAT32 && reduce == ScatterReduce.SUM;
        loop.forEach(Math.max(1, GRAIN / m), (off, n) -> {
            long io = off[0], ix = off[1], is = off[2];
            for (long k = 0; k < n; k++, io += so, ix += sx, is += ss) {
                for (long j = 0; j < m; j++) {
                    long target = io + x.getAtIndex(L, ix + j * xd) * od, from = is + j * sd;
                    if (reduce == ScatterReduce.NONE) copyBits(o, target, s, from, es);
                    else if (f32sum) o.setAtIndex(F, target, o.getAtIndex(F, target) + s.getAtIndex(F, from));
                    else if (fp) Elem.putDouble(o, t, target, combine(reduce, Elem.getDouble(o, t, target), Elem.getDouble(s, t, from)));
                    else Elem.putLong(o, t, target, combine(reduce, Elem.getLong(o, t, target), Elem.getLong(s, t, from)));
                }
            }
        });
    }

    // NOTE: a float32/16 sum or product of two values is exact in double, so rounding once on store equals the narrow op.
    private static double combine(ScatterReduce r, double a, double b) {
        return switch (r) {
            case SUM -> a + b;
            case PROD -> a * b;
            case AMAX -> Math.max(a, b);
            case AMIN -> Math.min(a, b);
            case NONE -> b;
        };
    }

    private static long combine(ScatterReduce r, long a, long b) {
        return switch (r) {
            case SUM -> a + b;
            case PROD -> a * b;
            case AMAX -> Math.max(a, b);
            case AMIN -> Math.min(a, b);
            case NONE -> b;
        };
    }

    private static boolean isNonzero(MemorySegment m, DType t, long i) {
        return t.isFloatingPoint() ? Elem.getDouble(m, t, i) != 0 : Elem.getLong(m, t, i) != 0;
    }

    /** Counts per chunk in parallel, then each chunk writes its coordinates at its prefix offset. */
    static Tensor nonzero(Tensor in) {
        long n = in.numel();
        int r = in.dim();
        long[] shape = in.shape();
        if (n == 0) return Tensor.empty(DType.INT64, Device.CPU, 0, r);
        int chunks = (int) Math.max(1, Math.min(Parallel.threads(), n / GRAIN));
        long[] counts = new long[chunks + 1];
        MemorySegment s = seg(in);
        DType t = in.dtype();
        StridedLoop loop = StridedLoop.of(in);
        long step = loop.innerStride(0);
        Parallel.forRange(chunks, 1, (c0, c1) -> {
            for (long c = c0; c < c1; c++) {
                long[] cnt = {0};
                loop.range(n * c / chunks, n * (c + 1) / chunks, (off, len) -> {
                    long i = off[0];
                    for (long k = 0; k < len; k++, i += step) if (isNonzero(s, t, i)) cnt[0]++;
                });
                counts[(int) c + 1] = cnt[0];
            }
        });
        for (int c = 0; c < chunks; c++) counts[c + 1] += counts[c];
        Tensor out = Tensor.empty(DType.INT64, Device.CPU, counts[chunks], r);
        MemorySegment o = seg(out);
        Parallel.forRange(chunks, 1, (c0, c1) -> {
            for (long c = c0; c < c1; c++) {
                long start = n * c / chunks;
                long[] state = {counts[(int) c] * r, start};   // next output element, linear position
                loop.range(start, n * (c + 1) / chunks, (off, len) -> {
                    long i = off[0];
                    for (long k = 0; k < len; k++, i += step, state[1]++) {
                        if (!isNonzero(s, t, i)) continue;
                        long p = state[1];
                        for (int d = r - 1; d >= 0; d--) {
                            o.setAtIndex(L, state[0] + d, p % shape[d]);
                            p /= shape[d];
                        }
                        state[0] += r;
                    }
                });
            }
        });
        return out;
    }

    /** {min, max} of an integral tensor with at least one element. */
    static long[] indexBounds(Tensor index) {
        long n = index.numel();
        int chunks = (int) Math.max(1, Math.min(Parallel.threads(), n / GRAIN));
        long[][] part = new long[chunks][];
        MemorySegment s = seg(index);
        DType t = index.dtype();
        StridedLoop loop = StridedLoop.of(index);
        long step = loop.innerStride(0);
        Parallel.forRange(chunks, 1, (c0, c1) -> {
            for (long c = c0; c < c1; c++) {
                long[] mm = {Long.MAX_VALUE, Long.MIN_VALUE};
                loop.range(n * c / chunks, n * (c + 1) / chunks, (off, len) -> {
                    long i = off[0];
                    for (long k = 0; k < len; k++, i += step) {
                        long v = Elem.getLong(s, t, i);
                        if (v < mm[0]) mm[0] = v;
                        if (v > mm[1]) mm[1] = v;
                    }
                });
                part[(int) c] = mm;
            }
        });
        long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
        for (long[] mm : part) {
            lo = Math.min(lo, mm[0]);
            hi = Math.max(hi, mm[1]);
        }
        return new long[]{lo, hi};
    }
}
