package dev.axial.tensor.cpu;

import dev.axial.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static dev.axial.tensor.cpu.CpuBackend.seg;

/**
 * Max, average and adaptive pooling (1D/2D/3D) and their backward ops on the CPU, float32 and float64. Every
 * tensor is contiguous (N, C, spatial...); 1D and 2D are run as 3D with leading spatial dims of size 1, which
 * leaves the flat in-plane indices unchanged. Forwards split the (plane, depth, row) output rows over the
 * workers; backwards split whole planes, so each gradient element is summed by one thread in a fixed order
 * (results never depend on the thread count). Sums accumulate in double, as ATen's CPU acc_type.
 */
final class CpuPool {
    static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG_UNALIGNED;
    /** Element-visits per parallel chunk below which splitting does not pay. */
    private static final long GRAIN = 1 << 15;

    private CpuPool() {}

    // NOTE: f32 is loop-invariant, so the JIT unswitches these and each loop runs as a pure float or double loop
    static double rd(MemorySegment m, boolean f32, long i) { return f32 ? m.getAtIndex(F, i) : m.getAtIndex(D, i); }

    static void wr(MemorySegment m, boolean f32, long i, double v) {
        if (f32) m.setAtIndex(F, i, (float) v); else m.setAtIndex(D, i, v);
    }

    static void add(MemorySegment m, boolean f32, long i, double v) {
        if (f32) m.setAtIndex(F, i, m.getAtIndex(F, i) + (float) v); else m.setAtIndex(D, i, m.getAtIndex(D, i) + v);
    }

    /** The last {@code k} dims of {@code shape} padded on the left with 1s to three: (D, H, W). */
    static int[] spatial3(long[] shape, int k) {
        int[] s = {1, 1, 1};
        for (int i = 0; i < k; i++) s[3 - k + i] = Math.toIntExact(shape[shape.length - k + i]);
        return s;
    }

    /** A per-dim parameter padded on the left to three with {@code fill}. */
    static int[] pad3(int[] p, int fill) {
        int[] s = {fill, fill, fill};
        System.arraycopy(p, 0, s, 3 - p.length, p.length);
        return s;
    }

    /** Number of (n, c) planes of a tensor with {@code k} spatial dims. */
    static long planes(Tensor t, int k) {
        long n = 1;
        for (int i = 0; i < t.dim() - k; i++) n *= t.size(i);
        return n;
    }

    static long vol(int[] s) { return (long) s[0] * s[1] * s[2]; }

    /** Per-chunk scratch rows on the heap: the JIT compiles plain array loops far better than segment accesses. */
    static final class Scratch {
        final double[] in, acc;
        final long[] idx;
        private long[] rowFlat;

        /** A scratch array of at least n longs (kept for the chunk). */
        long[] rowFlat(int n) {
            if (rowFlat == null || rowFlat.length < n) rowFlat = new long[n];
            return rowFlat;
        }

        /** Input rows already resampled along W (interpolate), reused by the next output rows of the chunk. */
        RowCache rowCache;

        Scratch(int inW, int outW) {
            in = new double[inW];
            acc = new double[outW];
            idx = new long[outW];
        }
    }

    /**
     * A few rows keyed by their source offset, replaced round-robin: consecutive output rows of an upsampling
     * share most source rows. Only what is recomputed depends on it, never a value.
     */
    static final class RowCache {
        private final long[] keys;
        private final double[][] rows;
        private int next;

        RowCache(int size, int width) {
            keys = new long[size];
            java.util.Arrays.fill(keys, -1);
            rows = new double[size][width];
        }

        double[] get(long key) {
            for (int i = 0; i < keys.length; i++) if (keys[i] == key) return rows[i];
            return null;
        }

        /** The slot for {@code key}, to be filled by the caller. */
        double[] put(long key) {
            int i = next;
            next = (next + 1) % keys.length;
            keys[i] = key;
            return rows[i];
        }
    }

    /** Output rows (plane, od, oh) split over the workers, with scratch rows of inW and outW elements per chunk. */
    static void forRows(long planes, int[] o, long workPerRow, int inW, RowBody body) {
        long rows = planes * o[0] * o[1];
        long grain = Math.max(1, GRAIN / Math.max(1, workPerRow));
        Parallel.forRange(rows, grain, (start, end) -> {
            Scratch sc = new Scratch(inW, o[2]);
            for (long r = start; r < end; r++) {
                long plane = r / ((long) o[0] * o[1]);
                int rem = (int) (r % ((long) o[0] * o[1]));
                body.row(plane, rem / o[1], rem % o[1], sc);
            }
        });
    }

