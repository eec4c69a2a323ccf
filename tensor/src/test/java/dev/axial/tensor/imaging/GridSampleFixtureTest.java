package dev.axial.tensor.imaging;

import dev.axial.tensor.Conformance;
import dev.axial.tensor.Device;
import dev.axial.tensor.Fixtures;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.axial.tensor.imaging.GridSampleTest.assertClose;

/**
 * affine_grid + grid_sample against PyTorch (tools/fixtures/gen_grid_sample.py, float32): the grid, the output and
 * the gradients of input, grid and theta for a fixed upstream gradient, every mode, padding and align_corners.
 * The sampling uses PyTorch's own grid, so that a nearest-neighbour pick can not flip on a last-bit difference.
 * On every device (Conformance): grid_sample first, then affine_grid and its backward.
 */
class GridSampleFixtureTest {
    static final Fixtures FX = Fixtures.load("grid_sample");

    static Stream<Arguments> cases() {
        return Conformance.devices().flatMap(d -> GridSampleTest.cases().map(a -> {
            Object[] v = a.get();
            return Arguments.of(d, v[0], v[1], v[2], v[3]);
        }));
    }

    /** The fixture as float32, converted on the CPU and moved as it is. */
    private static Tensor f32(String key, Device dev) { return FX.float32(key, Device.CPU).to(dev); }

    @ParameterizedTest(name = "{0} {1}d {2} {3} ac={4}")
    @MethodSource("cases")
    void matchesPyTorch(Device dev, int k, String mode, String pad, boolean ac) {
        String dim = k + "d", name = dim + "." + mode + "." + pad + ".ac" + (ac ? 1 : 0);
        try (Scope s = Scope.open()) {
            Tensor x = f32(dim + ".x", dev), theta = f32(dim + ".theta", dev);
            Tensor up = f32(dim + ".up", dev);
            Tensor torchGrid = f32(dim + ".ac" + (ac ? 1 : 0) + ".grid", dev);
            long[] size = up.shape();
            GridSampleOptions o = new GridSampleOptions(mode, pad, ac);
            assertClose(FX.values(name + ".out"), GridSampling.gridSample(x, torchGrid, o).cpu().toDoubleArray(), 1e-5, name + " out");
            GridSampleGrads g = GridSampling.gridSampleBackward(up, x, torchGrid, o, true, true);
            assertClose(FX.values(name + ".gx"), g.gradInput().cpu().toDoubleArray(), 1e-5, name + " grad input");
            assertClose(FX.values(name + ".ggrid"), g.gradGrid().cpu().toDoubleArray(), 1e-4, name + " grad grid");
            Tensor grid = GridSampling.affineGrid(theta, size, ac);
            assertClose(FX.values(dim + ".ac" + (ac ? 1 : 0) + ".grid"), grid.cpu().toDoubleArray(), 1e-6, "affine_grid");
            Tensor gTheta = GridSampling.affineGridBackward(g.gradGrid(), size, ac);
            assertClose(FX.values(name + ".gtheta"), gTheta.cpu().toDoubleArray(), 1e-4, name + " grad theta");
        }
    }
}
