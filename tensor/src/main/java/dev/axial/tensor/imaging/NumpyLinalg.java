package dev.axial.tensor.imaging;

import java.util.Arrays;

/**
 * Small float64 matrix arithmetic in the exact operation order of numpy 1.24 on OpenBLAS (the MONAI reference):
 * matmul as chains of fused multiply-adds, {@code linalg.solve} as OpenBLAS's left-looking getf2 LU with partial
 * pivoting and reciprocal scaling, then the triangular solves; {@code linalg.cholesky} and the inverse of an upper
 * triangular matrix likewise. Checked bit for bit against numpy on random 3×3/4×4 affines
 * (tools/fixtures/gen_transforms_spacing_tie.py's cases hit the rounding ties where the last bit decides a shape).
 * MONAI's affine utilities ({@link AffineResampling#zoomAffine}, {@link AffineResampling#shapeOffset}) use these.
 */
final class NumpyLinalg {
    private NumpyLinalg() {}

    /** {@code a @ b}: each entry {@code fma(a[i][k], b[k][j], s)} in k order from 0. */
    static double[][] matmul(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++)
            for (int j = 0; j < b[0].length; j++) {
                double s = 0;
                for (int k = 0; k < b.length; k++) s = Math.fma(a[i][k], b[k][j], s);
                c[i][j] = s;
            }
        return c;
    }

    /** {@code numpy.linalg.solve(a, b)} (a square, b with as many rows); a singular {@code a} is an IllegalArgumentException. */
    static double[][] solve(double[][] a, double[][] b) {
        int n = a.length;
        double[][] lu = new double[n][];
        for (int i = 0; i < n; i++) lu[i] = a[i].clone();
        int[] piv = new int[n];
        for (int i = 0; i < n; i++) piv[i] = i;
        double[] col = new double[n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) col[i] = lu[i][j];
            for (int i = 1; i < Math.min(j, n); i++) col[i] -= dot(lu[i], col, i);
            for (int i = j; i < n; i++) col[i] -= dot(lu[i], col, j);
            int p = j;
            for (int i = j + 1; i < n; i++) if (Math.abs(col[i]) > Math.abs(col[p])) p = i;
            for (int i = 0; i < n; i++) lu[i][j] = col[i];
            if (col[p] == 0) throw new IllegalArgumentException("numpy solve: the matrix is singular: " + Arrays.deepToString(a));
            if (p != j) {
                double[] t = lu[j]; lu[j] = lu[p]; lu[p] = t;
                int q = piv[j]; piv[j] = piv[p]; piv[p] = q;
            }
            double r = 1.0 / lu[j][j];
            for (int i = j + 1; i < n; i++) lu[i][j] *= r;
        }
        int m = b[0].length;
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) x[i] = b[piv[i]].clone();
        for (int c = 0; c < m; c++) {
            for (int i = 0; i < n; i++) {
                double v = x[i][c];
                for (int k = 0; k < i; k++) v = Math.fma(-lu[i][k], x[k][c], v);
                x[i][c] = v;
            }
            for (int i = n - 1; i >= 0; i--) {
                double v = x[i][c];
                for (int k = n - 1; k > i; k--) v = Math.fma(-lu[i][k], x[k][c], v);
                x[i][c] = v * (1.0 / lu[i][i]);
            }
        }
        return x;
    }

    /** {@code numpy.linalg.cholesky(a)}: the lower factor; a matrix that is not positive definite is an IllegalArgumentException. */
    static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int j = 0; j < n; j++) {
            double d = a[j][j];
            for (int k = 0; k < j; k++) d = Math.fma(-l[j][k], l[j][k], d);
            if (!(d > 0)) throw new IllegalArgumentException("numpy cholesky: the matrix is not positive definite: " + Arrays.deepToString(a));
            l[j][j] = Math.sqrt(d);
            double r = 1.0 / l[j][j];
            for (int i = j + 1; i < n; i++) {
                double v = a[i][j];
                for (int k = 0; k < j; k++) v = Math.fma(-l[i][k], l[j][k], v);
                l[i][j] = v * r;
            }
        }
        return l;
    }

    /** {@code numpy.linalg.inv(u)} for an upper triangular {@code u} with a non-zero diagonal (back substitution). */
    static double[][] invUpper(double[][] u) {
        int n = u.length;
        double[][] x = new double[n][n];
        for (int c = 0; c < n; c++)
            for (int i = n - 1; i >= 0; i--) {
                double v = i == c ? 1 : 0;
                for (int k = n - 1; k > i; k--) v = Math.fma(-u[i][k], x[k][c], v);
                x[i][c] = v * (1.0 / u[i][i]);
            }
        return x;
    }

    /** {@code row[0:len] · col[0:len]} as a chain of fused multiply-adds from 0 (OpenBLAS's dot in getf2). */
    private static double dot(double[] row, double[] col, int len) {
        double s = 0;
        for (int k = 0; k < len; k++) s = Math.fma(row[k], col[k], s);
        return s;
    }
}