    @FunctionalInterface
    interface RowBody {
        void row(long plane, int od, int oh, Scratch sc);
    }

    /** Loads n elements from {@code from} into {@code dst} (widened to double). */
    static void load(MemorySegment m, boolean f32, long from, double[] dst, int n) { load(m, f32, from, dst, 0, n); }

    /** Loads n elements from {@code from} into {@code dst} at {@code at} (widened to double). */
    static void load(MemorySegment m, boolean f32, long from, double[] dst, int at, int n) {
        if (f32) for (int i = 0; i < n; i++) dst[at + i] = m.getAtIndex(F, from + i);
        else MemorySegment.copy(m, D, from * 8, dst, at, n);
    }

    /** Stores n elements of {@code src} at {@code to}. */
    static void store(MemorySegment m, boolean f32, long to, double[] src, int n) {
        if (f32) for (int i = 0; i < n; i++) m.setAtIndex(F, to + i, (float) src[i]);
        else MemorySegment.copy(src, 0, m, D, to * 8, n);
    }

    /** Adds {@code scale * src[i]} into n elements at {@code to}. */
    static void addRow(MemorySegment m, boolean f32, long to, double[] src, double scale, int n) {
        if (f32) for (int i = 0; i < n; i++) m.setAtIndex(F, to + i, m.getAtIndex(F, to + i) + (float) (scale * src[i]));
        else for (int i = 0; i < n; i++) m.setAtIndex(D, to + i, m.getAtIndex(D, to + i) + scale * src[i]);
    }

    /** First output index whose tap {@code c} lands at or after input 0 along W: ceil((pad - c*dil)/stride), clamped. */
    static int firstOut(int c, int stride, int pad, int dil) { return Math.max(0, Math.floorDiv(pad - c * dil + stride - 1, stride)); }

    /** One past the last output index whose tap {@code c} lands before input {@code in}, clamped to {@code out}. */
    static int endOut(int c, int stride, int pad, int dil, int in, int out) {
        return Math.min(out, Math.floorDiv(in - 1 + pad - c * dil, stride) + 1);
    }

    /**
     * A backward scatter over whole planes (a plane belongs to one thread, so the sums never depend on the
     * thread count): each plane of gradIn (last k dims) is zeroed, then {@code body} adds gradOut's plane into it.
     */
    static void scatterPlanes(Tensor gradIn, Tensor gradOut, int k, long workPerOut, ScatterBody body) {
        long planes = planes(gradIn, k);
        long iv = vol(spatial3(gradIn.shape(), k)), ov = vol(spatial3(gradOut.shape(), k));
        if (planes * iv == 0) return;
        boolean f32 = gradIn.dtype().byteSize() == 4;
        MemorySegment gi = seg(gradIn), go = seg(gradOut);
        long gio = gradIn.offset(), goo = gradOut.offset();
        long grain = Math.max(1, GRAIN / Math.max(1, iv + ov * workPerOut));
        Parallel.forRange(planes, grain, (start, end) -> {
            for (long p = start; p < end; p++) {
                long gb = gio + p * iv;
                for (long i = 0; i < iv; i++) wr(gi, f32, gb + i, 0);
                body.plane(p, gi, go, f32, gb, goo + p * ov);
            }
        });
    }

    @FunctionalInterface
    interface ScatterBody {
        /** Adds plane {@code p} of gradOut (from element {@code ob} of {@code go}) into gradIn's plane at {@code gb}. */
        void plane(long p, MemorySegment gi, MemorySegment go, boolean f32, long gb, long ob);
    }

    // ---- max pooling -------------------------------------------------------------------------------

