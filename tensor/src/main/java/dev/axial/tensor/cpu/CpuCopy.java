package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import dev.axial.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static dev.axial.tensor.cpu.CpuBackend.seg;

/** Strided copies with dtype conversion, fills and linear fills on the CPU. */
final class CpuCopy {
    private CpuCopy() {}

    static void copy(Tensor dst, Tensor src) {
        dst.checkAlive("copy");
        src.checkAlive("copy");
        DType dt = dst.dtype(), st = src.dtype();
        MemorySegment d = seg(dst), s = seg(src);
        StridedLoop loop = StridedLoop.of(dst, src);
        long sd = loop.innerStride(0), ss = loop.innerStride(1);
        if (dt == st && sd == 1 && ss == 1) {
            int es = dt.byteSize();
            loop.forEach((off, n) -> MemorySegment.copy(s, off[1] * es, d, off[0] * es, n * es));
            return;
        }
        if (transposeToFloat32(dst, src, d, s)) return;
        if (dt == st) {
            // a bit copy: converting through double would change float16/bfloat16 NaN payloads
            ValueLayout lay = switch (dt.byteSize()) {
                case 1 -> ValueLayout.JAVA_BYTE;
                case 2 -> ValueLayout.JAVA_SHORT_UNALIGNED;
                case 4 -> ValueLayout.JAVA_INT_UNALIGNED;
                default -> ValueLayout.JAVA_LONG_UNALIGNED;
            };
            if (lay == ValueLayout.JAVA_INT_UNALIGNED) {   // float32/int32 transposes: keep a monomorphic loop
                loop.forEach((off, n) -> {
                    long o = off[0], i = off[1];
                    for (long k = 0; k < n; k++, o += sd, i += ss)
                        d.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, o, s.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i));
                });
                return;
            }
            int es = dt.byteSize();
            loop.forEach((off, n) -> {
                long o = off[0], i = off[1];
                for (long k = 0; k < n; k++, o += sd, i += ss) Elem.copyBits(d, o, s, i, es);
            });
            return;
        }
        // integers and bool are read exactly as long (int64 above 2^53 must not detour through double); each row goes
        // through a small per-thread buffer in chunks, so the read and the write are each one loop of one dtype (a
        // dtype switch per element cost ~15x: float32 -> float64 of 16 Mi elements took 42 ms, a copy 3 ms)
        boolean viaLong = !st.isFloatingPoint();
        loop.forEach((off, n) -> {
            for (long k = 0; k < n; k += CHUNK) {
                int c = (int) Math.min(CHUNK, n - k);
                long i = off[1] + k * ss, o = off[0] + k * sd;
                if (viaLong) {
                    long[] buf = LONGS.get();
                    readLongs(s, st, i, ss, buf, c);
                    writeLongs(d, dt, o, sd, buf, c);
                } else {
                    double[] buf = DOUBLES.get();
                    readDoubles(s, st, i, ss, buf, c);
                    writeDoubles(d, dt, o, sd, buf, c);
                }
            }
        });
    }

    private static final int CHUNK = 2048;
    private static final ThreadLocal<long[]> LONGS = ThreadLocal.withInitial(() -> new long[CHUNK]);
    private static final ThreadLocal<double[]> DOUBLES = ThreadLocal.withInitial(() -> new double[CHUNK]);
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfShort S = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfByte B = ValueLayout.JAVA_BYTE;

    /** c elements of an integer or bool dtype from index i, step st, as {@link Elem#getLong}. */
    private static void readLongs(MemorySegment m, DType t, long i, long st, long[] buf, int c) {
        if (st == 1) {   // unit stride: loops C2 can vectorize (a variable step defeats it)
            switch (t) {
                case INT32 -> { for (int k = 0; k < c; k++) buf[k] = m.getAtIndex(I, i + k); return; }
                case INT16 -> { for (int k = 0; k < c; k++) buf[k] = m.getAtIndex(S, i + k); return; }
                case UINT8 -> { for (int k = 0; k < c; k++) buf[k] = m.get(B, i + k) & 0xff; return; }
                default -> { }
            }
        }
        switch (t) {
            case INT64 -> { for (int k = 0; k < c; k++) buf[k] = m.getAtIndex(L, i + k * st); }
            case INT32 -> { for (int k = 0; k < c; k++) buf[k] = m.getAtIndex(I, i + k * st); }
            case INT16 -> { for (int k = 0; k < c; k++) buf[k] = m.getAtIndex(S, i + k * st); }
            case INT8 -> { for (int k = 0; k < c; k++) buf[k] = m.get(B, i + k * st); }
            case UINT8 -> { for (int k = 0; k < c; k++) buf[k] = m.get(B, i + k * st) & 0xff; }
            case BOOL -> { for (int k = 0; k < c; k++) buf[k] = m.get(B, i + k * st) != 0 ? 1 : 0; }
            default -> throw new IllegalArgumentException("readLongs: " + t + " is floating");
        }
    }

    /** c elements from buf into index o, step st, as {@link Elem#putLong}. */
    private static void writeLongs(MemorySegment m, DType t, long o, long st, long[] buf, int c) {
        if (st == 1) {
            switch (t) {
                case FLOAT32 -> { for (int k = 0; k < c; k++) m.setAtIndex(F, o + k, (float) buf[k]); return; }
                case FLOAT64 -> { for (int k = 0; k < c; k++) m.setAtIndex(D, o + k, (double) buf[k]); return; }
                default -> { }
            }
        }
        switch (t) {
            case INT64 -> { for (int k = 0; k < c; k++) m.setAtIndex(L, o + k * st, buf[k]); }
            case INT32 -> { for (int k = 0; k < c; k++) m.setAtIndex(I, o + k * st, (int) buf[k]); }
            case INT16 -> { for (int k = 0; k < c; k++) m.setAtIndex(S, o + k * st, (short) buf[k]); }
            case INT8, UINT8 -> { for (int k = 0; k < c; k++) m.set(B, o + k * st, (byte) buf[k]); }
            case BOOL -> { for (int k = 0; k < c; k++) m.set(B, o + k * st, (byte) (buf[k] != 0 ? 1 : 0)); }
            case FLOAT64 -> { for (int k = 0; k < c; k++) m.setAtIndex(D, o + k * st, (double) buf[k]); }
            case FLOAT32 -> { for (int k = 0; k < c; k++) m.setAtIndex(F, o + k * st, (float) buf[k]); }
            case FLOAT16 -> { for (int k = 0; k < c; k++) m.setAtIndex(S, o + k * st, Float.floatToFloat16((float) buf[k])); }
            case BFLOAT16 -> { for (int k = 0; k < c; k++) m.setAtIndex(S, o + k * st, Elem.floatToBf16((float) buf[k])); }
        }
    }

    /** c elements of a floating dtype from index i, step st, as {@link Elem#getDouble}. */
    private static void readDoubles(MemorySegment m, DType t, long i, long st, double[] buf, int c) {
        if (st == 1) {
            switch (t) {
                case FLOAT32 -> { for (int k = 0; k < c; k++) buf[k] = m.getAtIndex(F, i + k); return; }
                case FLOAT64 -> { for (int k = 0; k < c; k++) buf[k] = m.getAtIndex(D, i + k); return; }
                default -> { }
            }
        }
        switch (t) {
            case FLOAT32 -> { for (int k = 0; k < c; k++) buf[k] = m.getAtIndex(F, i + k * st); }
            case FLOAT64 -> { for (int k = 0; k < c; k++) buf[k] = m.getAtIndex(D, i + k * st); }
            case FLOAT16 -> { for (int k = 0; k < c; k++) buf[k] = Float.float16ToFloat(m.getAtIndex(S, i + k * st)); }
            case BFLOAT16 -> { for (int k = 0; k < c; k++) buf[k] = Elem.bf16ToFloat(m.getAtIndex(S, i + k * st)); }
            default -> throw new IllegalArgumentException("readDoubles: " + t + " is not floating");
        }
    }

    /** c elements from buf into index o, step st, as {@link Elem#putDouble}. */
    private static void writeDoubles(MemorySegment m, DType t, long o, long st, double[] buf, int c) {
        if (st == 1) {
            switch (t) {
                case FLOAT32 -> { for (int k = 0; k < c; k++) m.setAtIndex(F, o + k, (float) buf[k]); return; }
                case FLOAT64 -> { for (int k = 0; k < c; k++) m.setAtIndex(D, o + k, buf[k]); return; }
                default -> { }
            }
        }
        switch (t) {
            case FLOAT32 -> { for (int k = 0; k < c; k++) m.setAtIndex(F, o + k * st, (float) buf[k]); }
            case FLOAT64 -> { for (int k = 0; k < c; k++) m.setAtIndex(D, o + k * st, buf[k]); }
            case FLOAT16 -> { for (int k = 0; k < c; k++) m.setAtIndex(S, o + k * st, Float.floatToFloat16((float) buf[k])); }
            case BFLOAT16 -> { for (int k = 0; k < c; k++) m.setAtIndex(S, o + k * st, Elem.floatToBf16((float) buf[k])); }
            case BOOL -> { for (int k = 0; k < c; k++) m.set(B, o + k * st, (byte) (buf[k] != 0 ? 1 : 0)); }
            case INT64 -> { for (int k = 0; k < c; k++) m.setAtIndex(L, o + k * st, Elem.toLong(buf[k])); }
            case INT32 -> { for (int k = 0; k < c; k++) m.setAtIndex(I, o + k * st, (int) Elem.toLong(buf[k])); }
            case INT16 -> { for (int k = 0; k < c; k++) m.setAtIndex(S, o + k * st, (short) Elem.toLong(buf[k])); }
            case INT8, UINT8 -> { for (int k = 0; k < c; k++) m.set(B, o + k * st, (byte) Elem.toLong(buf[k])); }
        }
    }

    /**
     * Transpose tiles: TP elements along the source's unit-stride axis (one work item's strip) x TQ along the
     * destination's; TILE is the least extent of either axis worth tiling. ElementwiseBench permute3d (a [64, 256,
     * 1024] float32 volume permuted (2, 0, 1), 2 threads): 44.4 ms with 32 x 32 tiles written straight to the
     * destination, 13.5 with 128 x 32 through the buffer (32 x 32 through it: ~19.5 in a plain timing loop); a 4096 x
     * 4096 transpose takes 15.5-20 ms (the 85-105 ms once noted here was a loop that kept its results: fresh memory
     * faulted in on every call).
     */
    private static final int TILE = 32, TP = 128, TQ = 32;

    /**
     * A transposing copy into a contiguous float32 tensor (a NIfTI volume's i-fastest view made row-major, with or
     * without an int16/uint8 -> float32 conversion): the source's unit-stride axis p against the destination's last
     * axis q in 32×32 tiles, so both sides stay in cache; the element-by-element strided loop misses on every read
     * (~0.5 s for 33 M voxels). Same values as the generic path ((float) of each element). False when not such a copy.
     */
    private static boolean transposeToFloat32(Tensor dst, Tensor src, MemorySegment d, MemorySegment s) {
        DType st = src.dtype();
        if (dst.dtype() != DType.FLOAT32 || !(st == DType.INT16 || st == DType.UINT8 || st == DType.FLOAT32)) return false;
        int n = dst.dim();
        if (n < 2 || !dst.isContiguous() || dst.numel() < (1 << 16)) return false;
        long[] sh = dst.shape(), ss = src.strides();
        int q = n - 1, p = -1;
        for (int a = 0; a < q; a++) if (ss[a] == 1 && sh[a] > 1) { p = a; break; }
        if (p < 0 || sh[q] < TILE || sh[p] < TILE) return false;
        long[] ds = new long[n];
        ds[q] = 1;
        for (int a = q - 1; a >= 0; a--) ds[a] = ds[a + 1] * sh[a + 1];
        int[] outer = new int[n - 2];
        long outerCount = 1;
        for (int a = 0, k = 0; a < n; a++) if (a != p && a != q) { outer[k++] = a; outerCount *= sh[a]; }
        long sOff = src.offset(), dOff = dst.offset(), np = sh[p], nq = sh[q], sq = ss[q], dp = ds[p];
        int pp = p;
        Parallel.forRange(outerCount * ((np + TP - 1) / TP), 1, (a, b) -> {
            long tilesP = (np + TP - 1) / TP;
            // a tile goes through a heap buffer: read along p (the source's unit stride) for each q, written out along q
            // (the destination's) for each p, so both sides move whole runs; written straight to the destination, each
            // element of a source run landed in another destination row
            int[] bits = new int[TP * TQ];
            float[] vals = new float[TP * TQ];
            for (long w = a; w < b; w++) {
                long o = w / tilesP, p0 = (w - o * tilesP) * TP, p1 = Math.min(np, p0 + TP);
                int pn = (int) (p1 - p0);
                long rem = o, sBase = sOff, dBase = dOff;
                for (int t = outer.length - 1; t >= 0; t--) {
                    int ax = outer[t];
                    long i = rem % sh[ax];
                    rem /= sh[ax];
                    sBase += i * ss[ax];
                    dBase += i * ds[ax];
                }
                for (long q0 = 0; q0 < nq; q0 += TQ) {
                    int qn = (int) (Math.min(nq, q0 + TQ) - q0);
                    for (int jq = 0; jq < qn; jq++) {
                        long sRow = sBase + (q0 + jq) * sq + p0;
                        switch (st) {
                            case INT16 -> {
                                for (int jp = 0; jp < pn; jp++) vals[jp * TQ + jq] = s.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, sRow + jp);
                            }
                            case UINT8 -> {
                                for (int jp = 0; jp < pn; jp++) vals[jp * TQ + jq] = s.get(ValueLayout.JAVA_BYTE, sRow + jp) & 0xff;
                            }
                            default -> {
                                for (int jp = 0; jp < pn; jp++) bits[jp * TQ + jq] = s.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, sRow + jp);
                            }
                        }
                    }
                    for (int jp = 0; jp < pn; jp++) {
                        long at = (dBase + (p0 + jp) * dp + q0) * 4;
                        if (st == DType.FLOAT32) MemorySegment.copy(bits, jp * TQ, d, ValueLayout.JAVA_INT_UNALIGNED, at, qn);
                        else MemorySegment.copy(vals, jp * TQ, d, ValueLayout.JAVA_FLOAT_UNALIGNED, at, qn);
                    }
                }
            }
        });
        return pp >= 0;
    }

    static void fill(Tensor dst, Number value) {
        dst.checkAlive("fill");
        DType dt = dst.dtype();
        MemorySegment d = seg(dst);
        StridedLoop loop = StridedLoop.of(dst);
        long sd = loop.innerStride(0);
        boolean integral = value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
        if (sd == 1 && dt == DType.FLOAT32) {
            float v = value.floatValue();
            if (Float.floatToRawIntBits(v) == 0) {
                loop.forEach((off, n) -> d.asSlice(off[0] * 4, n * 4).fill((byte) 0));
            } else {
                loop.forEach((off, n) -> {
                    long o = off[0];
                    for (long k = 0; k < n; k++) d.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, o + k, v);
                });
            }
            return;
        }
        loop.forEach((off, n) -> {
            long o = off[0];
            if (integral) {
                long v = value.longValue();
                for (long k = 0; k < n; k++, o += sd) Elem.putLong(d, dt, o, v);
            } else {
                double v = value.doubleValue();
                for (long k = 0; k < n; k++, o += sd) Elem.putDouble(d, dt, o, v);
            }
        });
    }

    static void fillLinear(Tensor dst, double start, double step, double end) {
        dst.checkAlive("fillLinear");
        DType dt = dst.dtype();
        MemorySegment d = seg(dst);
        long n = dst.numel(), half = n / 2, st = dst.stride(0), base = dst.offset();
        Parallel.forRange(n, 1 << 15, (a, b) -> {
            for (long i = a; i < b; i++) {
                double v = i < half || Double.isNaN(end) ? start + i * step : end - (n - 1 - i) * step;
                if (dt.isFloatingPoint()) Elem.putDouble(d, dt, base + i * st, v);
                else Elem.putLong(d, dt, base + i * st, (long) v);
            }
        });
    }
}
