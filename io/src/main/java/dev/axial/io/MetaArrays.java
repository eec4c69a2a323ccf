package dev.axial.io;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;

import java.util.function.UnaryOperator;

/** Small helpers shared by LoadImage, EnsureChannelFirst and SaveImage: array replacement with one owner, affines. */
final class MetaArrays {
    private MetaArrays() {}

    /**
     * Replaces {@code img}'s array by {@code f(array)}, consuming {@code img}: the result owns the new array, and
     * the old one is freed unless the new array is a view of it. Temporaries made by {@code f} are freed; if
     * {@code f} throws, {@code img} is left as it was.
     */
    static MetaTensor replaceArray(MetaTensor img, UnaryOperator<Tensor> f) {
        Tensor old = img.array();
        Tensor out;
        try (Scope s = Scope.open()) {
            out = f.apply(old);
            if (s.owns(out)) s.keep(out);
        }
        if (out == old) return img;
        MetaTensor result = img.withArray(out);
        if (out.storage() != old.storage()) img.close();
        return result;
    }

    /**
     * MONAI's {@code to_affine_nd(r, affine)}: an (r+1)×(r+1) affine holding the top-left d×d block and the first d
     * entries of the translation of {@code a}, d = max(min(r, a.length - 1), 1); the translation only when d > 1.
     */
    static double[][] toAffineNd(int r, double[][] a) { return dev.axial.tensor.AffineMath.toAffineNd(r, a); }

    /** numpy.allclose(a, b, rtol=1e-5, atol) for equally sized matrices. */
    static boolean allclose(double[][] a, double[][] b, double atol) {
        if (a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) {
            if (a[i].length != b[i].length) return false;
            for (int j = 0; j < a[i].length; j++)
                if (!(Math.abs(a[i][j] - b[i][j]) <= atol + 1e-5 * Math.abs(b[i][j]))) return false;
        }
        return true;
    }

    /** A meta value as a double[][] (the affine keys), or null. */
    static double[][] matrix(Object v) {
        if (v == null) return null;
        if (v instanceof double[][] m) return MetaTensor.copy(m);
        if (v instanceof float[][] f) {
            double[][] m = new double[f.length][];
            for (int i = 0; i < f.length; i++) {
                m[i] = new double[f[i].length];
                for (int j = 0; j < f[i].length; j++) m[i][j] = f[i][j];
            }
            return m;
        }
        throw new IllegalArgumentException("expected an affine as double[][], got " + v.getClass().getSimpleName());
    }

    /** A meta value as a long[] (spatial_shape), or null. */
    static long[] shape(Object v) {
        return switch (v) {
            case null -> null;
            case long[] l -> l.clone();
            case int[] i -> java.util.Arrays.stream(i).asLongStream().toArray();
            case java.util.List<?> l -> l.stream().mapToLong(x -> ((Number) x).longValue()).toArray();
            default -> throw new IllegalArgumentException("expected spatial_shape as long[], got " + v.getClass().getSimpleName());
        };
    }
}