    static void maxPool(Tensor out, Tensor indices, Tensor in, int[] kernel, int[] stride, int[] padding, int[] dilation) {
        int k = kernel.length;
        int[] is = spatial3(in.shape(), k), os = spatial3(out.shape(), k);
        int[] kk = pad3(kernel, 1), st = pad3(stride, 1), pd = pad3(padding, 0), dl = pad3(dilation, 1);
        long planes = planes(in, k);
        if (planes * vol(os) == 0) return;
        boolean f32 = in.dtype().byteSize() == 4;
        MemorySegment x = seg(in), y = seg(out), ix = seg(indices);
        long xo = in.offset(), yo = out.offset(), io = indices.offset(), iv = vol(is), ov = vol(os);
        int ow = os[2], iw = is[2];
        int taps = kk[0] * kk[1];
        int[] taps0 = new int[ow], taps1 = new int[ow];   // per output column: its in-bounds W taps [c0, c1)
        for (int o = 0; o < ow; o++) {
            int w0 = o * st[2] - pd[2];
            taps0[o] = w0 < 0 ? (-w0 + dl[2] - 1) / dl[2] : 0;
            taps1[o] = Math.min(kk[2], Math.floorDiv(iw - 1 - w0, dl[2]) + 1);
        }
        forRows(planes, os, (long) ow * vol(kk), iw * taps, (plane, od, oh, sc) -> {
            double[] rows = sc.in, best = sc.acc;
            long[] bi = sc.idx, rowFlat = sc.rowFlat(taps);
            // the window's in-bounds (d, h) rows, in tap order, each loaded once
            int nr = 0;
            for (int a = 0; a < kk[0]; a++) {
                int id = od * st[0] - pd[0] + a * dl[0];
                if (id < 0 || id >= is[0]) continue;
                for (int b = 0; b < kk[1]; b++) {
                    int ih = oh * st[1] - pd[1] + b * dl[1];
                    if (ih < 0 || ih >= is[1]) continue;
                    rowFlat[nr] = ((long) id * is[1] + ih) * iw;
                    load(x, f32, xo + plane * iv + rowFlat[nr], rows, nr * iw, iw);
                    nr++;
                }
            }
            for (int o = 0; o < ow; o++) {
                int w0 = o * st[2] - pd[2], c0 = taps0[o], c1 = taps1[o];
                if (nr == 0 || c0 >= c1) {
                    best[o] = Double.NEGATIVE_INFINITY;
                    bi[o] = -1;
                    continue;
                }
                // taps in (d, h, w) order from the first: the first maximum wins, a NaN always wins (as ATen);
                // NOTE: the running maximum lives in registers, so the update compiles to conditional moves
                double m = rows[w0 + c0 * dl[2]];
                long mi = rowFlat[0] + w0 + c0 * dl[2];
                for (int r = 0; r < nr; r++) {
                    int base = r * iw;
                    for (int c = c0; c < c1; c++) {
                        int w = w0 + c * dl[2];
                        double v = rows[base + w];
                        boolean take = v > m | v != v;
                        m = take ? v : m;
                        mi = take ? rowFlat[r] + w : mi;
                    }
                }
                best[o] = m;
                bi[o] = mi;
            }
            long yb = plane * ov + ((long) od * os[1] + oh) * ow;
            store(y, f32, yo + yb, best, ow);
            MemorySegment.copy(bi, 0, ix, L, (io + yb) * 8, ow);
        });
    }

    /** gradIn = 0, then gradIn[plane, indices[o]] += gradOut[o], skipping index -1 (also adaptive max pooling's backward). */
    static void maxPoolBackward(Tensor gradIn, Tensor gradOut, Tensor indices, int k) {
        long ov = vol(spatial3(gradOut.shape(), k));
        MemorySegment ix = seg(indices);
        long io = indices.offset();
        scatterPlanes(gradIn, gradOut, k, 1, (p, gi, go, f32, gb, ob) -> {
            for (long o = 0; o < ov; o++) {
                long i = ix.getAtIndex(L, io + p * ov + o);
                if (i >= 0) add(gi, f32, gb + i, rd(go, f32, ob + o));
            }
        });
    }

    // ---- average pooling ---------------------------------------------------------------------------

    /** The averaging window of one output position along one dim: [lo, hi) clamped, and its padded length. */
    private static int window(int o, int stride, int pad, int kernel, int size, int[] lohi) {
        int lo = o * stride - pad;
        int hi = Math.min(lo + kernel, size + pad);
        int padded = hi - lo;
        lohi[0] = Math.max(lo, 0);
        lohi[1] = Math.min(hi, size);
        return padded;
    }

    /** ATen's avg_pool divisor: the override, else the padded window (count_include_pad) or the in-bounds taps. */
    private static double divisor(int padded, int inBounds, boolean countIncludePad, int divisorOverride) {
        if (divisorOverride != 0) return divisorOverride;
        return countIncludePad ? padded : inBounds;
    }

