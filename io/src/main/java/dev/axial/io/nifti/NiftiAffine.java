package dev.axial.io.nifti;

/**
 * The NIfTI geometry math, as nibabel does it: the qform from the quaternion (b, c, d, with a from the unit
 * norm, qfac flipping the third column), the quaternion back from an affine (polar decomposition to strip
 * shears, then the quaternion of the rotation with a &ge; 0), and nibabel's fallback affine from pixdim alone.
 *
 * <pre>{@code
 * double[][] q = NiftiAffine.qform(0, 1, 0, new double[] {-1, 2, 2, 2}, new double[] {32, -40, -16});
 * double[] quat = NiftiAffine.quaternion(q);   // {b, c, d, qfac, zoomX, zoomY, zoomZ}
 * }</pre>
 */
public final class NiftiAffine {
    private NiftiAffine() {}

    /**
     * The qform affine. {@code pixdim} is the header's pixdim (pixdim[0] is qfac, already fixed to ±1);
     * {@code threshold} is how far below zero 1 - (b²+c²+d²) may fall before it is an error (nibabel:
     * -3 eps of the header's float type); returns null when it falls further.
     */
    public static double[][] qform(double b, double c, double d, double[] pixdim, double[] offset, double threshold) {
        double w2 = 1.0 - (b * b + c * c + d * d);
        double a;
        if (w2 < 0) {
            if (w2 < threshold) return null;
            a = 0;
        } else a = Math.sqrt(w2);
        double[][] r = quatToMatrix(a, b, c, d);
        double[] vox = {pixdim[1], pixdim[2], pixdim[3] * pixdim[0]};
        double[][] out = new double[4][4];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) out[i][j] = r[i][j] * vox[j];
            out[i][3] = offset[i];
        }
        out[3][3] = 1;
        return out;
    }

    /** The qform with nibabel's thresholds: NIfTI-1 headers hold float32, NIfTI-2 float64. */
    public static double[][] qform(double b, double c, double d, double[] pixdim, double[] offset) {
        return qform(b, c, d, pixdim, offset, -3 * Math.ulp(1.0f));
    }

    static double[][] quatToMatrix(double w, double x, double y, double z) {
        double n = w * w + x * x + y * y + z * z;
        if (n < Math.ulp(1.0)) return new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        double s = 2.0 / n;
        double xs = x * s, ys = y * s, zs = z * s;
        double wx = w * xs, wy = w * ys, wz = w * zs;
        double xx = x * xs, xy = x * ys, xz = x * zs;
        double yy = y * ys, yz = y * zs, zz = z * zs;
        return new double[][] {
                {1.0 - (yy + zz), xy - wz, xz + wy},
                {xy + wz, 1.0 - (xx + zz), yz - wx},
                {xz - wy, yz + wx, 1.0 - (xx + yy)}};
    }

    /**
     * The qform parameters of {@code affine} as nibabel's {@code set_qform} computes them:
     * {@code {b, c, d, qfac, zoomX, zoomY, zoomZ}}. Zooms are the column norms; a negative determinant gives
     * qfac -1 (the third column flipped); shears are stripped by taking the nearest rotation.
     */
    public static double[] quaternion(double[][] affine) {
        double[][] r = new double[3][3];
        double[] zoom = new double[3];
        for (int j = 0; j < 3; j++) {
            double s = 0;
            for (int i = 0; i < 3; i++) s += affine[i][j] * affine[i][j];
            zoom[j] = Math.sqrt(s);
            for (int i = 0; i < 3; i++) r[i][j] = zoom[j] == 0 ? (i == j ? 1 : 0) : affine[i][j] / zoom[j];
        }
        double qfac = 1;
        if (det(r) <= 0) {
            qfac = -1;
            for (int i = 0; i < 3; i++) r[i][2] = -r[i][2];
        }
        r = nearestRotation(r);
        double[] q = matrixToQuat(r);
        return new double[] {q[1], q[2], q[3], qfac, zoom[0], zoom[1], zoom[2]};
    }

    /** The orthogonal polar factor of {@code m}: Newton's iteration X ← (X + X⁻ᵀ)/2, exact for rotations. */
    static double[][] nearestRotation(double[][] m) {
        double[][] x = copy3(m);
        for (int it = 0; it < 100; it++) {
            double[][] inv = inverse3(x);
            double[][] next = new double[3][3];
            double diff = 0;
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++) {
                    next[i][j] = 0.5 * (x[i][j] + inv[j][i]);
                    diff = Math.max(diff, Math.abs(next[i][j] - x[i][j]));
                }
            x = next;
            if (diff < 1e-15) break;
        }
        return x;
    }

    /** The unit quaternion (w, x, y, z), w &ge; 0, of a rotation matrix (Shepperd's method). */
    static double[] matrixToQuat(double[][] r) {
        double tr = r[0][0] + r[1][1] + r[2][2];
        double w, x, y, z;
        if (tr > 0) {
            double s = Math.sqrt(tr + 1.0) * 2;
            w = 0.25 * s;
            x = (r[2][1] - r[1][2]) / s;
            y = (r[0][2] - r[2][0]) / s;
            z = (r[1][0] - r[0][1]) / s;
        } else if (r[0][0] > r[1][1] && r[0][0] > r[2][2]) {
            double s = Math.sqrt(1.0 + r[0][0] - r[1][1] - r[2][2]) * 2;
            w = (r[2][1] - r[1][2]) / s;
            x = 0.25 * s;
            y = (r[0][1] + r[1][0]) / s;
            z = (r[0][2] + r[2][0]) / s;
        } else if (r[1][1] > r[2][2]) {
            double s = Math.sqrt(1.0 + r[1][1] - r[0][0] - r[2][2]) * 2;
            w = (r[0][2] - r[2][0]) / s;
            x = (r[0][1] + r[1][0]) / s;
            y = 0.25 * s;
            z = (r[1][2] + r[2][1]) / s;
        } else {
            double s = Math.sqrt(1.0 + r[2][2] - r[0][0] - r[1][1]) * 2;
            w = (r[1][0] - r[0][1]) / s;
            x = (r[0][2] + r[2][0]) / s;
            y = (r[1][2] + r[2][1]) / s;
            z = 0.25 * s;
        }
        double n = Math.sqrt(w * w + x * x + y * y + z * z);
        double sign = w < 0 ? -1 : 1;   // NOTE: q and -q are the same rotation; NIfTI stores the one with a >= 0
        return new double[] {sign * w / n, sign * x / n, sign * y / n, sign * z / n};
    }

    /**
     * nibabel's affine when neither sform nor qform is set: voxel sizes on the diagonal, x flipped, the
     * image centre at the origin ({@code shape_zoom_affine(shape, zooms, x_flip=True)}).
     */
    public static double[][] fallback(long[] shape, double[] zooms) {
        double[] s = {1, 1, 1}, z = {1, 1, 1};
        for (int i = 0; i < Math.min(3, shape.length); i++) {
            s[i] = shape[i];
            z[i] = zooms[i];
        }
        z[0] = -z[0];
        double[][] a = new double[4][4];
        for (int i = 0; i < 3; i++) {
            a[i][i] = z[i];
            a[i][3] = -((s[i] - 1) / 2.0) * z[i];
        }
        a[3][3] = 1;
        return a;
    }

    /** MONAI's {@code affine_to_spacing(affine, r)}: norms of the first r columns of affine[:r, :r], 0 → 1. */
    static double[] spacing(double[][] affine, int r) {
        double[] out = new double[r];
        for (int j = 0; j < r; j++) {
            double s = 0;
            for (int i = 0; i < r; i++) s += affine[i][j] * affine[i][j];
            out[j] = s == 0 ? 1 : Math.sqrt(s);
        }
        return out;
    }

    /** NumPy's {@code allclose(a, b)}: |a - b| &le; 1e-8 + 1e-5 |b| everywhere. */
    static boolean allclose(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) if (!(Math.abs(a[i] - b[i]) <= 1e-8 + 1e-5 * Math.abs(b[i]))) return false;
        return true;
    }

    static double det(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }

    static double[][] inverse3(double[][] m) {
        double d = det(m);
        double[][] inv = new double[3][3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) {
                int i1 = (j + 1) % 3, i2 = (j + 2) % 3, j1 = (i + 1) % 3, j2 = (i + 2) % 3;
                inv[i][j] = (m[i1][j1] * m[i2][j2] - m[i1][j2] * m[i2][j1]) / d;
            }
        return inv;
    }

    private static double[][] copy3(double[][] m) {
        double[][] c = new double[3][];
        for (int i = 0; i < 3; i++) c[i] = m[i].clone();
        return c;
    }
}
