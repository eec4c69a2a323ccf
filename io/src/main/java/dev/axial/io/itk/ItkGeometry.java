package dev.axial.io.itk;

import dev.axial.io.ImageFileException;
import dev.axial.io.raw.ElementType;
import dev.axial.io.raw.RawIO;
import dev.axial.tensor.Device;
import dev.axial.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * What MetaImage and NRRD share: MONAI's affine from an ITK-style direction, spacing and origin (LPS mm)
 * turned into RAS, the way back for the writers, and the x-fastest data layout that becomes an
 * {@code [x, y, z, (c)]} tensor (MONAI's ITKReader gives {@code array.T}).
 */
final class ItkGeometry {
    private ItkGeometry() {}

    /**
     * MONAI's ITKReader._get_affine: sr = min(n, 3); the (sr+1)² matrix {@code direction[:sr,:sr] @ diag(spacing[:sr])}
     * with {@code origin[:sr]} as last column, then LPS to RAS ({@code diag(-1,-1,1,...)}, first two rows negated)
     * when {@code lpsToRas}. {@code direction[r][c]}: row r, column c (column c is axis c's direction).
     */
    static double[][] affine(double[][] direction, double[] spacing, double[] origin, boolean lpsToRas) {
        int n = direction.length;
        int sr = Math.min(Math.max(n, 1), 3);
        double[][] a = new double[sr + 1][sr + 1];
        for (int r = 0; r < sr; r++) {
            for (int c = 0; c < sr; c++) a[r][c] = direction[r][c] * spacing[c];
            a[r][sr] = origin[r];
        }
        a[sr][sr] = 1;
        if (lpsToRas) lpsRas(a);
        return a;
    }

    /** MONAI's orientation_ras_lps in place: negates the first two spatial rows (only the first when 1-D). */
    static void lpsRas(double[][] a) {
        int sr = Math.max(a.length - 1, 1);
        for (int r = 0; r < Math.min(sr, 2); r++)
            for (int c = 0; c < a[r].length; c++) a[r][c] = -a[r][c];
    }

    /**
     * For writers: a RAS affine's top-left block as LPS {@code direction} (n×n, unit columns), {@code spacing}
     * (column norms) and {@code origin}, for {@code n} spatial axes; axes beyond the affine get identity.
     */
    static Geometry fromAffine(double[][] rasAffine, int n) {
        double[][] a = dev.axial.tensor.MetaTensor.copy(rasAffine);
        lpsRas(a);
        int k = a.length - 1;
        double[][] dir = new double[n][n];
        double[] sp = new double[n];
        double[] org = new double[n];
        for (int c = 0; c < n; c++) {
            if (c >= k) {
                dir[c][c] = 1;
                sp[c] = 1;
                continue;
            }
            double s = 0;
            for (int r = 0; r < Math.min(n, k); r++) s += a[r][c] * a[r][c];
            s = Math.sqrt(s);
            sp[c] = s == 0 ? 1 : s;
            for (int r = 0; r < Math.min(n, k); r++) dir[r][c] = s == 0 ? (r == c ? 1 : 0) : a[r][c] / s;
        }
        for (int r = 0; r < Math.min(n, k); r++) org[r] = a[r][k];
        return new Geometry(dir, sp, org);
    }

    record Geometry(double[][] direction, double[] spacing, double[] origin) {}

    /**
     * Reads x-fastest file data of {@code sizes} (axis 0 fastest) with {@code comps} components per pixel
     * (fastest of all) into a contiguous {@code [sizes..., comps]} tensor ({@code comps} dropped when 1):
     * the file's bytes go straight into a tensor of the reversed shape, then one permuted copy.
     */
    static Tensor readXFastest(InputStream in, long[] sizes, int comps, ElementType type, ByteOrder order,
                               Path file, String format, String field) throws IOException {
        int n = sizes.length;
        long[] storage = new long[n + (comps > 1 ? 1 : 0)];
        for (int i = 0; i < n; i++) storage[i] = sizes[n - 1 - i];
        if (comps > 1) storage[n] = comps;
        Tensor t = Tensor.empty(type.dtype(), Device.CPU, storage);
        try {
            RawIO.read(in, type, order, t.hostSegment(), file, format, field);
        } catch (IOException | RuntimeException | Error e) {
            t.close();
            throw e;
        }
        return fromStorage(t, n, comps);
    }

    /** The {@code [x, y, z, (c)]} tensor from one read in storage order {@code [z, y, x, (c)]}; closes {@code t}. */
    static Tensor fromStorage(Tensor t, int n, int comps) {
        if (n < 2) return t;
        int[] perm = new int[t.dim()];
        for (int i = 0; i < n; i++) perm[i] = n - 1 - i;
        if (comps > 1) perm[n] = n;
        try {
            return t.permute(perm).contiguous();
        } finally {
            t.close();
        }
    }

    /**
     * For writers: {@code array} ({@code [x, y, z, (c)]}, {@code spatial} leading axes) as a contiguous tensor in
     * file order {@code [z, y, x, (c)]}; the caller closes it when it is not {@code array}.
     */
    static Tensor toStorage(Tensor array, int spatial) {
        if (spatial < 2) return array.contiguous();
        int[] perm = new int[array.dim()];
        for (int i = 0; i < spatial; i++) perm[i] = spatial - 1 - i;
        for (int i = spatial; i < array.dim(); i++) perm[i] = i;
        return array.permute(perm).contiguous();
    }

    static ImageFileException bad(Path file, String format, String field, String msg) {
        return new ImageFileException(file, format, field, msg);
    }

    /** Parses {@code count} numbers of {@code field}; a count or syntax mismatch is an ImageFileException. */
    static double[] numbers(String value, int count, Path file, String format, String field) {
        String[] p = value.strip().isEmpty() ? new String[0] : value.strip().split("[\\s,]+");
        if (count >= 0 && p.length != count)
            throw bad(file, format, field, "has " + p.length + " values, expected " + count + ": '" + value.strip() + "'");
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            try {
                out[i] = Double.parseDouble(p[i]);
            } catch (NumberFormatException e) {
                throw bad(file, format, field, "'" + p[i] + "' is not a number");
            }
        }
        return out;
    }

    /** Parses positive sizes; their product (and its byte size) must fit in a long. */
    static long[] sizes(String value, int count, int bytesPerPixel, Path file, String format, String field) {
        double[] d = numbers(value, count, file, format, field);
        long[] out = new long[d.length];
        long total = bytesPerPixel;
        for (int i = 0; i < d.length; i++) {
            if (d[i] < 1 || d[i] != Math.rint(d[i]) || d[i] > Long.MAX_VALUE)
                throw bad(file, format, field, "'" + value.strip() + "': sizes must be integers >= 1");
            out[i] = (long) d[i];
            try {
                total = Math.multiplyExact(total, out[i]);
            } catch (ArithmeticException e) {
                throw bad(file, format, field, "'" + value.strip() + "' overflows 64-bit sizes");
            }
        }
        return out;
    }
}
