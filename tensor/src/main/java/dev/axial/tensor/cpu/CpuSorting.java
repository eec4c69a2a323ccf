package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

import static dev.axial.tensor.cpu.CpuBackend.seg;

/**
 * sort, searchsorted, histc, bincount, unique, quantile on the CPU.
 *
 * <p>Sort maps every element to a signed key whose integer order is PyTorch's order (floats: sign-magnitude
 * bits folded to two's complement, -0.0 folded onto +0.0, every NaN onto one key above +inf; descending:
 * the complement of the key). Keys of at most 32 bits are packed with the element's position into one long
 * and sorted with {@link Arrays#sort(long[])}: equal keys then keep their input order, so the sort is stable.
 * 64-bit keys (float64, int64) go through a stable merge sort. Rows are sorted in parallel.
 */
final class CpuSorting {
    private CpuSorting() {}

    // ---- sort ------------------------------------------------------------------------------------

    static void sort(Tensor values, Tensor indices, Tensor in, int dim, boolean descending) {
        in.checkAlive("sort");
        if (in.numel() == 0) return;
        long len = in.shape()[dim];
        if (len > Integer.MAX_VALUE - 8)
            throw TensorException.of("sort", "dim " + dim + " is too long (" + len + ") for the CPU sort", in);
        int n = (int) len;
        DType t = in.dtype();
        boolean wide = t == DType.FLOAT64 || t == DType.INT64;
        MemorySegment src = seg(in), vs = seg(values), is = seg(indices);
        long sIn = in.strides()[dim], sV = values.strides()[dim], sI = indices.strides()[dim];
        Rows rows = Rows.of(dim, in, values, indices);
        int es = t.byteSize();
        Parallel.forRange(rows.count(), Math.max(1, (1 << 14) / n), (s, e) -> {
            long[] off = new long[3];
            long[] keys = new long[n];
            int[] idx = wide ? new int[n] : null;
            long[] tk = wide ? new long[n] : null;
            int[] ti = wide ? new int[n] : null;
            for (long r = s; r < e; r++) {
                rows.at(r, off);
                long base = off[0];
                if (wide) {
                    for (int j = 0; j < n; j++) {
                        long k = key64(src, t, base + j * sIn);
                        keys[j] = descending ? ~k : k;
                        idx[j] = j;
                    }
                    mergeSort(keys, idx, n, tk, ti);
                } else {
                    for (int j = 0; j < n; j++) {
                        int k = key32(src, t, base + j * sIn);
                        keys[j] = ((long) (descending ? ~k : k) << 32) | j;
                    }
                    Arrays.sort(keys, 0, n);
                }
                for (int j = 0; j < n; j++) {
                    long from = wide ? idx[j] : (int) keys[j];
                    putRaw(vs, es, off[1] + j * sV, getRaw(src, es, base + from * sIn));
                    is.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, off[2] + j * sI, from);
                }
            }
        });
    }

    /** PyTorch's order as a signed int, for dtypes of at most 32 bits. */
    private static int key32(MemorySegment m, DType t, long i) {
        return switch (t) {
            case FLOAT32 -> floatKey(m.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i));
            case FLOAT16, BFLOAT16 -> floatKey((float) Elem.getDouble(m, t, i));
            default -> (int) Elem.getLong(m, t, i);
        };
    }

    private static long key64(MemorySegment m, DType t, long i) {
        if (t != DType.FLOAT64) return Elem.getLong(m, t, i);
        double d = m.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i);
        long bits = d == 0 ? 0 : d != d ? 0x7ff8000000000000L : Double.doubleToRawLongBits(d);
        return bits ^ ((bits >> 63) >>> 1);
    }

    private static int floatKey(float f) {
        int bits = f == 0 ? 0 : f != f ? 0x7fc00000 : Float.floatToRawIntBits(f);
        return bits ^ ((bits >> 31) >>> 1);
    }

    /** Stable: insertion sort on runs of 32, then bottom-up merges between (k, v) and (tk, tv). */
    static void mergeSort(long[] k, int[] v, int n, long[] tk, int[] tv) {
        final int run = 32;
        for (int lo = 0; lo < n; lo += run) {
            int hi = Math.min(lo + run, n);
            for (int i = lo + 1; i < hi; i++) {
                long x = k[i];
                int y = v[i];
                int j = i - 1;
                while (j >= lo && k[j] > x) {
                    k[j + 1] = k[j];
                    v[j + 1] = v[j];
                    j--;
                }
                k[j + 1] = x;
                v[j + 1] = y;
            }
        }
        long[] sk = k, dk = tk;
        int[] sv = v, dv = tv;
        for (long w = run; w < n; w *= 2) {
            for (long lo = 0; lo < n; lo += 2 * w) {
                int mid = (int) Math.min(lo + w, n), hi = (int) Math.min(lo + 2 * w, n);
                int i = (int) lo, j = mid, o = (int) lo;
                while (i < mid && j < hi) {
                    if (sk[j] < sk[i]) { dk[o] = sk[j]; dv[o++] = sv[j++]; }
                    else { dk[o] = sk[i]; dv[o++] = sv[i++]; }
                }
                while (i < mid) { dk[o] = sk[i]; dv[o++] = sv[i++]; }
                while (j < hi) { dk[o] = sk[j]; dv[o++] = sv[j++]; }
            }
            long[] a = sk; sk = dk; dk = a;
            int[] b = sv; sv = dv; dv = b;
        }
        if (sk != k) {
            System.arraycopy(sk, 0, k, 0, n);
            System.arraycopy(sv, 0, v, 0, n);
        }
    }

    private static long getRaw(MemorySegment m, int es, long i) {
        return switch (es) {
            case 1 -> m.get(ValueLayout.JAVA_BYTE, i);
            case 2 -> m.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i);
            case 4 -> m.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i);
            default -> m.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i);
        };
    }

    private static void putRaw(MemorySegment m, int es, long i, long bits) {
        switch (es) {
            case 1 -> m.set(ValueLayout.JAVA_BYTE, i, (byte) bits);
            case 2 -> m.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, (short) bits);
            case 4 -> m.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i, (int) bits);
            default -> m.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i, bits);
        }
    }

    /**
     * Stable lexicographic order of the rows of 2-D {@code rows}: every element is mapped once to its sort key (as
     * {@link #sort}), then row indices are merge-sorted (stable) comparing key rows.
     */
    static void sortRows(Tensor perm, Tensor rows) {
        rows.checkAlive("unique");
        long nl = rows.shape()[0], ml = rows.shape()[1];
        if (nl * ml > Integer.MAX_VALUE - 8)
            throw TensorException.of("unique", "too many elements (" + nl * ml + ") for the CPU row sort", rows);
        int n = (int) nl, m = (int) ml;
        DType t = rows.dtype();
        boolean wide = t == DType.FLOAT64 || t == DType.INT64;
        MemorySegment src = seg(rows);
        long s0 = rows.strides()[0], s1 = rows.strides()[1], off = rows.offset();
        long[] keys = new long[n * m];
        Parallel.forRange(n, Math.max(1, (1 << 14) / Math.max(1, m)), (a, b) -> {
            for (long i = a; i < b; i++)
                for (int j = 0; j < m; j++) {
                    long at = off + i * s0 + j * s1;
                    keys[(int) i * m + j] = wide ? key64(src, t, at) : key32(src, t, at);
                }
        });
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (x, y) -> {   // TimSort: stable
            int bx = x * m, by = y * m;
            for (int j = 0; j < m; j++) {
                int c = Long.compare(keys[bx + j], keys[by + j]);
                if (c != 0) return c;
            }
            return 0;
        });
        MemorySegment ps = seg(perm);
        long sp = perm.strides()[0];
        for (int i = 0; i < n; i++) ps.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, perm.offset() + i * sp, order[i]);
    }

    // ---- searchsorted ----------------------------------------------------------------------------

    /** PyTorch's comparisons ({@code !(s >= v)} left, {@code !(s > v)} right), so NaN behaves exactly as there. */
    static void searchsorted(Tensor out, Tensor sorted, Tensor values, boolean right) {
        sorted.checkAlive("searchsorted");
        values.checkAlive("searchsorted");
        if (values.numel() == 0) return;
        int last = values.dim() - 1;
        long m = values.shape()[last], len = sorted.shape()[last];
        long sS = sorted.strides()[last], sV = values.strides()[last], sO = out.strides()[last];
        DType st = sorted.dtype(), vt = values.dtype();
        boolean integral = !st.isFloatingPoint() && !vt.isFloatingPoint();
        MemorySegment ss = seg(sorted), vs = seg(values), os = seg(out);
        Rows rows = Rows.of(last, values, sorted, out);
        Parallel.forRange(rows.count(), Math.max(1, (1 << 12) / Math.max(1, m)), (s, e) -> {
            long[] off = new long[3];
            for (long r = s; r < e; r++) {
                rows.at(r, off);
                for (long j = 0; j < m; j++) {
                    long lo = 0, hi = len;
                    if (integral) {
                        long v = Elem.getLong(vs, vt, off[0] + j * sV);
                        while (lo < hi) {
                            long mid = (lo + hi) >>> 1;
                            long x = Elem.getLong(ss, st, off[1] + mid * sS);
                            if (right ? x <= v : x < v) lo = mid + 1; else hi = mid;
                        }
                    } else {
                        double v = Elem.getDouble(vs, vt, off[0] + j * sV);
                        while (lo < hi) {
                            long mid = (lo + hi) >>> 1;
                            double x = Elem.getDouble(ss, st, off[1] + mid * sS);
                            if (right ? !(x > v) : !(x >= v)) lo = mid + 1; else hi = mid;
                        }
                    }
                    os.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, off[2] + j * sO, lo);
                }
            }
        });
    }

    // ---- histc, bincount -------------------------------------------------------------------------

    /**
     * As torch.histc: bin = (long) ((v - min) * bins / (max - min)) in the input's precision (float for all but
     * float64), the max edge in the last bin, values outside [min, max] and NaN skipped. Counts are summed as
     * longs per chunk, so they do not depend on the thread count.
     */
    static void histc(Tensor out, Tensor in, double min, double max) {
        in.checkAlive("histc");
        int bins = (int) out.numel();
        long[] total = new long[bins];
        DType t = in.dtype();
        boolean f64 = t == DType.FLOAT64;
        MemorySegment m = seg(in);
        StridedLoop loop = StridedLoop.of(in);
        long si = loop.innerStride(0);
        float fmin = (float) min, fmax = (float) max;
        Parallel.forRange(loop.numel(), 1 << 15, (s, e) -> {
            long[] c = new long[bins];
            loop.range(s, e, (off, n) -> {
                for (long k = 0; k < n; k++) {
                    double d = Elem.getDouble(m, t, off[0] + k * si);
                    long pos;
                    if (f64) {
                        if (!(d >= min && d <= max)) continue;
                        pos = (long) ((d - min) * bins / (max - min));
                    } else {
                        float v = (float) d;
                        if (!(v >= fmin && v <= fmax)) continue;
                        pos = (long) ((v - fmin) * bins / (fmax - fmin));
                    }
                    c[(int) Math.min(Math.max(pos, 0), bins - 1)]++;
                }
            });
            synchronized (total) {
                for (int i = 0; i < bins; i++) total[i] += c[i];
            }
        });
        MemorySegment o = seg(out);
        long so = out.strides()[0];
        for (int i = 0; i < bins; i++) Elem.putDouble(o, out.dtype(), out.offset() + i * so, total[i]);
    }

    /** Serial in input order (so float sums are reproducible); accumulates in float for a float32 out, else double or long. */
    static void bincount(Tensor out, Tensor in, Tensor weights) {
        in.checkAlive("bincount");
        int bins = (int) out.numel();
        DType it = in.dtype(), ot = out.dtype();
        MemorySegment m = seg(in), w = weights == null ? null : seg(weights);
        long n = in.numel(), si = in.strides()[0], sw = weights == null ? 0 : weights.strides()[0];
        long[] counts = weights == null ? new long[bins] : null;
        double[] sums = weights != null && ot != DType.FLOAT32 ? new double[bins] : null;
        float[] fsums = weights != null && ot == DType.FLOAT32 ? new float[bins] : null;
        for (long i = 0; i < n; i++) {
            long v = Elem.getLong(m, it, in.offset() + i * si);
            if (v < 0 || v >= bins)
                throw TensorException.of("bincount", "value " + v + " outside [0, " + bins + ")", in);
            if (counts != null) counts[(int) v]++;
            else {
                double x = Elem.getDouble(w, weights.dtype(), weights.offset() + i * sw);
                if (fsums != null) fsums[(int) v] += (float) x;
                else sums[(int) v] += x;
            }
        }
        MemorySegment o = seg(out);
        long so = out.strides()[0];
        for (int i = 0; i < bins; i++) {
            long at = out.offset() + i * so;
            if (counts != null) Elem.putLong(o, ot, at, counts[i]);
            else Elem.putDouble(o, ot, at, fsums != null ? fsums[i] : sums[i]);
        }
    }

    // ---- unique, quantile ------------------------------------------------------------------------

    /**
     * Runs of equal neighbours in 1-D {@code in} ({@code ==}: NaNs never merge, -0.0 merges with 0.0).
     * With {@code perm} (the permutation that sorted the original), inverse is scattered back to the original
     * order. Returns {values, inverse or null, counts or null}.
     */
    static Tensor[] unique(Tensor in, Tensor perm, boolean wantInverse, boolean wantCounts) {
        in.checkAlive("unique");
        long n = in.numel(), si = in.dim() == 0 ? 1 : in.strides()[0];
        DType t = in.dtype();
        boolean fp = t.isFloatingPoint();
        MemorySegment m = seg(in);
        long runs = 0;
        for (long i = 0; i < n; i++) if (i == 0 || !equal(m, t, fp, in.offset() + (i - 1) * si, in.offset() + i * si)) runs++;
        Tensor values = Tensor.empty(t, Device.CPU, runs);
        Tensor inverse = wantInverse ? Tensor.empty(DType.INT64, Device.CPU, n) : null;
        Tensor counts = wantCounts ? Tensor.empty(DType.INT64, Device.CPU, runs) : null;
        MemorySegment vs = seg(values), inv = inverse == null ? null : seg(inverse), cs = counts == null ? null : seg(counts);
        MemorySegment ps = perm == null ? null : seg(perm);
        long sp = perm == null ? 0 : perm.strides()[0];
        int es = t.byteSize();
        long run = -1, start = 0;
        for (long i = 0; i < n; i++) {
            long at = in.offset() + i * si;
            if (i == 0 || !equal(m, t, fp, at - si, at)) {
                if (run >= 0 && cs != null) cs.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, run, i - start);
                run++;
                start = i;
                putRaw(vs, es, run, getRaw(m, es, at));
            }
            if (inv != null) {
                long dst = ps == null ? i : ps.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, perm.offset() + i * sp);
                inv.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, dst, run);
            }
        }
        if (run >= 0 && cs != null) cs.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, run, n - start);
        return new Tensor[]{values, inverse, counts};
    }

    private static boolean equal(MemorySegment m, DType t, boolean fp, long a, long b) {
        return fp ? Elem.getDouble(m, t, a) == Elem.getDouble(m, t, b) : Elem.getLong(m, t, a) == Elem.getLong(m, t, b);
    }

    /**
     * out[j, r] = quantile q[j] of row r of {@code sorted} (R, n), ascending with NaN last, as torch.quantile:
     * rank = q * (n - 1) in the input's precision, then floor/ceil/round-half-even or a lerp of the neighbours.
     * A row with a NaN gives NaN; with {@code ignoreNan} NaNs are dropped (all NaN gives NaN), as nanquantile.
     */
    static void quantile(Tensor out, Tensor sorted, double[] q, String interpolation, boolean ignoreNan) {
        sorted.checkAlive("quantile");
        long rowsN = sorted.shape()[0], n = sorted.shape()[1];
        long s0 = sorted.strides()[0], s1 = sorted.strides()[1], o0 = out.strides()[0], o1 = out.strides()[1];
        DType t = sorted.dtype(), ot = out.dtype();
        boolean f64 = t == DType.FLOAT64;
        MemorySegment m = seg(sorted), o = seg(out);
        Parallel.forRange(rowsN, Math.max(1, (1 << 12) / Math.max(1, n)), (s, e) -> {
            for (long r = s; r < e; r++) {
                long base = sorted.offset() + r * s0;
                long valid = n;
                while (valid > 0 && Double.isNaN(Elem.getDouble(m, t, base + (valid - 1) * s1))) valid--;
                boolean nan = ignoreNan ? valid == 0 : valid < n;
                for (int j = 0; j < q.length; j++) {
                    double v = nan ? Double.NaN : pick(m, t, base, s1, q[j], valid - 1, interpolation, f64);
                    Elem.putDouble(o, ot, out.offset() + j * o0 + r * o1, v);
                }
            }
        });
    }

    private static double pick(MemorySegment m, DType t, long base, long st, double q, long last, String mode, boolean f64) {
        double rank = f64 ? q * last : (double) ((float) q * (float) last);
        rank = switch (mode) {
            case "lower" -> Math.floor(rank);
            case "higher" -> Math.ceil(rank);
            case "nearest" -> Math.rint(rank);
            default -> rank;
        };
        long below = (long) rank;
        double lo = Elem.getDouble(m, t, base + below * st);
        if (!mode.equals("linear") && !mode.equals("midpoint")) return lo;
        long above = (long) Math.ceil(rank);
        double hi = Elem.getDouble(m, t, base + above * st);
        double w = mode.equals("midpoint") ? 0.5 : rank - below;
        if (f64) return w < 0.5 ? lo + w * (hi - lo) : hi - (hi - lo) * (1 - w);
        float fl = (float) lo, fh = (float) hi, fw = (float) w;
        return fw < 0.5f ? fl + fw * (fh - fl) : fh - (fh - fl) * (1 - fw);
    }

    // ---- rows ------------------------------------------------------------------------------------

    /** The start offset of each operand for every index of all dims but {@code dim} (operand 0's shape). */
    private record Rows(long[] shape, long[][] strides, long[] base, long count) {
        static Rows of(int dim, Tensor... ts) {
            long[] full = ts[0].shape();
            int r = full.length;
            long[] shape = new long[Math.max(r - 1, 0)];
            long[][] st = new long[ts.length][shape.length];
            long[] base = new long[ts.length];
            for (int d = 0, j = 0; d < r; d++) {
                if (d == dim) continue;
                shape[j] = full[d];
                for (int k = 0; k < ts.length; k++) st[k][j] = ts[k].strides()[d];
                j++;
            }
            for (int k = 0; k < ts.length; k++) base[k] = ts[k].offset();
            long count = 1;
            for (long s : shape) count *= s;
            return new Rows(shape, st, base, count);
        }

        void at(long row, long[] off) {
            System.arraycopy(base, 0, off, 0, base.length);
            long rem = row;
            for (int d = shape.length - 1; d >= 0; d--) {
                long i = rem % shape[d];
                rem /= shape[d];
                for (int k = 0; k < off.length; k++) off[k] += i * strides[k][d];
            }
        }
    }
}
