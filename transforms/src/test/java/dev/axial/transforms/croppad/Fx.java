package dev.axial.transforms.croppad;

import dev.axial.tensor.Device;
import dev.axial.tensor.Fixtures;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The croppad fixtures (tools/fixtures/gen_transforms_croppad.py) and comparisons against them. */
final class Fx {
    static final Fixtures FX = Fixtures.load("transforms_croppad");

    private Fx() {}

    static Tensor tensor(String key) { return FX.tensor(key, Device.CPU); }

    static double[][] affine(String key) {
        double[] a = FX.values(key);
        int n = (int) Math.round(Math.sqrt(a.length));
        double[][] m = new double[n][n];
        for (int i = 0; i < a.length; i++) m[i / n][i % n] = a[i];
        return m;
    }

    /** An input with the fixtures' affine. */
    static MetaTensor meta(String key) { return new MetaTensor(tensor(key), affine("in.affine"), null); }

    static void same(String key, Tensor got) {
        assertArrayEquals(FX.shape(key), got.shape(), key + " shape");
        double[] want = FX.values(key), g = got.toDoubleArray();
        for (int i = 0; i < want.length; i++) assertEquals(want[i], g[i], 1e-6, key + "[" + i + "]");
    }

    static void sameAffine(String key, double[][] got) {
        double[][] want = affine(key);
        assertEquals(want.length, got.length, key);
        for (int i = 0; i < want.length; i++) assertArrayEquals(want[i], got[i], 1e-9, key + " row " + i);
    }

    static long[][] centers(String key) {
        long[] s = FX.shape(key), v = FX.entry(key).longs();
        long[][] c = new long[(int) s[0]][(int) s[1]];
        for (int i = 0; i < c.length; i++) for (int j = 0; j < c[i].length; j++) c[i][j] = v[i * c[i].length + j];
        return c;
    }

    static long[] longs(String key) { return FX.entry(key).longs(); }
}
