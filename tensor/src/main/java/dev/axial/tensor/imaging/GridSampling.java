package dev.axial.tensor.imaging;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Shapes;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;

import java.util.Arrays;

/**
 * torch.nn.functional.affine_grid and grid_sample (2-D and 3-D) and their backward ops: the resampling core of
 * Spacing, Affine, RandAffine, elastic deformation and registration warps.
 *
 * <p>A grid holds, for each output point, the sampling location in normalised coordinates: -1 and 1 are the
 * first and last pixel (centres with {@code alignCorners}, outer edges without), the last dim ordered
 * (x, y[, z]) = (W, H[, D]) index order, as in PyTorch.
 *
 * <pre>{@code
 * Tensor theta = Tensor.of(new float[]{1, 0, 0, 0, 1, 0}, 1, 2, 3);           // identity
 * Tensor grid = GridSampling.affineGrid(theta, new long[]{1, 1, 8, 8}, false); // (1, 8, 8, 2)
 * Tensor y = GridSampling.gridSample(image, grid);                             // bilinear, zeros
 * Tensor z = GridSampling.gridSample(image, grid, GridSampleOptions.of().mode("nearest").paddingMode("border"));
 * }</pre>
 */
public final class GridSampling {
    private GridSampling() {}

    // ---- affine_grid -----------------------------------------------------------------------------

    /** affine_grid with align_corners false (PyTorch's default). */
    public static Tensor affineGrid(Tensor theta, long[] size) { return affineGrid(theta, size, false); }

    /**
     * The sampling grid of the affine maps {@code theta}: (N, 2, 3) for size (N, C, H, W) gives (N, H, W, 2);
     * (N, 3, 4) for size (N, C, D, H, W) gives (N, D, H, W, 3). grid[n, ..., :] = theta[n] @ (x, y[, z], 1).
     */
    public static Tensor affineGrid(Tensor theta, long[] size, boolean alignCorners) {
        theta.checkAlive("affine_grid");
        int k = checkAffine("affine_grid", theta, size);
        long n = size[0];
        long[] spatial = Arrays.copyOfRange(size, 2, size.length);
        long points = Shapes.numel(spatial);
        long[] gridShape = gridShape(n, spatial, k);
        try (Scope s = Scope.open()) {
            Tensor base = baseGrid(theta.dtype(), theta.device(), spatial, alignCorners).view(1, points, k + 1);
            // (1, P, k+1) @ (N, k+1, k) -> (N, P, k), as PyTorch's base_grid.bmm(theta.transpose(1, 2))
            Tensor grid = base.matmul(theta.transpose(1, 2)).view(gridShape);
            return s.keep(grid.contiguous());
        }
    }

    /**
     * The gradient of affine_grid with respect to theta: gradTheta[n] = gradGrid[n]^T @ base, (N, 2, 3) or (N, 3, 4).
     * {@code gradGrid} has affine_grid's output shape for {@code size}.
     */
    public static Tensor affineGridBackward(Tensor gradGrid, long[] size, boolean alignCorners) {
        gradGrid.checkAlive("affine_grid_backward");
        if (size.length != 4 && size.length != 5)
            throw TensorException.of("affine_grid_backward", "size must have 4 or 5 entries (N, C, [D,] H, W), got " + Shapes.str(size), gradGrid);
        int k = size.length - 2;
        long n = size[0];
        long[] spatial = Arrays.copyOfRange(size, 2, size.length);
        checkFloat("affine_grid_backward", gradGrid);
        if (!Arrays.equals(gradGrid.shape(), gridShape(n, spatial, k)))
            throw TensorException.of("affine_grid_backward", "gradGrid must have shape " + Shapes.str(gridShape(n, spatial, k))
                    + " for size " + Shapes.str(size), gradGrid);
        long points = Shapes.numel(spatial);
        try (Scope s = Scope.open()) {
            Tensor base = baseGrid(gradGrid.dtype(), gradGrid.device(), spatial, alignCorners).view(1, points, k + 1);
            // (N, k, P) @ (1, P, k+1) -> (N, k, k+1)
            Tensor g = gradGrid.reshape(n, points, k).transpose(1, 2).matmul(base);
            return s.keep(g.contiguous());
        }
    }

