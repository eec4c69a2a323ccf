package dev.axial.transforms.spatial;

import dev.axial.tensor.Device;
import dev.axial.tensor.Fixtures;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The MONAI fixtures of tools/fixtures/gen_transforms_spatial1.py and comparisons against them. */
final class SpatialFixtures {
    static final Fixtures FX = Fixtures.load("transforms_spatial1");

    private SpatialFixtures() {}

    static double[][] matrix(String key) {
        double[] v = FX.values(key);
        int n = (int) Math.round(Math.sqrt(v.length));
        double[][] m = new double[n][n];
        for (int i = 0; i < v.length; i++) m[i / n][i % n] = v[i];
        return m;
    }

    /** x3 (1, 6, 5, 4) with affine {@code affineKey}. */
    static MetaTensor x3(String affineKey) {
        return new MetaTensor(FX.tensor("x3c2", Device.CPU).narrow(0, 0, 1).contiguous(), matrix(affineKey), null);
    }

    static MetaTensor x3c2(String affineKey) { return new MetaTensor(FX.tensor("x3c2", Device.CPU), matrix(affineKey), null); }

    static MetaTensor x3b(String affineKey) {
        return new MetaTensor(FX.tensor("x3c2", Device.CPU).narrow(0, 0, 1).mul(2).contiguous(), matrix(affineKey), null);
    }

    static MetaTensor x2() { return new MetaTensor(FX.tensor("x2", Device.CPU), matrix("A3"), null); }

    static Map<String, Object> pair(String affineKey) { return Map.of("a", x3(affineKey), "b", x3b(affineKey)); }

    /** {@code got}'s values, shape and affine equal MONAI's case {@code name} (values within {@code tol}). */
    static void same(String name, MetaTensor got, double tol) {
        assertArrayEquals(FX.shape(name + ".out"), got.shape(), name + " shape");
        tol = Math.max(tol, 1e-6);   // the fixtures print float32 with 9 significant digits
        double[] want = FX.values(name + ".out"), g = got.array().toDoubleArray();
        double worst = 0;
        int at = -1;
        for (int i = 0; i < want.length; i++) {
            double e = Math.abs(want[i] - g[i]);
            if (!(e <= worst)) { worst = e; at = i; }
        }
        assertTrue(worst <= tol, name + ": worst error " + worst + " at " + at + " (want " + (at >= 0 ? want[at] : 0) + ", got " + (at >= 0 ? g[at] : 0) + ")");
        sameAffine(name, got.affine());
    }

    static void same(String name, MetaTensor got) { same(name, got, 1e-5); }

    static void sameAffine(String name, double[][] got) {
        double[][] want = matrix(name + ".affine");
        assertEquals(want.length, got.length, name + " affine size");
        for (int i = 0; i < want.length; i++)
            for (int j = 0; j < want.length; j++)
                assertEquals(want[i][j], got[i][j], 1e-9, name + " affine[" + i + "][" + j + "]: " + Arrays.deepToString(got));
    }

    static void sameTensor(Tensor want, Tensor got, double tol, String what) {
        assertArrayEquals(want.shape(), got.shape(), what + " shape");
        double[] w = want.toDoubleArray(), g = got.toDoubleArray();
        for (int i = 0; i < w.length; i++) assertEquals(w[i], g[i], tol, what + "[" + i + "]");
    }

    static void sameMatrix(double[][] want, double[][] got, double tol, String what) {
        for (int i = 0; i < want.length; i++)
            for (int j = 0; j < want.length; j++) assertEquals(want[i][j], got[i][j], tol, what + "[" + i + "][" + j + "]: " + Arrays.deepToString(got));
    }
}
