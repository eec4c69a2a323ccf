package dev.axial.tensor.imaging;

/**
 * The test's own grid_sample and affine_grid, in double, written from the PyTorch documentation rather than from the
 * kernel: the padding modes as maps of a continuous coordinate, bilinear as a tent kernel, bicubic as the
 * distance-based Keys kernel (A = -0.75) over a 4x4 neighbourhood. Arrays are row-major, shapes as in PyTorch.
 */
final class GridSampleRef {
    private GridSampleRef() {}

    static double unnormalize(double c, long n, boolean ac) {
        return ac ? (c + 1) * (n - 1) / 2.0 : ((c + 1) * n - 1) / 2.0;
    }

    /** The padding mode applied to a continuous source coordinate. */
    static double pad(double x, long n, String pad, boolean ac) {
        switch (pad) {
            case "zeros":
                return x;
            case "border":
                return Math.min(Math.max(x, 0), n - 1);
            default: {
                double lo = ac ? 0 : -0.5, hi = ac ? n - 1 : n - 0.5, span = hi - lo;
                if (span == 0) return 0;
                double d = Math.abs(x - lo);
                double flips = Math.floor(d / span), extra = d - flips * span;
                double r = ((long) flips) % 2 == 0 ? lo + extra : hi - extra;
                return Math.min(Math.max(r, 0), n - 1);
            }
        }
    }

    static double keys(double d) {
        double a = -0.75, t = Math.abs(d);
        if (t <= 1) return (a + 2) * t * t * t - (a + 3) * t * t + 1;
        if (t < 2) return a * t * t * t - 5 * a * t * t + 8 * a * t - 4 * a;
        return 0;
    }

    /** grid_sample of x (N, C, [D,] H, W) at grid (N, [Do,] Ho, Wo, k). */
    static double[] gridSample(double[] x, long[] xs, double[] grid, long[] gs, String mode, String pad, boolean ac) {
        int k = xs.length - 2;
        long n = xs[0], c = xs[1];
        long dIn = k == 3 ? xs[2] : 1, hIn = xs[xs.length - 2], wIn = xs[xs.length - 1];
        long points = 1;
        for (int i = 1; i <= k; i++) points *= gs[i];
        double[] out = new double[(int) (n * c * points)];
        for (int b = 0; b < n; b++) {
            for (int p = 0; p < points; p++) {
                int gi = (int) ((b * points + p) * k);
                double gx = grid[gi], gy = grid[gi + 1], gz = k == 3 ? grid[gi + 2] : 0;
                for (int ch = 0; ch < c; ch++) {
                    int plane = (int) ((b * c + ch) * dIn * hIn * wIn);
                    double v;
                    if (mode.equals("bicubic")) {
                        double ix = unnormalize(gx, wIn, ac), iy = unnormalize(gy, hIn, ac);
                        double x0 = Math.floor(ix), y0 = Math.floor(iy);
                        v = 0;
                        for (int j = -1; j <= 2; j++) {
                            for (int i = -1; i <= 2; i++) {
                                long xx = (long) pad(x0 + i, wIn, pad, ac), yy = (long) pad(y0 + j, hIn, pad, ac);
                                v += keys(ix - (x0 + i)) * keys(iy - (y0 + j)) * at(x, plane, 1, hIn, wIn, 0, yy, xx);
                            }
                        }
                    } else {
                        double ix = pad(unnormalize(gx, wIn, ac), wIn, pad, ac);
                        double iy = pad(unnormalize(gy, hIn, ac), hIn, pad, ac);
                        double iz = k == 3 ? pad(unnormalize(gz, dIn, ac), dIn, pad, ac) : 0;
                        if (mode.equals("nearest")) {
                            v = at(x, plane, dIn, hIn, wIn, Math.round(Math.rint(iz)), Math.round(Math.rint(iy)), Math.round(Math.rint(ix)));
                        } else {
                            v = 0;
                            for (long zz = (long) Math.floor(iz); zz <= Math.floor(iz) + (k == 3 ? 1 : 0); zz++)
                                for (long yy = (long) Math.floor(iy); yy <= Math.floor(iy) + 1; yy++)
                                    for (long xx = (long) Math.floor(ix); xx <= Math.floor(ix) + 1; xx++)
                                        v += (1 - Math.abs(ix - xx)) * (1 - Math.abs(iy - yy)) * (k == 3 ? 1 - Math.abs(iz - zz) : 1)
                                                * at(x, plane, dIn, hIn, wIn, zz, yy, xx);
                        }
                    }
                    out[(int) ((b * c + ch) * points + p)] = v;
                }
            }
        }
        return out;
    }

    private static double at(double[] x, int plane, long d, long h, long w, long z, long y, long xx) {
        if (z < 0 || z >= d || y < 0 || y >= h || xx < 0 || xx >= w) return 0;
        return x[(int) (plane + (z * h + y) * w + xx)];
    }

    /** affine_grid: theta (N, k, k+1), size (N, C, [D,] H, W). */
    static double[] affineGrid(double[] theta, long[] size, boolean ac) {
        int k = size.length - 2;
        long n = size[0], d = k == 3 ? size[2] : 1, h = size[size.length - 2], w = size[size.length - 1];
        double[] out = new double[(int) (n * d * h * w * k)];
        int o = 0;
        for (int b = 0; b < n; b++)
            for (int z = 0; z < d; z++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++) {
                        double[] base = k == 3 ? new double[]{lin(x, w, ac), lin(y, h, ac), lin(z, d, ac), 1}
                                : new double[]{lin(x, w, ac), lin(y, h, ac), 1};
                        for (int r = 0; r < k; r++) {
                            double s = 0;
                            for (int j = 0; j <= k; j++) s += theta[b * k * (k + 1) + r * (k + 1) + j] * base[j];
                            out[o++] = s;
                        }
                    }
        return out;
    }

    /** The i-th of n normalised coordinates: pixel centres without align_corners, -1..1 with. */
    static double lin(int i, long n, boolean ac) {
        if (n == 1) return 0;
        return ac ? -1 + 2.0 * i / (n - 1) : (2.0 * i + 1) / n - 1;
    }
}