    static void avgPool(Tensor out, Tensor in, int[] kernel, int[] stride, int[] padding, boolean countIncludePad, int divisorOverride) {
        int k = kernel.length;
        int[] is = spatial3(in.shape(), k), os = spatial3(out.shape(), k);
        int[] kk = pad3(kernel, 1), st = pad3(stride, 1), pd = pad3(padding, 0);
        long planes = planes(in, k);
        if (planes * vol(os) == 0) return;
        boolean f32 = in.dtype().byteSize() == 4;
        MemorySegment x = seg(in), y = seg(out);
        long xo = in.offset(), yo = out.offset(), iv = vol(is), ov = vol(os);
        int ow = os[2], iw = is[2];
        int[] div = new int[ow * 2];   // per output column: padded window length and in-bounds taps along W
        int[] ww = new int[2];
        for (int o = 0; o < ow; o++) {
            div[2 * o] = window(o, st[2], pd[2], kk[2], iw, ww);
            div[2 * o + 1] = Math.max(0, ww[1] - ww[0]);
        }
        forRows(planes, os, (long) ow * vol(kk), iw, (plane, od, oh, sc) -> {
            int[] wd = new int[2], wh = new int[2];
            int pdd = window(od, st[0], pd[0], kk[0], is[0], wd), phh = window(oh, st[1], pd[1], kk[1], is[1], wh);
            double[] row = sc.in, acc = sc.acc;
            java.util.Arrays.fill(acc, 0);
            if (sc.rowCache == null) sc.rowCache = new RowCache(kk[0] * kk[1] * 2, ow);
            for (int id = wd[0]; id < wd[1]; id++)
                for (int ih = wh[0]; ih < wh[1]; ih++) {
                    // the row's window sums along W, shared by the next output rows whose windows overlap it
                    long src = plane * iv + ((long) id * is[1] + ih) * iw;
                    double[] sums = sc.rowCache.get(src);
                    if (sums == null) {
                        sums = sc.rowCache.put(src);
                        java.util.Arrays.fill(sums, 0);
                        load(x, f32, xo + src, row, iw);
                        for (int c = 0; c < kk[2]; c++) {
                            int off = c - pd[2];
                            for (int o = firstOut(c, st[2], pd[2], 1), e = endOut(c, st[2], pd[2], 1, iw, ow); o < e; o++)
                                sums[o] += row[o * st[2] + off];
                        }
                    }
                    for (int o = 0; o < ow; o++) acc[o] += sums[o];
                }
            int nDH = Math.max(0, wd[1] - wd[0]) * Math.max(0, wh[1] - wh[0]);
            for (int o = 0; o < ow; o++) {
                int n = nDH * div[2 * o + 1];
                acc[o] = n == 0 ? 0 : acc[o] / divisor(pdd * phh * div[2 * o], n, countIncludePad, divisorOverride);
            }
            store(y, f32, yo + plane * ov + ((long) od * os[1] + oh) * ow, acc, ow);
        });
    }

    static void avgPoolBackward(Tensor gradIn, Tensor gradOut, int[] kernel, int[] stride, int[] padding,
                                boolean countIncludePad, int divisorOverride) {
        int k = kernel.length;
        int[] is = spatial3(gradIn.shape(), k), os = spatial3(gradOut.shape(), k);
        int[] kk = pad3(kernel, 1), st = pad3(stride, 1), pd = pad3(padding, 0);
        int ow = os[2], iw = is[2];
        scatterPlanes(gradIn, gradOut, k, vol(kk), (p, gi, go, f32, gb, ob) -> {
            int[] wd = new int[2], wh = new int[2], ww = new int[2];
            double[] g = new double[ow], t = new double[iw];
            for (int od = 0; od < os[0]; od++) {
                int pdd = window(od, st[0], pd[0], kk[0], is[0], wd);
                for (int oh = 0; oh < os[1]; oh++) {
                    int phh = window(oh, st[1], pd[1], kk[1], is[1], wh);
                    int nDH = Math.max(0, wd[1] - wd[0]) * Math.max(0, wh[1] - wh[0]);
                    if (nDH == 0) continue;
                    // the W-direction transpose of this output row, then added into every input row of the window
                    load(go, f32, ob + ((long) od * os[1] + oh) * ow, g, ow);
                    java.util.Arrays.fill(t, 0);
                    for (int o = 0; o < ow; o++) {
                        int pww = window(o, st[2], pd[2], kk[2], iw, ww);
                        int n = nDH * Math.max(0, ww[1] - ww[0]);
                        if (n == 0) continue;
                        double v = g[o] / divisor(pdd * phh * pww, n, countIncludePad, divisorOverride);
                        for (int w = ww[0]; w < ww[1]; w++) t[w] += v;
                    }
                    for (int id = wd[0]; id < wd[1]; id++)
                        for (int ih = wh[0]; ih < wh[1]; ih++) addRow(gi, f32, gb + ((long) id * is[1] + ih) * iw, t, 1, iw);
                }
            }
        });
    }

