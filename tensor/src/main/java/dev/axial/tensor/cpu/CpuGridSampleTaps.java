package dev.axial.tensor.cpu;

/**
 * The sampling stencil of one grid point: which input pixels (offsets within one (D,)H,W channel plane) it reads,
 * with which weights, and the derivatives of those weights with respect to the unnormalised source coordinates.
 * Every mode reduces to out = sum_t w[t] * in[off[t]], so forward, input gradient and grid gradient share it.
 * The coordinate formulas are ATen's (GridSampler.h): unnormalize, clip, reflect, and their "_set_grad" forms.
 * Mutable and reused per thread: one instance per worker chunk.
 */
final class CpuGridSampleTaps {
    static final int BILINEAR = 0, NEAREST = 1, BICUBIC = 2;
    static final int ZEROS = 0, BORDER = 1, REFLECTION = 2;
    /** ATen's bicubic convolution constant. */
    static final double A = -0.75;

    final int k, mode, padding;
    final boolean alignCorners;
    final long iw, ih, id;

    /** Number of taps in range; pixels outside the input are left out (zero contribution, as ATen's within_bounds). */
    int count;
    final long[] off = new long[16];
    final double[] w = new double[16], dwx = new double[16], dwy = new double[16], dwz = new double[16];
    /** d(source coordinate) / d(grid coordinate) per axis: unnormalize's scale times clip's and reflect's factors. */
    double gmx, gmy, gmz;
    private double lastGrad;

    CpuGridSampleTaps(int k, int mode, int padding, boolean alignCorners, long id, long ih, long iw) {
        this.k = k;
        this.mode = mode;
        this.padding = padding;
        this.alignCorners = alignCorners;
        this.id = id;
        this.ih = ih;
        this.iw = iw;
    }

    /** Fills the taps for grid point (x, y[, z]); z is ignored in 2-D. */
    void at(double x, double y, double z) {
        count = 0;
        if (mode == BICUBIC) {
            bicubic(x, y);
            return;
        }
        double ix = sourceIndex(x, iw);
        gmx = lastGrad;
        double iy = sourceIndex(y, ih);
        gmy = lastGrad;
        double iz = 0;
        gmz = 0;
        if (k == 3) {
            iz = sourceIndex(z, id);
            gmz = lastGrad;
        }
        atSource(ix, iy, iz);
    }

    /**
     * As {@link #at}, bitwise, but 3-D bilinear fills the taps of a cell that lies inside the volume (nearly every
     * point of a spatial transform) inline: no bounds check per tap and no weight arrays. Other cases: {@link #at}.
     */
    void atFast(double x, double y, double z) {
        if (k != 3 || mode != BILINEAR) {
            at(x, y, z);
            return;
        }
        double ix = sourceIndex(x, iw);
        gmx = lastGrad;
        double iy = sourceIndex(y, ih);
        gmy = lastGrad;
        double iz = sourceIndex(z, id);
        gmz = lastGrad;
        double x0 = Math.floor(ix), y0 = Math.floor(iy), z0 = Math.floor(iz);
        // NOTE: compared as doubles, so NaN and huge coordinates take the general stencil
        if (!(x0 >= 0 && x0 + 1 < iw && y0 >= 0 && y0 + 1 < ih && z0 >= 0 && z0 + 1 < id)) {
            atSource(ix, iy, iz);
            return;
        }
        // the expressions of atSource, in its order (z, y, x; sign * wy * wz = -(wy * wz) exactly): the same bits
        double wx0 = x0 + 1 - ix, wx1 = ix - x0, wy0 = y0 + 1 - iy, wy1 = iy - y0, wz0 = z0 + 1 - iz, wz1 = iz - z0;
        long a = ((long) z0 * ih + (long) y0) * iw + (long) x0, hw = ih * iw;
        count = 8;
        corner(0, a, wx0, wy0, wz0, -1, -1, -1);
        corner(1, a + 1, wx1, wy0, wz0, 1, -1, -1);
        corner(2, a + iw, wx0, wy1, wz0, -1, 1, -1);
        corner(3, a + iw + 1, wx1, wy1, wz0, 1, 1, -1);
        corner(4, a + hw, wx0, wy0, wz1, -1, -1, 1);
        corner(5, a + hw + 1, wx1, wy0, wz1, 1, -1, 1);
        corner(6, a + hw + iw, wx0, wy1, wz1, -1, 1, 1);
        corner(7, a + hw + iw + 1, wx1, wy1, wz1, 1, 1, 1);
    }

