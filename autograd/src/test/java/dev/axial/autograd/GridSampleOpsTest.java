package dev.axial.autograd;

import dev.axial.autograd.ops.GridSampleOps;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;
import dev.axial.tensor.imaging.GridSampleOptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** gradcheck of affine_grid and grid_sample on Variables: every mode and padding, 2-D and 3-D, through theta too. */
class GridSampleOpsTest {
    @Test
    void gridSample2dEveryModeAndPadding() {
        try (Scope s = Scope.open()) {
            Generator g = new Generator(11);
            Tensor x = Tensor.randn(g, 2, 2, 4, 5), grid = Tensor.rand(g, 2, 3, 2, 2).mul(2.6).sub(1.3);
            for (String mode : new String[]{"bilinear", "nearest", "bicubic"})
                for (String pad : new String[]{"zeros", "border", "reflection"})
                    for (boolean ac : new boolean[]{false, true}) {
                        GridSampleOptions o = new GridSampleOptions(mode, pad, ac);
                        GradCheck.check("grid_sample 2d " + o, v -> GridSampleOps.gridSample(v[0], v[1], o), x, grid);
                    }
        }
    }

    @Test
    void gridSample3dOnNonContiguousInput() {
        try (Scope s = Scope.open()) {
            Generator g = new Generator(12);
            // input given as (N, C, W, H, D) and transposed inside the checked function: a strided view
            Tensor x = Tensor.randn(g, 1, 2, 3, 4, 3), grid = Tensor.rand(g, 1, 2, 2, 3, 3).mul(2.4).sub(1.2);
            for (String mode : new String[]{"bilinear", "nearest"})
                for (String pad : new String[]{"zeros", "border", "reflection"}) {
                    GridSampleOptions o = GridSampleOptions.of().mode(mode).paddingMode(pad).alignCorners(pad.equals("border"));
                    GradCheck.check("grid_sample 3d " + o, v -> GridSampleOps.gridSample(v[0].transpose(2, 4), v[1], o), x, grid);
                }
        }
    }

    @Test
    void throughAffineGridToTheta() {
        try (Scope s = Scope.open()) {
            // thetas chosen so that no grid point lands within 0.002 pixel of a cell boundary (a kink, where the
            // finite difference is one-sided)
            Generator g = new Generator(13);
            Tensor x2 = Tensor.randn(g, 2, 1, 5, 4);
            Tensor t2 = Tensor.of(new float[]{1.1f, 0.17f, 0.13f, -0.15f, 0.93f, -0.07f, 0.8f, -0.3f, 0.21f, 0.25f, 1.2f, 0.11f}, 2, 2, 3);
            for (boolean ac : new boolean[]{false, true})
                GradCheck.check("affine_grid + grid_sample 2d ac=" + ac,
                        v -> GridSampleOps.gridSample(v[0], GridSampleOps.affineGrid(v[1], new long[]{2, 1, 3, 4}, ac), "bicubic", "reflection", ac),
                        x2, t2);
            Tensor x3 = Tensor.randn(g, 1, 1, 3, 4, 4);
            Tensor t3 = Tensor.of(new float[]{1.1f, 0.1f, -0.1f, 0.05f, -0.1f, 0.9f, 0.2f, -0.1f, 0.15f, 0.05f, 1.13f, 0.07f}, 1, 3, 4);
            GradCheck.check("affine_grid + grid_sample 3d",
                    v -> GridSampleOps.gridSample(v[0], GridSampleOps.affineGrid(v[1], new long[]{1, 1, 2, 3, 3})), x3, t3);
            GradCheck.check("affine_grid alone", v -> GridSampleOps.affineGrid(v[0], new long[]{2, 3, 3, 2}, true), t2);
        }
    }

    @Test
    void badInputNamesOpAndShapes() {
        try (Scope s = Scope.open()) {
            Variable x = Variable.param(Tensor.zeros(1, 1, 4, 4, 4));
            Variable grid = Variable.param(Tensor.zeros(1, 2, 2, 2, 2));
            TensorException e = assertThrows(TensorException.class, () -> GridSampleOps.gridSample(x, grid));
            assertTrue(e.getMessage().contains("grid_sample") && e.getMessage().contains("[1, 2, 2, 2, 2]"), e.getMessage());
            TensorException e2 = assertThrows(TensorException.class,
                    () -> GridSampleOps.affineGrid(Variable.param(Tensor.zeros(1, 2, 3)), new long[]{1, 1, 2, 2, 2}));
            assertTrue(e2.getMessage().contains("affine_grid") && e2.getMessage().contains("[1, 2, 3]"), e2.getMessage());
        }
    }
}
