package dev.axial.tensor.imaging;

/**
 * The specification: convolution and transposed convolution as direct double loops, on shapes lifted to 3 spatial
 * dims (1-D and 2-D callers prepend size-1 dims). Padding may be asymmetric (lo, hi) to check "same".
 */
final class ConvRef {
    private ConvRef() {}

    /** Lifts (N, C, s...) to (N, C, 1.., s...) with 3 spatial dims. */
    static long[] lift(long[] shape) {
        long[] o = {1, 1, 1, 1, 1};
        o[0] = shape[0];
        o[1] = shape[1];
        System.arraycopy(shape, 2, o, 5 - (shape.length - 2), shape.length - 2);
        return o;
    }

    /** Lifts per-spatial-dim ints to 3 entries with {@code fill} in front. */
    static int[] lift(int[] v, int fill) {
        int[] o = {fill, fill, fill};
        System.arraycopy(v, 0, o, 3 - v.length, v.length);
        return o;
    }

    /** Output spatial sizes of a convolution. */
    static long[] convOut(long[] x, long[] w, int[] s, int[] lo, int[] hi, int[] d) {
        long[] y = x.clone();
        y[1] = w[0];
        for (int i = 0; i < x.length - 2; i++)
            y[2 + i] = (x[2 + i] + lo[i] + hi[i] - (long) d[i] * (w[2 + i] - 1) - 1) / s[i] + 1;
        return y;
    }

    /** y = conv(x, w) + b; all shapes already lifted to 5-D; b may be null. */
    static double[] conv(double[] x, long[] xs, double[] w, long[] ws, double[] b, long[] ys, int[] s, int[] lo, int[] d, int groups) {
        int n = (int) xs[0], c = (int) xs[1], k = (int) ws[0], cg = c / groups, kg = k / groups;
        double[] y = new double[(int) (ys[0] * ys[1] * ys[2] * ys[3] * ys[4])];
        int yi = 0;
        for (int ni = 0; ni < n; ni++)
            for (int co = 0; co < k; co++) {
                int g = co / kg;
                for (int o0 = 0; o0 < ys[2]; o0++)
                    for (int o1 = 0; o1 < ys[3]; o1++)
                        for (int o2 = 0; o2 < ys[4]; o2++) {
                            double acc = b == null ? 0 : b[co];
                            for (int ci = 0; ci < cg; ci++)
                                for (int a = 0; a < ws[2]; a++)
                                    for (int bb = 0; bb < ws[3]; bb++)
                                        for (int e = 0; e < ws[4]; e++) {
                                            long i0 = (long) o0 * s[0] - lo[0] + (long) a * d[0];
                                            long i1 = (long) o1 * s[1] - lo[1] + (long) bb * d[1];
                                            long i2 = (long) o2 * s[2] - lo[2] + (long) e * d[2];
                                            if (i0 < 0 || i0 >= xs[2] || i1 < 0 || i1 >= xs[3] || i2 < 0 || i2 >= xs[4]) continue;
                                            long xi = ((((long) ni * c + g * cg + ci) * xs[2] + i0) * xs[3] + i1) * xs[4] + i2;
                                            long wi = ((((long) co * cg + ci) * ws[2] + a) * ws[3] + bb) * ws[4] + e;
                                            acc += x[(int) xi] * w[(int) wi];
                                        }
                            y[yi++] = acc;
                        }
            }
        return y;
    }

    /** Transposed conv: x (N, Cin, ...), w (Cin, Cout/groups, k...), y (N, Cout, out...) lifted to 5-D. */
    static double[] convTranspose(double[] x, long[] xs, double[] w, long[] ws, double[] b, long[] ys, int[] s, int[] p, int[] d, int groups) {
        int n = (int) xs[0], cin = (int) xs[1], cig = cin / groups, cog = (int) ws[1], cout = (int) ys[1];
        long yv = ys[2] * ys[3] * ys[4];
        double[] y = new double[(int) (n * cout * yv)];
        for (int ni = 0; ni < n; ni++) {
            if (b != null) for (int co = 0; co < cout; co++) for (long v = 0; v < yv; v++) y[(int) ((ni * cout + co) * yv + v)] = b[co];
            for (int ci = 0; ci < cin; ci++) {
                int g = ci / cig;
                for (int i0 = 0; i0 < xs[2]; i0++)
                    for (int i1 = 0; i1 < xs[3]; i1++)
                        for (int i2 = 0; i2 < xs[4]; i2++) {
                            double xv = x[(int) (((((long) ni * cin + ci) * xs[2] + i0) * xs[3] + i1) * xs[4] + i2)];
                            for (int co = 0; co < cog; co++)
                                for (int a = 0; a < ws[2]; a++)
                                    for (int bb = 0; bb < ws[3]; bb++)
                                        for (int e = 0; e < ws[4]; e++) {
                                            long o0 = (long) i0 * s[0] - p[0] + (long) a * d[0];
                                            long o1 = (long) i1 * s[1] - p[1] + (long) bb * d[1];
                                            long o2 = (long) i2 * s[2] - p[2] + (long) e * d[2];
                                            if (o0 < 0 || o0 >= ys[2] || o1 < 0 || o1 >= ys[3] || o2 < 0 || o2 >= ys[4]) continue;
                                            long yi = ((((long) ni * cout + g * cog + co) * ys[2] + o0) * ys[3] + o1) * ys[4] + o2;
                                            long wi = ((((long) ci * cog + co) * ws[2] + a) * ws[3] + bb) * ws[4] + e;
                                            y[(int) yi] += xv * w[(int) wi];
                                        }
                        }
            }
        }
        return y;
    }
}
