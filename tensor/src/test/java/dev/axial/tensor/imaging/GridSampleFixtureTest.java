package dev.axial.tensor.imaging;

import dev.axial.tensor.Device;
import dev.axial.tensor.Fixtures;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.axial.tensor.imaging.GridSampleTest.assertClose;

/**
 * affine_grid + grid_sample against PyTorch (tools/fixtures/gen_grid_sample.py, float32): the grid, the output and
 * the gradients of input, grid and theta for a fixed upstream gradient, every mode, padding and align_corners.
 * The sampling uses PyTorch's own grid, so that a nearest-neighbour pick can not flip on a last-bit difference.
 */
class GridSampleFixtureTest {
    static final Fixtures FX = Fixtures.load("grid_sample");

    @ParameterizedTest(name = "{0}d {1} {2} ac={3}")
    @MethodSource("dev.axial.tensor.imaging.GridSampleTest#cases")
    void matchesPyTorch(int k, String mode, String pad, boolean ac) {
        String dim = k + "d", name = dim + "." + mode + "." + pad + ".ac" + (ac ? 1 : 0);
        try (Scope s = Scope.open()) {
            Tensor x = FX.float32(dim + ".x", Device.CPU), theta = FX.float32(dim + ".theta", Device.CPU);
            Tensor up = FX.float32(dim + ".up", Device.CPU);
            Tensor torchGrid = FX.float32(dim + ".ac" + (ac ? 1 : 0) + ".grid", Device.CPU);
            long[] size = up.shape();
            Tensor grid = GridSampling.affineGrid(theta, size, ac);
            assertClose(FX.values(dim + ".ac" + (ac ? 1 : 0) + ".grid"), grid.toDoubleArray(), 1e-6, "affine_grid");
            GridSampleOptions o = new GridSampleOptions(mode, pad, ac);
            assertClose(FX.values(name + ".out"), GridSampling.gridSample(x, torchGrid, o).toDoubleArray(), 1e-5, name + " out");
            GridSampleGrads g = GridSampling.gridSampleBackward(up, x, torchGrid, o, true, true);
            assertClose(FX.values(name + ".gx"), g.gradInput().toDoubleArray(), 1e-5, name + " grad input");
            assertClose(FX.values(name + ".ggrid"), g.gradGrid().toDoubleArray(), 1e-4, name + " grad grid");
            Tensor gTheta = GridSampling.affineGridBackward(g.gradGrid(), size, ac);
            assertClose(FX.values(name + ".gtheta"), gTheta.toDoubleArray(), 1e-4, name + " grad theta");
        }
    }
}