    private static int checkAffine(String op, Tensor theta, long[] size) {
        if (size.length != 4 && size.length != 5)
            throw TensorException.of(op, "only 4-D (N, C, H, W) and 5-D (N, C, D, H, W) sizes are supported, got size " + Shapes.str(size), theta);
        int k = size.length - 2;
        checkFloat(op, theta);
        long[] ts = theta.shape();
        if (ts.length != 3 || ts[0] != size[0] || ts[1] != k || ts[2] != k + 1)
            throw TensorException.of(op, "expected a batch of " + k + "-D affine matrices of shape N x " + k + " x " + (k + 1)
                    + " for size " + Shapes.str(size) + ", got theta of shape " + Shapes.str(ts), theta);
        for (long d : size)
            if (d <= 0) throw TensorException.of(op, "expected a non-zero, positive output size, got " + Shapes.str(size), theta);
        return k;
    }

    private static long[] gridShape(long n, long[] spatial, int k) {
        long[] g = new long[spatial.length + 2];
        g[0] = n;
        System.arraycopy(spatial, 0, g, 1, spatial.length);
        g[g.length - 1] = k;
        return g;
    }

    /** (spatial..., k+1): (x, y[, z], 1) at every point, x varying fastest, as PyTorch's affine_grid base grid. */
    private static Tensor baseGrid(DType dt, Device dev, long[] spatial, boolean alignCorners) {
        int k = spatial.length;
        Tensor[] parts = new Tensor[k + 1];
        for (int i = 0; i < k; i++) {
            // coordinate i (x, y, z) runs along spatial dim k-1-i (W, H, D)
            int d = k - 1 - i;
            long[] vs = new long[k];
            Arrays.fill(vs, 1);
            vs[d] = spatial[d];
            parts[i] = linspaceFromNegOne(dt, dev, spatial[d], alignCorners).view(vs).expand(spatial);
        }
        long[] unit = new long[k];
        Arrays.fill(unit, 1);
        parts[k] = Tensor.ones(dt, dev, unit).expand(spatial);
        return Tensor.stack(k, parts);
    }

    private static Tensor linspaceFromNegOne(DType dt, Device dev, long steps, boolean alignCorners) {
        if (steps <= 1) return Tensor.zeros(dt, dev, Math.max(steps, 1));
        Tensor r = Tensor.linspace(dt, dev, -1, 1, steps);
        // NOTE: without align_corners the points are pixel centres: scaled by (n-1)/n, in two ops as PyTorch
        return alignCorners ? r : r.mul(steps - 1).div(steps);
    }

    // ---- grid_sample -----------------------------------------------------------------------------

    /** grid_sample with PyTorch's defaults: bilinear, zeros padding, align_corners false. */
    public static Tensor gridSample(Tensor input, Tensor grid) { return gridSample(input, grid, GridSampleOptions.of()); }

    public static Tensor gridSample(Tensor input, Tensor grid, String mode, String paddingMode, boolean alignCorners) {
        return gridSample(input, grid, new GridSampleOptions(mode, paddingMode, alignCorners));
    }

    /**
     * Samples {@code input} (N, C, H, W) or (N, C, D, H, W) at the locations of {@code grid} (N, Hout, Wout, 2)
     * or (N, Dout, Hout, Wout, 3), giving (N, C, Hout, Wout) or (N, C, Dout, Hout, Wout).
     */
    public static Tensor gridSample(Tensor input, Tensor grid, GridSampleOptions opts) {
        String op = "grid_sample";
        check(op, input, grid, opts);
        long[] outShape = outShape(input, grid);
        try (Scope s = Scope.open()) {
            Tensor out = Tensor.empty(input.dtype(), input.device(), outShape);
            if (out.numel() > 0)
                input.backend().gridSample(out, input.contiguous(), grid.contiguous(), opts.modeCode(), opts.paddingCode(), opts.alignCorners());
            return s.keep(out);
        }
    }

