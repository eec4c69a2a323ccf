package dev.axial.transforms.spatial;

import dev.axial.tensor.Device;
import dev.axial.tensor.Fixtures;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Spacing where MONAI's compute_shape_offset extent lands on an exact .5 rounding tie (tools/fixtures/
 * gen_transforms_spacing_tie.py): the output shape, values and affine must be MONAI's, which needs numpy's
 * arithmetic order (the corners mapped with fused multiply-adds, as numpy's matmul does).
 */
class SpacingTieTest {
    private static final Fixtures FX = Fixtures.load("transforms_spacing_tie");

    private static double[][] matrix(String key) {
        double[] v = FX.values(key);
        int n = (int) Math.round(Math.sqrt(v.length));
        double[][] m = new double[n][n];
        for (int i = 0; i < v.length; i++) m[i / n][i % n] = v[i];
        return m;
    }

    private static void check(String name, double... pixdim) {
        try (Scope s = Scope.open()) {
            Tensor x = FX.tensor(name + ".in", Device.CPU);
            MetaTensor out = new Spacing(pixdim).diagonal(true).apply(new MetaTensor(x, matrix(name + ".in_affine"), null));
            assertArrayEquals(FX.shape(name + ".out"), out.shape(), name + " shape");
            double[] want = FX.values(name + ".out"), got = out.array().toDoubleArray();
            for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 2e-5, name + " value " + i);
            double[][] wa = matrix(name + ".affine"), ga = out.affine();
            for (int i = 0; i < wa.length; i++) assertArrayEquals(wa[i], ga[i], 1e-9, name + " affine row " + i);
        }
    }

    @Test void tieA() { check("tie_a", 1.0, 2.8, 0.6); }

    @Test void tieB() { check("tie_b", 1.8, 0.8, 1.1); }
}
