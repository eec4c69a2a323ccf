package dev.axial.tensor.cpu;

import dev.axial.tensor.Tensor;
import dev.axial.tensor.spi.ConvParams;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The geometry of one convolution, lifted to 3 spatial dims (1-D and 2-D get leading dims of size 1), and the
 * column transforms over it: vol2col (gather the receptive fields of a range of output voxels into a column
 * block, rows = (ci, kd, kh, kw), columns = output voxels) and col2vol (the adjoint: scatter-add a column block
 * back into the input). Both work on any range of flattened output voxels, so callers tile the column buffer
 * to a bounded size instead of materialising the whole (C*k^3 x voxels) matrix.
 *
 * <pre>{@code
 * CpuConvColumns g = CpuConvColumns.of(x, y, w, params);
 * g.vol2col(xSeg, xBase, col, c0, c1, 4);   // col: g.rows() x (c1 - c0)
 * }</pre>
 */
record CpuConvColumns(int n, int cin, int cout, int groups, int[] in, int[] out, int[] k, int[] s, int[] p, int[] d,
                      int tileDim) {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong J = ValueLayout.JAVA_LONG_UNALIGNED;

    /** x: the convolution's input (N, C, in...), y its output (N, K, out...), w (K, C/groups, k...). */
    static CpuConvColumns of(Tensor x, Tensor y, Tensor w, ConvParams prm) {
        int r = prm.rank(), lead = 3 - r;
        int[] in = {1, 1, 1}, out = {1, 1, 1}, k = {1, 1, 1}, s = {1, 1, 1}, p = {0, 0, 0}, d = {1, 1, 1};
        int[] ps = prm.stride(), pp = prm.padding(), pd = prm.dilation();
        for (int i = 0; i < r; i++) {
            in[lead + i] = Math.toIntExact(x.size(2 + i));
            out[lead + i] = Math.toIntExact(y.size(2 + i));
            k[lead + i] = Math.toIntExact(w.size(2 + i));
            s[lead + i] = ps[i];
            p[lead + i] = pp[i];
            d[lead + i] = pd[i];
        }
        return new CpuConvColumns(Math.toIntExact(x.size(0)), Math.toIntExact(x.size(1)), Math.toIntExact(y.size(1)),
                prm.groups(), in, out, k, s, p, d, lead);
    }

    int cinG() { return cin / groups; }

    int coutG() { return cout / groups; }

    int kvol() { return k[0] * k[1] * k[2]; }

    /** Rows of the column matrix: (C/groups) * kernel volume. */
    int rows() { return cinG() * kvol(); }

    long inVox() { return (long) in[0] * in[1] * in[2]; }

    long outVox() { return (long) out[0] * out[1] * out[2]; }

    /** Output voxels per index of the tiled (first real spatial) dim. */
    int inner() {
        int v = 1;
        for (int i = tileDim + 1; i < 3; i++) v *= out[i];
        return v;
    }

    /**
     * One run of output voxels along the last dim, for one column-matrix row: columns [col, col + n) of the buffer;
     * taps [lo, hi) of the run (relative to its start) fall inside the input, the first of them at input element
     * {@code vol}, the next ones {@code stride} apart.
     */
    @FunctionalInterface
    private interface Run {
        void at(long col, long vol, int lo, int hi, int n, int stride);
    }

    /** Calls f for every row (ci, kd, kh, kw) and every last-dim run of the output voxels [c0, c1). */
    private void runs(long xBase, long c0, long c1, Run f) {
        long cols = c1 - c0;
        int kv = kvol();
        long iv = inVox();
        for (int ci = 0, r = 0; ci < cinG(); ci++) {
            long chan = xBase + ci * iv;
            for (int q = 0; q < kv; q++, r++) {
                int kd = q / (k[1] * k[2]), kh = q / k[2] % k[1], kw = q % k[2];
                int shift = kw * d[2] - p[2];
                long rowBase = r * cols - c0;
                long c = c0;
                while (c < c1) {
                    int ow = (int) (c % out[2]);
                    long rest = c / out[2];
                    int oh = (int) (rest % out[1]), od = (int) (rest / out[1]);
                    int run = (int) Math.min(out[2] - ow, c1 - c);
                    int iD = od * s[0] - p[0] + kd * d[0], iH = oh * s[1] - p[1] + kh * d[1];
                    if (iD < 0 || iD >= in[0] || iH < 0 || iH >= in[1]) {
                        f.at(rowBase + c, 0, 0, 0, run, s[2]);
                    } else {
                        // valid ow: 0 <= ow*s + shift < in[2]
                        int lo = Math.clamp(Math.ceilDiv(-shift, s[2]), ow, ow + run);
                        int hi = Math.clamp(Math.floorDiv(in[2] - 1 - shift, s[2]) + 1, lo, ow + run);
                        long vol = chan + ((long) iD * in[1] + iH) * in[2] + (long) lo * s[2] + shift;
                        f.at(rowBase + c, vol, lo - ow, hi - ow, run, s[2]);
                    }
                    c += run;
                }
            }
        }
    }

    /**
     * col[r * (c1 - c0) + (c - c0)] = x[ci, id, ih, iw] (0 outside), r = (ci, kd, kh, kw), for the output voxels
     * c in [c0, c1) of one image and group; {@code xBase}: the element offset of that group's first channel.
     * A plain gather, so it copies bits ({@code esz} 4 or 8 bytes) and serves float32 and float64 alike.
     */
    void vol2col(MemorySegment x, long xBase, MemorySegment col, long c0, long c1, int esz) {
        runs(xBase, c0, c1, (at, vol, lo, hi, n, st) -> {
            zero(col, at, lo, esz);
            long dst = at + lo;
            if (hi <= lo) {
                // the whole run reads padding (padding wider than the kernel's reach): vol may point before the input
            } else if (st == 1) {
                MemorySegment.copy(x, vol * esz, col, dst * esz, (long) (hi - lo) * esz);
            } else if (esz == 4) {
                for (int j = 0; j < hi - lo; j++) col.set(I, (dst + j) * 4, x.get(I, (vol + (long) j * st) * 4));
            } else {
                for (int j = 0; j < hi - lo; j++) col.set(J, (dst + j) * 8, x.get(J, (vol + (long) j * st) * 8));
            }
            zero(col, at + hi, n - hi, esz);
        });
    }

    /** The adjoint of {@link #vol2col}: x[ci, id, ih, iw] += col[r, c] for every in-range tap. */
    void col2vol(MemorySegment col, MemorySegment x, long xBase, long c0, long c1, boolean dbl) {
        runs(xBase, c0, c1, (at, vol, lo, hi, n, st) -> {
            long src = at + lo;
            if (dbl) {
                for (int j = 0; j < hi - lo; j++) {
                    long v = (vol + (long) j * st) * 8;
                    x.set(D, v, x.get(D, v) + col.get(D, (src + j) * 8));
                }
            } else {
                for (int j = 0; j < hi - lo; j++) {
                    long v = (vol + (long) j * st) * 4;
                    x.set(F, v, x.get(F, v) + col.get(F, (src + j) * 4));
                }
            }
        });
    }

    private static void zero(MemorySegment m, long at, long count, int esz) {
        if (count > 0) m.asSlice(at * esz, count * esz).fill((byte) 0);
    }
}
