package dev.axial.tensor.imaging;

import java.util.function.Function;

/** Plain double-precision references for the normalization tests (x laid out as (N, C, S) row-major). */
final class NormRef {
    private NormRef() {}

    /** {y, mean, invstd}; rm, rv (may be null) updated in place as PyTorch does in training. */
    static double[][] batchNorm(double[] x, int n, int c, int s, double[] w, double[] b, double[] rm, double[] rv,
                                boolean training, double momentum, double eps) {
        double[] y = new double[x.length], mean = new double[c], invstd = new double[c];
        int m = n * s;
        for (int ch = 0; ch < c; ch++) {
            double mu, var;
            if (training) {
                double sum = 0;
                for (int i = 0; i < n; i++) for (int j = 0; j < s; j++) sum += x[(i * c + ch) * s + j];
                mu = sum / m;
                double sq = 0;
                for (int i = 0; i < n; i++) for (int j = 0; j < s; j++) sq += sq(x[(i * c + ch) * s + j] - mu);
                var = sq / m;
                if (rm != null) rm[ch] = (1 - momentum) * rm[ch] + momentum * mu;
                if (rv != null) rv[ch] = (1 - momentum) * rv[ch] + momentum * sq / (m - 1);
            } else {
                mu = rm[ch];
                var = rv[ch];
            }
            mean[ch] = mu;
            invstd[ch] = 1 / Math.sqrt(var + eps);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < s; j++) {
                    int k = (i * c + ch) * s + j;
                    y[k] = (x[k] - mu) * invstd[ch] * (w == null ? 1 : w[ch]) + (b == null ? 0 : b[ch]);
                }
        }
        return new double[][]{y, mean, invstd};
    }

    /** Group norm: {y, mean (N*G), rstd (N*G)}. */
    static double[][] groupNorm(double[] x, int n, int c, int s, int groups, double[] w, double[] b, double eps) {
        double[] y = new double[x.length], mean = new double[n * groups], rstd = new double[n * groups];
        int len = c / groups * s;
        for (int r = 0; r < n * groups; r++) {
            double mu = rowStats(x, r * len, len, eps, mean, rstd, r);
            for (int j = 0; j < len; j++) {
                int ch = (r % groups) * (c / groups) + j / s;
                y[r * len + j] = (x[r * len + j] - mu) * rstd[r] * (w == null ? 1 : w[ch]) + (b == null ? 0 : b[ch]);
            }
        }
        return new double[][]{y, mean, rstd};
    }

    /** Layer norm over rows of cols: {y, mean, rstd}. */
    static double[][] layerNorm(double[] x, int rows, int cols, double[] w, double[] b, double eps) {
        double[] y = new double[x.length], mean = new double[rows], rstd = new double[rows];
        for (int r = 0; r < rows; r++) {
            double mu = rowStats(x, r * cols, cols, eps, mean, rstd, r);
            for (int j = 0; j < cols; j++) y[r * cols + j] = (x[r * cols + j] - mu) * rstd[r] * (w == null ? 1 : w[j]) + (b == null ? 0 : b[j]);
        }
        return new double[][]{y, mean, rstd};
    }

    /** Two-pass mean and 1/sqrt(var + eps) of x[off, off+len) into mean[r], rstd[r]; returns the mean. */
    private static double rowStats(double[] x, int off, int len, double eps, double[] mean, double[] rstd, int r) {
        double sum = 0, sq = 0;
        for (int j = 0; j < len; j++) sum += x[off + j];
        double mu = sum / len;
        for (int j = 0; j < len; j++) sq += sq(x[off + j] - mu);
        mean[r] = mu;
        rstd[r] = 1 / Math.sqrt(sq / len + eps);
        return mu;
    }

    /** PyTorch's composite local response norm: avg pool (zero padded, divided by size) of x^2 over channels. */
    static double[] lrn(double[] x, int n, int c, int s, int size, double alpha, double beta, double k) {
        double[] y = new double[x.length];
        for (int i = 0; i < n; i++)
            for (int ch = 0; ch < c; ch++)
                for (int j = 0; j < s; j++) {
                    double acc = 0;
                    for (int q = ch - size / 2; q <= ch + (size - 1) / 2; q++) if (q >= 0 && q < c) acc += sq(x[(i * c + q) * s + j]);
                    int idx = (i * c + ch) * s + j;
                    y[idx] = x[idx] / Math.pow(k + alpha * acc / size, beta);
                }
        return y;
    }

    private static double sq(double v) { return v * v; }
}