    // ---- adaptive pooling --------------------------------------------------------------------------

    /** ATen's adaptive window: [floor(o*in/out), ceil((o+1)*in/out)). */
    static int start(int o, int in, int out) { return (int) Math.floorDiv((long) o * in, out); }

    static int end(int o, int in, int out) { return (int) -Math.floorDiv(-(long) (o + 1) * in, out); }

    /** Adaptive average ({@code indices} null) or max pooling over the last {@code k} dims. */
    static void adaptivePool(Tensor out, Tensor indices, Tensor in, int k) {
        int[] is = spatial3(in.shape(), k), os = spatial3(out.shape(), k);
        long planes = planes(in, k);
        if (planes * vol(os) == 0) return;
        boolean f32 = in.dtype().byteSize() == 4, max = indices != null;
        MemorySegment x = seg(in), y = seg(out), ix = max ? seg(indices) : null;
        long xo = in.offset(), yo = out.offset(), io = max ? indices.offset() : 0, iv = vol(is), ov = vol(os);
        long work = (long) os[2] * Math.max(1, iv / Math.max(1, ov));
        forRows(planes, os, work, 0, (plane, od, oh, sc) -> {
            int d0 = start(od, is[0], os[0]), d1 = end(od, is[0], os[0]);
            int h0 = start(oh, is[1], os[1]), h1 = end(oh, is[1], os[1]);
            long xb = xo + plane * iv, yb = plane * ov + ((long) od * os[1] + oh) * os[2];
            for (int ow = 0; ow < os[2]; ow++) {
                int w0 = start(ow, is[2], os[2]), w1 = end(ow, is[2], os[2]);
                double acc = max ? Double.NEGATIVE_INFINITY : 0;
                long bestIdx = ((long) d0 * is[1] + h0) * is[2] + w0;
                for (int id = d0; id < d1; id++)
                    for (int ih = h0; ih < h1; ih++) {
                        long r = ((long) id * is[1] + ih) * is[2];
                        for (int iw = w0; iw < w1; iw++) {
                            double v = rd(x, f32, xb + r + iw);
                            if (!max) {
                                acc += v;
                            } else if (v > acc || Double.isNaN(v)) {
                                acc = v;
                                bestIdx = r + iw;
                            }
                        }
                    }
                if (max) {
                    wr(y, f32, yo + yb + ow, acc);
                    ix.setAtIndex(L, io + yb + ow, bestIdx);
                } else {
                    wr(y, f32, yo + yb + ow, acc / ((long) (d1 - d0) * (h1 - h0) * (w1 - w0)));
                }
            }
        });
    }

    static void adaptiveAvgPoolBackward(Tensor gradIn, Tensor gradOut, int k) {
        int[] is = spatial3(gradIn.shape(), k), os = spatial3(gradOut.shape(), k);
        long work = Math.max(1, vol(is) / Math.max(1, vol(os)));
        scatterPlanes(gradIn, gradOut, k, work, (p, gi, go, f32, gb, ob) -> {
            for (int od = 0; od < os[0]; od++) {
                int d0 = start(od, is[0], os[0]), d1 = end(od, is[0], os[0]);
                for (int oh = 0; oh < os[1]; oh++) {
                    int h0 = start(oh, is[1], os[1]), h1 = end(oh, is[1], os[1]);
                    for (int ow = 0; ow < os[2]; ow++) {
                        int w0 = start(ow, is[2], os[2]), w1 = end(ow, is[2], os[2]);
                        double g = rd(go, f32, ob + ((long) od * os[1] + oh) * os[2] + ow)
                                / ((long) (d1 - d0) * (h1 - h0) * (w1 - w0));
                        for (int id = d0; id < d1; id++)
                            for (int ih = h0; ih < h1; ih++) {
                                long r = gb + ((long) id * is[1] + ih) * is[2];
                                for (int iw = w0; iw < w1; iw++) add(gi, f32, r + iw, g);
                            }
                    }
                }
            }
        });
    }
}
