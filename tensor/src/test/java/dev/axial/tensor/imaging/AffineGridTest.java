package dev.axial.tensor.imaging;

import dev.axial.tensor.DType;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.axial.tensor.imaging.GridSampleTest.assertBad;
import static dev.axial.tensor.imaging.GridSampleTest.assertClose;
import static dev.axial.tensor.imaging.GridSampleTest.numel;
import static dev.axial.tensor.imaging.GridSampleTest.random;
import static org.junit.jupiter.api.Assertions.*;

/** affine_grid and its backward against {@link GridSampleRef#affineGrid} and finite differences. */
class AffineGridTest {
    static final long[][] SIZES = {{2, 3, 4, 5}, {1, 1, 1, 6}, {3, 2, 3, 1}, {2, 1, 3, 4, 5}, {1, 2, 1, 1, 2}};

    @Test
    void matchesReference() {
        Random r = new Random(2);
        for (long[] size : SIZES) {
            int k = size.length - 2;
            for (boolean ac : new boolean[]{false, true}) {
                for (DType dt : new DType[]{DType.FLOAT64, DType.FLOAT32}) {
                    try (Scope s = Scope.open()) {
                        double[] theta = random(r, (int) size[0] * k * (k + 1), -1.5, 1.5);
                        if (dt == DType.FLOAT32) for (int i = 0; i < theta.length; i++) theta[i] = (float) theta[i];
                        Tensor grid = GridSampling.affineGrid(Tensor.of(theta, size[0], k, k + 1).to(dt), size, ac);
                        long[] want = new long[k + 2];
                        want[0] = size[0];
                        System.arraycopy(size, 2, want, 1, k);
                        want[k + 1] = k;
                        assertArrayEquals(want, grid.shape());
                        assertEquals(dt, grid.dtype());
                        assertClose(GridSampleRef.affineGrid(theta, size, ac), grid.toDoubleArray(), dt == DType.FLOAT64 ? 1e-12 : 1e-6,
                                java.util.Arrays.toString(size) + " ac=" + ac);
                    }
                }
            }
        }
    }

    @Test
    void nonContiguousThetaAndDefaultAlignCorners() {
        try (Scope s = Scope.open()) {
            double[] t = random(new Random(4), 12, -1, 1);
            Tensor theta = Tensor.of(t, 2, 3, 2).to(DType.FLOAT64).transpose(1, 2);   // (2, 2, 3), strided
            double[] th = theta.contiguous().toDoubleArray();
            assertClose(GridSampleRef.affineGrid(th, new long[]{2, 1, 3, 3}, false),
                    GridSampling.affineGrid(theta, new long[]{2, 1, 3, 3}).toDoubleArray(), 1e-12, "strided theta");
        }
    }

    @Test
    void backwardIsTheAdjoint() {
        Random r = new Random(8);
        for (long[] size : SIZES) {
            int k = size.length - 2;
            for (boolean ac : new boolean[]{false, true}) {
                try (Scope s = Scope.open()) {
                    int nTheta = (int) size[0] * k * (k + 1);
                    long[] gshape = GridSampling.affineGrid(Tensor.zeros(DType.FLOAT64, dev.axial.tensor.Device.CPU, size[0], k, k + 1), size, ac).shape();
                    double[] up = random(r, numel(gshape), -1, 1);
                    double[] got = GridSampling.affineGridBackward(Tensor.of(up, gshape), size, ac).toDoubleArray();
                    assertEquals(nTheta, got.length);
                    // the grid is linear in theta: d(sum(grid * up)) / d theta[i] = sum(affineGrid(e_i) * up)
                    double[] want = new double[nTheta];
                    for (int i = 0; i < nTheta; i++) {
                        double[] e = new double[nTheta];
                        e[i] = 1;
                        double[] g = GridSampleRef.affineGrid(e, size, ac);
                        for (int j = 0; j < g.length; j++) want[i] += g[j] * up[j];
                    }
                    assertClose(want, got, 1e-12, java.util.Arrays.toString(size));
                }
            }
        }
    }

    @Test
    void badInput() {
        try (Scope s = Scope.open()) {
            assertBad(() -> GridSampling.affineGrid(Tensor.zeros(2, 2, 3), new long[]{2, 1, 4, 5, 6}, false), "affine_grid", "[2, 2, 3]",
                    "[2, 1, 4, 5, 6]");
            assertBad(() -> GridSampling.affineGrid(Tensor.zeros(2, 2, 3), new long[]{3, 1, 4, 5}, false), "affine_grid", "[3, 1, 4, 5]");
            assertBad(() -> GridSampling.affineGrid(Tensor.zeros(2, 2, 3), new long[]{2, 4, 5}, false), "affine_grid", "4-D");
            assertBad(() -> GridSampling.affineGrid(Tensor.zeros(2, 2, 3), new long[]{2, 1, 0, 5}, false), "affine_grid", "positive");
            assertBad(() -> GridSampling.affineGrid(Tensor.zeros(DType.INT64, dev.axial.tensor.Device.CPU, 2, 2, 3), new long[]{2, 1, 3, 5}, false),
                    "affine_grid", "float32");
            assertBad(() -> GridSampling.affineGridBackward(Tensor.zeros(2, 3, 5, 2), new long[]{2, 1, 4, 5}, false), "affine_grid_backward",
                    "[2, 4, 5, 2]", "[2, 3, 5, 2]");
        }
    }
}