    /**
     * The gradients of grid_sample: of the input (input's shape) and of the grid (grid's shape), each computed only
     * if asked. The grid gradient is zero for "nearest", as in PyTorch.
     */
    public static GridSampleGrads gridSampleBackward(Tensor gradOut, Tensor input, Tensor grid, GridSampleOptions opts,
                                                     boolean needInputGrad, boolean needGridGrad) {
        String op = "grid_sample_backward";
        check(op, input, grid, opts);
        gradOut.checkAlive(op);
        if (!Arrays.equals(gradOut.shape(), outShape(input, grid)))
            throw TensorException.of(op, "gradOut must have the output's shape " + Shapes.str(outShape(input, grid)), gradOut, input, grid);
        if (gradOut.dtype() != input.dtype() || !gradOut.device().equals(input.device()))
            throw TensorException.of(op, "gradOut must have the input's dtype and device", gradOut, input);
        try (Scope s = Scope.open()) {
            Tensor gi = needInputGrad ? Tensor.empty(input.dtype(), input.device(), input.shape()) : null;
            Tensor gg = needGridGrad ? Tensor.empty(grid.dtype(), grid.device(), grid.shape()) : null;
            if (gi != null || gg != null)
                input.backend().gridSampleBackward(gi, gg, gradOut.contiguous(), input.contiguous(), grid.contiguous(),
                        opts.modeCode(), opts.paddingCode(), opts.alignCorners());
            return new GridSampleGrads(gi == null ? null : s.keep(gi), gg == null ? null : s.keep(gg));
        }
    }

    private static void check(String op, Tensor input, Tensor grid, GridSampleOptions opts) {
        input.checkAlive(op);
        grid.checkAlive(op);
        int r = input.dim();
        if (r != 4 && r != 5)
            throw TensorException.of(op, "expected 4-D (N, C, H, W) or 5-D (N, C, D, H, W) input, got " + r + "-D", input, grid);
        if (grid.dim() != r)
            throw TensorException.of(op, "grid must have the input's rank " + r + ": (N, " + (r == 4 ? "H, W, 2" : "D, H, W, 3")
                    + "), got " + grid.dim() + "-D", input, grid);
        if (grid.size(r - 1) != r - 2)
            throw TensorException.of(op, "grid's last dim must be " + (r - 2) + " for " + r + "-D input, got " + grid.size(r - 1), input, grid);
        if (grid.size(0) != input.size(0))
            throw TensorException.of(op, "grid and input must have the same batch size, got " + grid.size(0) + " and " + input.size(0), input, grid);
        for (int d = 2; d < r; d++)
            if (input.size(d) == 0)
                throw TensorException.of(op, "expected input to have non-empty spatial dimensions", input, grid);
        if (opts.modeCode() == 2 && r != 4)
            throw TensorException.of(op, "bicubic interpolation only supports 4-D input", input, grid);
        checkFloat(op, input);
        if (grid.dtype() != input.dtype())
            throw TensorException.of(op, "grid and input must have the same dtype", input, grid);
        if (!grid.device().equals(input.device()))
            throw TensorException.of(op, "grid and input must be on the same device", input, grid);
    }

    private static void checkFloat(String op, Tensor t) {
        if (t.dtype() != DType.FLOAT32 && t.dtype() != DType.FLOAT64)
            throw TensorException.of(op, "only float32 and float64 are supported, got " + t.dtype(), t);
    }

    private static long[] outShape(Tensor input, Tensor grid) {
        int r = input.dim();
        long[] o = new long[r];
        o[0] = input.size(0);
        o[1] = input.size(1);
        for (int d = 2; d < r; d++) o[d] = grid.size(d - 1);
        return o;
    }
}
