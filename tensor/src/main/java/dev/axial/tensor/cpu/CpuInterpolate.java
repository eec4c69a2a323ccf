package dev.axial.tensor.cpu;

import dev.axial.tensor.Tensor;
import dev.axial.tensor.imaging.InterpolationMode;

import java.lang.foreign.MemorySegment;

import static dev.axial.tensor.cpu.CpuBackend.seg;
import static dev.axial.tensor.cpu.CpuPool.addRow;
import static dev.axial.tensor.cpu.CpuPool.forRows;
import static dev.axial.tensor.cpu.CpuPool.load;
import static dev.axial.tensor.cpu.CpuPool.store;
import static dev.axial.tensor.cpu.CpuPool.scatterPlanes;
import static dev.axial.tensor.cpu.CpuPool.planes;
import static dev.axial.tensor.cpu.CpuPool.spatial3;
import static dev.axial.tensor.cpu.CpuPool.vol;

/**
 * interpolate (nearest, nearest-exact, linear, bilinear, trilinear, bicubic) and its backward on the CPU,
 * float32 and float64. Every mode is separable: each output dim gets a table of T taps per output index
 * (source index, already clamped, and weight; T = 1, 2 or 4), computed with ATen's source-index formulas
 * (UpSample.h), and the output is the sum over the tap products. The forward builds one output row at a time
 * from input rows already resampled along W, kept in a small per-thread cache (consecutive rows of an
 * upsampling share most of them); the backward transposes each output row along W on the heap and adds it
 * into its (d, h) tap rows, per plane (a plane belongs to one thread: the sums never depend on thread count).
 */
final class CpuInterpolate {
    private static final double CUBIC_A = -0.75;

    private CpuInterpolate() {}

    /** The taps of one output dim: for output o, {@code idx[o*t + j]} with weight {@code w[o*t + j]}. */
    record Taps(int t, int[] idx, double[] w) {}

    private static final Taps UNIT = new Taps(1, new int[]{0}, new double[]{1});

    /** ATen's area_pixel_compute_scale. */
    static double linearScale(int in, int out, boolean alignCorners, double scale) {
        if (alignCorners) return out > 1 ? (in - 1) / (double) (out - 1) : 0;
        return scale > 0 ? 1 / scale : in / (double) out;
    }

    /** ATen's area_pixel_compute_source_index. */
    static double sourceIndex(double scale, int o, boolean alignCorners, boolean cubic) {
        if (alignCorners) return scale * o;
        double src = scale * (o + 0.5) - 0.5;
        return !cubic && src < 0 ? 0 : src;
    }

    /**
     * ATen's nearest_idx / nearest_exact_idx. NOTE: ATen computes these in float (compute_scales_value&lt;float&gt;
     * and floorf): done the same here, or a source index can differ by one where o * scale is near an integer.
     */
    static int nearestIndex(int o, int in, int out, double scale, boolean exact) {
        float s = scale > 0 ? (float) (1.0 / scale) : (float) in / out;
        if (exact) return (int) Math.min((long) Math.floor((float) ((o + 0.5) * s)), in - 1);
        if (out == in) return o;
        if (out == 2 * in) return o >> 1;
        return (int) Math.min((long) Math.floor((float) o * s), in - 1);
    }

    static double[] cubicCoefficients(double t) {
        double a = CUBIC_A;
        double x1 = t + 1, x2 = 1 - t, x3 = 2 - t;
        return new double[]{
                ((a * x1 - 5 * a) * x1 + 8 * a) * x1 - 4 * a,
                ((a + 2) * t - (a + 3)) * t * t + 1,
                ((a + 2) * x2 - (a + 3)) * x2 * x2 + 1,
                ((a * x3 - 5 * a) * x3 + 8 * a) * x3 - 4 * a};
    }

    /** The tap table of one dim of {@code in} → {@code out} elements; {@code scale} &lt;= 0 or NaN: from the sizes. */
    static Taps taps(InterpolationMode mode, int in, int out, boolean alignCorners, double scale) {
        double sc = Double.isNaN(scale) ? 0 : scale;
        switch (mode) {
            case NEAREST, NEAREST_EXACT -> {
                int[] idx = new int[out];
                double[] w = new double[out];
                for (int o = 0; o < out; o++) {
                    idx[o] = nearestIndex(o, in, out, sc, mode == InterpolationMode.NEAREST_EXACT);
                    w[o] = 1;
                }
                return new Taps(1, idx, w);
            }
            case BICUBIC -> {
                int[] idx = new int[out * 4];
                double[] w = new double[out * 4];
                double s = linearScale(in, out, alignCorners, sc);
                for (int o = 0; o < out; o++) {
                    double src = sourceIndex(s, o, alignCorners, true);
                    int i0 = (int) Math.min((long) Math.floor(src), in - 1);
                    double[] c = cubicCoefficients(Math.min(Math.max(src - i0, 0), 1));
                    for (int j = 0; j < 4; j++) {
                        idx[o * 4 + j] = Math.max(Math.min(i0 - 1 + j, in - 1), 0);
                        w[o * 4 + j] = c[j];
                    }
                }
                return new Taps(4, idx, w);
            }
            default -> {
                int[] idx = new int[out * 2];
                double[] w = new double[out * 2];
                double s = linearScale(in, out, alignCorners, sc);
                for (int o = 0; o < out; o++) {
                    if (in == out) { // ATen's compute_source_index_and_lambda: equal sizes copy, whatever the scale
                        idx[o * 2] = o;
                        idx[o * 2 + 1] = o;
                        w[o * 2] = 1;
                        continue;
                    }
                    double src = sourceIndex(s, o, alignCorners, false);
                    int i0 = (int) src;
                    double l1 = Math.min(Math.max(src - i0, 0), 1);
                    idx[o * 2] = i0;
                    idx[o * 2 + 1] = i0 + (i0 < in - 1 ? 1 : 0);
                    w[o * 2] = 1 - l1;
                    w[o * 2 + 1] = l1;
                }
                return new Taps(2, idx, w);
            }
        }
    }