    private void corner(int i, long o, double wx, double wy, double wz, double sx, double sy, double sz) {
        off[i] = o;
        w[i] = wx * wy * wz;
        dwx[i] = sx * wy * wz;
        dwy[i] = wx * sy * wz;
        dwz[i] = wx * wy * sz;
    }

    /** Bilinear or nearest taps at source coordinates already unnormalised and padded (iz = 0 in 2-D). */
    void atSource(double ix, double iy, double iz) {
        count = 0;
        // NOTE: a NaN location reads nothing (ATen's int cast of NaN is out of range, so it reads nothing too)
        if (Double.isNaN(ix) || Double.isNaN(iy) || Double.isNaN(iz)) return;
        if (mode == NEAREST) {
            // nearbyint: round half to even
            long xi = (long) Math.rint(ix), yi = (long) Math.rint(iy), zi = (long) Math.rint(iz);
            if (inside(xi, yi, zi)) add((zi * ih + yi) * iw + xi, 1, 0, 0, 0);
            return;
        }
        double x0 = Math.floor(ix), y0 = Math.floor(iy), z0 = Math.floor(iz);
        double[] wx = {x0 + 1 - ix, ix - x0}, wy = {y0 + 1 - iy, iy - y0}, wz = {z0 + 1 - iz, iz - z0};
        int zs = k == 3 ? 2 : 1;
        if (k == 2) wz[0] = 1;
        for (int c = 0; c < zs; c++) {
            long zi = (long) z0 + c;
            double sz = c == 0 ? -1 : 1;
            for (int b = 0; b < 2; b++) {
                long yi = (long) y0 + b;
                double sy = b == 0 ? -1 : 1;
                for (int a = 0; a < 2; a++) {
                    long xi = (long) x0 + a;
                    if (!inside(xi, yi, zi)) continue;
                    double sx = a == 0 ? -1 : 1;
                    add((zi * ih + yi) * iw + xi, wx[a] * wy[b] * wz[c], sx * wy[b] * wz[c], wx[a] * sy * wz[c],
                            k == 3 ? wx[a] * wy[b] * sz : 0);
                }
            }
        }
    }

    private void bicubic(double x, double y) {
        // NOTE: as ATen, the location is only unnormalised; padding applies per tap (boundedIndex)
        double ix = unnormalize(x, iw), iy = unnormalize(y, ih);
        gmx = unnormalizeScale(iw);
        gmy = unnormalizeScale(ih);
        gmz = 0;
        if (Double.isNaN(ix) || Double.isNaN(iy)) return;
        double x0 = Math.floor(ix), y0 = Math.floor(iy);
        double[] cx = cubicCoefficients(ix - x0), cy = cubicCoefficients(iy - y0);
        double[] dx = cubicDerivatives(ix - x0), dy = cubicDerivatives(iy - y0);
        for (int j = 0; j < 4; j++) {
            long yi = boundedIndex(y0 - 1 + j, ih);
            for (int i = 0; i < 4; i++) {
                long xi = boundedIndex(x0 - 1 + i, iw);
                if (xi < 0 || xi >= iw || yi < 0 || yi >= ih) continue;
                add(yi * iw + xi, cx[i] * cy[j], dx[i] * cy[j], cx[i] * dy[j], 0);
            }
        }
    }

