package dev.axial.tensor;

import java.util.Arrays;

/**
 * Float64 matrix helpers for affines ({@code double[][]}, row-major, (r+1)×(r+1) for r spatial dims), the one
 * place the readers, writers and spatial transforms do their geometry: MONAI's create_translate,
 * to_affine_nd, and the products and inverses it takes with numpy.
 *
 * <pre>{@code
 * double[][] moved = AffineMath.matmul(img.affine(), AffineMath.translate(new double[]{4, 0, 2}));
 * double[][] back = AffineMath.inverse(moved);
 * }</pre>
 */
public final class AffineMath {
    private AffineMath() {}

    /** The n×n identity. */
    public static double[][] identity(int n) {
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) a[i][i] = 1;
        return a;
    }

    /** The (n+1)×(n+1) translation by {@code t} (n = t.length). */
    public static double[][] translate(double[] t) {
        double[][] a = identity(t.length + 1);
        for (int i = 0; i < t.length; i++) a[i][t.length] = t[i];
        return a;
    }

    /**
     * MONAI's to_affine_nd(r, m): m's top-left d×d block (d = max(min(r, m's rank), 1)) and, when d > 1, its
     * translation column, moved into an (r+1)×(r+1) identity.
     */
    public static double[][] toAffineNd(int r, double[][] m) {
        double[][] out = identity(r + 1);
        int sr = m.length - 1, d = Math.max(Math.min(r, sr), 1);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) out[i][j] = m[i][j];
            if (d > 1) out[i][r] = m[i][sr];
        }
        return out;
    }

    /** {@code a @ b}. */
    public static double[][] matmul(double[][] a, double[][] b) {
        int n = a.length, k = b.length, m = b[0].length;
        if (a[0].length != k)
            throw new IllegalArgumentException("AffineMath.matmul: " + n + "×" + a[0].length + " @ " + k + "×" + m + " do not fit");
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int l = 0; l < k; l++) s += a[i][l] * b[l][j];
                c[i][j] = s;
            }
        return c;
    }

    /** {@code affine @ to_affine_nd(affine rank, xform)}: how MONAI updates a MetaTensor's affine after a spatial op. */
    public static double[][] compose(double[][] affine, double[][] xform) {
        return matmul(affine, toAffineNd(affine.length - 1, xform));
    }

    /** The inverse by Gauss-Jordan with partial pivoting; a singular matrix is an IllegalArgumentException naming it. */
    public static double[][] inverse(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int i = c + 1; i < n; i++) if (Math.abs(m[i][c]) > Math.abs(m[p][c])) p = i;
            if (Math.abs(m[p][c]) < 1e-300)
                throw new IllegalArgumentException("AffineMath.inverse: the matrix is singular: " + Arrays.deepToString(a));
            double[] tmp = m[c]; m[c] = m[p]; m[p] = tmp;
            double d = m[c][c];
            for (int j = 0; j < 2 * n; j++) m[c][j] /= d;
            for (int i = 0; i < n; i++) {
                if (i == c || m[i][c] == 0) continue;
                double f = m[i][c];
                for (int j = 0; j < 2 * n; j++) m[i][j] -= f * m[c][j];
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) System.arraycopy(m[i], n, inv[i], 0, n);
        return inv;
    }
}