    /** Tap tables for (D, H, W); dims that 1D/2D lack get the unit tap. */
    private static Taps[] taps3(InterpolationMode mode, int[] is, int[] os, int k, boolean alignCorners, double[] scales) {
        Taps[] t = new Taps[3];
        for (int d = 0; d < 3; d++) {
            int j = d - (3 - k);
            t[d] = j < 0 ? UNIT : taps(mode, is[d], os[d], alignCorners, scales[j]);
        }
        return t;
    }

    static void interpolate(Tensor out, Tensor in, InterpolationMode mode, boolean alignCorners, double[] scales) {
        int k = scales.length;
        int[] is = spatial3(in.shape(), k), os = spatial3(out.shape(), k);
        long planes = planes(in, k);
        if (planes * vol(os) == 0) return;
        Taps[] tp = taps3(mode, is, os, k, alignCorners, scales);
        Taps td = tp[0], th = tp[1], tw = tp[2];
        int tW = tw.t, ow = os[2], iw = is[2];
        boolean f32 = in.dtype().byteSize() == 4;
        MemorySegment x = seg(in), y = seg(out);
        long xo = in.offset(), yo = out.offset(), iv = vol(is), ov = vol(os);
        forRows(planes, os, (long) ow * td.t * th.t * tW, iw, (plane, od, oh, sc) -> {
            double[] acc = sc.acc;
            java.util.Arrays.fill(acc, 0);
            if (sc.rowCache == null) sc.rowCache = new CpuPool.RowCache(td.t * th.t * 2, ow);
            for (int a = 0; a < td.t; a++)
                for (int b = 0; b < th.t; b++) {
                    double rw = td.w[od * td.t + a] * th.w[oh * th.t + b];
                    if (rw == 0) continue;
                    long src = plane * iv + ((long) td.idx[od * td.t + a] * is[1] + th.idx[oh * th.t + b]) * iw;
                    double[] r = sc.rowCache.get(src);
                    if (r == null) r = resampleRow(x, f32, xo + src, sc.in, iw, tw, sc.rowCache.put(src), ow);
                    for (int o = 0; o < ow; o++) acc[o] += rw * r[o];
                }
            store(y, f32, yo + plane * ov + ((long) od * os[1] + oh) * ow, acc, ow);
        });
    }

    /** One input row resampled along W into {@code dst}. */
    private static double[] resampleRow(MemorySegment x, boolean f32, long from, double[] row, int iw, Taps tw, double[] dst, int ow) {
        load(x, f32, from, row, iw);
        int[] idx = tw.idx;
        double[] w = tw.w;
        int t = tw.t;
        if (t == 2) {   // the linear modes: two taps, unrolled
            for (int o = 0; o < ow; o++) dst[o] = w[2 * o] * row[idx[2 * o]] + w[2 * o + 1] * row[idx[2 * o + 1]];
        } else {
            for (int o = 0; o < ow; o++) {
                double s = 0;
                for (int j = o * t; j < o * t + t; j++) s += w[j] * row[idx[j]];
                dst[o] = s;
            }
        }
        return dst;
    }

    static void interpolateBackward(Tensor gradIn, Tensor gradOut, InterpolationMode mode, boolean alignCorners, double[] scales) {
        int k = scales.length;
        int[] is = spatial3(gradIn.shape(), k), os = spatial3(gradOut.shape(), k);
        Taps[] tp = taps3(mode, is, os, k, alignCorners, scales);
        Taps td = tp[0], th = tp[1], tw = tp[2];
        int ow = os[2], iw = is[2];
        scatterPlanes(gradIn, gradOut, k, (long) td.t * th.t * tw.t, (p, gi, go, f32, gb, ob) -> {
            double[] g = new double[ow], t = new double[iw];
            for (int od = 0; od < os[0]; od++)
                for (int oh = 0; oh < os[1]; oh++) {
                    // the W-direction transpose of this output row, then added into each (d, h) tap row
                    load(go, f32, ob + ((long) od * os[1] + oh) * ow, g, ow);
                    java.util.Arrays.fill(t, 0);
                    for (int o = 0; o < ow; o++)
                        for (int j = o * tw.t; j < o * tw.t + tw.t; j++) t[tw.idx[j]] += tw.w[j] * g[o];
                    for (int a = 0; a < td.t; a++)
                        for (int b = 0; b < th.t; b++) {
                            double rw = td.w[od * td.t + a] * th.w[oh * th.t + b];
                            if (rw != 0)
                                addRow(gi, f32, gb + ((long) td.idx[od * td.t + a] * is[1] + th.idx[oh * th.t + b]) * iw, t, rw, iw);
                        }
                }
        });
    }
}
