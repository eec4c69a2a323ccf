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
 * arithmetic to the bit (dev.axial.tensor.imaging.NumpyLinalg: zoom_affine's cholesky and inverse, the solve and
 * the fused multiply-adds of numpy's matmul).
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

    private static void check(String name, boolean diagonal, double... pixdim) {
        try (Scope s = Scope.open()) {
            Tensor x = FX.tensor(name + ".in", Device.CPU);
            MetaTensor out = new Spacing(pixdim).diagonal(diagonal).apply(new MetaTensor(x, matrix(name + ".in_affine"), null));
            assertArrayEquals(FX.shape(name + ".out"), out.shape(), name + " shape");
            double[] want = FX.values(name + ".out"), got = out.array().toDoubleArray();
            for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 2e-5, name + " value " + i);
            double[][] wa = matrix(name + ".affine"), ga = out.affine();
            for (int i = 0; i < wa.length; i++) assertArrayEquals(wa[i], ga[i], 1e-9, name + " affine row " + i);
        }
    }

    /** An oblique affine to a diagonal one: the corners' extent is a tie. */
    @Test void diagonalTies() {
        check("tie_a", true, 1.0, 2.8, 0.6);
        check("tie_b", true, 1.8, 0.8, 1.1);
    }

    /** The orientation kept (zoom_affine's cholesky and inverse): a 5.5 extent that numpy's noise rounds to 5 at one angle and 6 at another. */
    @Test void obliqueTies() {
        check("oblique_a", false, 2.0, 1.0, 1.0);
        check("oblique_b", false, 2.0, 1.0, 1.0);
    }
}
