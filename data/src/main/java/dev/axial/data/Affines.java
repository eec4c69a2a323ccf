package dev.axial.data;

/** Small float64 affine helpers shared by the spatial transforms (MONAI's create_translate, to_affine_nd). */
final class Affines {
    private Affines() {}

    /** The (n+1)×(n+1) translation by {@code t} (n = t.length). */
    static double[][] translate(double[] t) {
        double[][] a = identity(t.length + 1);
        for (int i = 0; i < t.length; i++) a[i][t.length] = t[i];
        return a;
    }

    static double[][] identity(int n) {
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) a[i][i] = 1;
        return a;
    }

    /** MONAI's to_affine_nd(r, m): m's spatial block and translation column moved into an (r+1)×(r+1) identity. */
    static double[][] toAffineNd(int r, double[][] m) {
        double[][] out = identity(r + 1);
        int sr = m.length - 1, d = Math.min(r, sr);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) out[i][j] = m[i][j];
            out[i][r] = m[i][sr];
        }
        return out;
    }

    static double[][] matmul(double[][] a, double[][] b) {
        int n = a.length, k = b.length, m = b[0].length;
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
    static double[][] compose(double[][] affine, double[][] xform) {
        return matmul(affine, toAffineNd(affine.length - 1, xform));
    }
}
