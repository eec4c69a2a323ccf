package dev.axial.autograd.ops;

import dev.axial.autograd.Graph;
import dev.axial.autograd.Variable;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.imaging.GridSampleGrads;
import dev.axial.tensor.imaging.GridSampleOptions;
import dev.axial.tensor.imaging.GridSampling;

import static dev.axial.autograd.Graph.grads;

/**
 * The backward table of affine_grid and grid_sample (see {@link MathOps} for the conventions): registration and
 * spatial-transformer networks differentiate through both, to the image and to the transform.
 *
 * <pre>{@code
 * Variable grid = GridSampleOps.affineGrid(theta, new long[]{1, 1, 32, 32, 32}, false);
 * Variable warped = GridSampleOps.gridSample(image, grid, GridSampleOptions.of().paddingMode("border"));
 * }</pre>
 */
public final class GridSampleOps {
    private GridSampleOps() {}

    /** affine_grid with align_corners false (PyTorch's default). */
    public static Variable affineGrid(Variable theta, long[] size) { return affineGrid(theta, size, false); }

    /** affine_grid: linear in theta, d/dtheta = gradGrid^T @ base grid (GridSampling.affineGridBackward). */
    public static Variable affineGrid(Variable theta, long[] size, boolean alignCorners) {
        long[] sz = size.clone();
        return Graph.record("affine_grid", GridSampling.affineGrid(theta.data(), sz, alignCorners),
                (g, need) -> grads(GridSampling.affineGridBackward(g, sz, alignCorners)), theta);
    }

    /** grid_sample with PyTorch's defaults: bilinear, zeros, align_corners false. */
    public static Variable gridSample(Variable input, Variable grid) { return gridSample(input, grid, GridSampleOptions.of()); }

    public static Variable gridSample(Variable input, Variable grid, String mode, String paddingMode, boolean alignCorners) {
        return gridSample(input, grid, new GridSampleOptions(mode, paddingMode, alignCorners));
    }

    /** grid_sample: d/dinput and d/dgrid from GridSampling.gridSampleBackward (the grid's is zero for "nearest"). */
    public static Variable gridSample(Variable input, Variable grid, GridSampleOptions opts) {
        Tensor x = input.data(), gr = grid.data();
        return Graph.record("grid_sample", GridSampling.gridSample(x, gr, opts), (g, need) -> {
            GridSampleGrads r = GridSampling.gridSampleBackward(g, x, gr, opts, need[0], need[1]);
            return grads(r.gradInput(), r.gradGrid());
        }, input, grid);
    }
}