    private void add(long o, double weight, double dx, double dy, double dz) {
        off[count] = o;
        w[count] = weight;
        dwx[count] = dx;
        dwy[count] = dy;
        dwz[count] = dz;
        count++;
    }

    private boolean inside(long xi, long yi, long zi) {
        return xi >= 0 && xi < iw && yi >= 0 && yi < ih && zi >= 0 && zi < (k == 3 ? id : 1);
    }

    // ---- ATen's coordinate formulas ----

    double unnormalize(double c, long size) {
        return alignCorners ? (c + 1) / 2 * (size - 1) : ((c + 1) * size - 1) / 2;
    }

    double unnormalizeScale(long size) { return alignCorners ? (size - 1) / 2.0 : size / 2.0; }

    /** grid_sampler_compute_source_index_set_grad: the source coordinate; its derivative goes to lastGrad. */
    double sourceIndex(double c, long size) {
        double x = unnormalize(c, size);
        double g = unnormalizeScale(size);
        if (padding == BORDER) {
            double[] r = clip(x, size);
            x = r[0];
            g *= r[1];
        } else if (padding == REFLECTION) {
            double[] f = alignCorners ? reflect(x, 0, 2 * (size - 1)) : reflect(x, -1, 2 * size - 1);
            double[] r = clip(f[0], size);
            x = r[0];
            g *= f[1] * r[1];
        }
        lastGrad = g;
        return x;
    }

    /** Bicubic's per-tap index: compute_coordinates on an integer position, then truncated as ATen's int cast. */
    private long boundedIndex(double pos, long size) {
        double x = pos;
        if (padding == BORDER) {
            x = clip(x, size)[0];
        } else if (padding == REFLECTION) {
            x = clip((alignCorners ? reflect(x, 0, 2 * (size - 1)) : reflect(x, -1, 2 * size - 1))[0], size)[0];
        }
        return (long) x;
    }

    /** {value, d value / d in}: clip_coordinates_set_grad (the borders count as outside for the gradient). */
    static double[] clip(double in, long size) {
        if (in <= 0) return new double[]{0, 0};
        double max = size - 1;
        if (in >= max) return new double[]{max, 0};
        return new double[]{in, 1};
    }

    /** {value, d value / d in}: reflect_coordinates_set_grad over [twiceLow/2, twiceHigh/2]. */
    static double[] reflect(double in, long twiceLow, long twiceHigh) {
        if (twiceLow == twiceHigh) return new double[]{0, 0};
        double min = twiceLow / 2.0, span = (twiceHigh - twiceLow) / 2.0;
        double x = in - min, sign = 1;
        if (x < 0) {
            sign = -1;
            x = -x;
        }
        double extra = x % span;   // fmod
        long flips = (long) Math.floor(x / span);
        return flips % 2 == 0 ? new double[]{extra + min, sign} : new double[]{span - extra + min, -sign};
    }

    /** The four cubic-convolution weights of taps at t+1, t, 1-t, 2-t (ATen's get_cubic_upsample_coefficients). */
    static double[] cubicCoefficients(double t) {
        return new double[]{conv2(t + 1), conv1(t), conv1(1 - t), conv2(2 - t)};
    }

    /** d/dt of {@link #cubicCoefficients} (ATen's get_cubic_coefficients_grad, which is its negative). */
    static double[] cubicDerivatives(double t) {
        return new double[]{conv2Derivative(t + 1), conv1Derivative(t), -conv1Derivative(1 - t), -conv2Derivative(2 - t)};
    }

    private static double conv1(double x) { return ((A + 2) * x - (A + 3)) * x * x + 1; }

    private static double conv2(double x) { return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A; }

    private static double conv1Derivative(double x) { return (3 * (A + 2) * x - 2 * (A + 3)) * x; }

    private static double conv2Derivative(double x) { return (3 * A * x - 10 * A) * x + 8 * A; }
}
