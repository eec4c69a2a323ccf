package dev.axial.transforms.spatial;

import dev.axial.tensor.AffineMath;
import dev.axial.tensor.Tensor;

/**
 * MONAI's AffineGrid: the affine M = Rot·Shear·Trans·Scale (transforms/utils.py create_rotate, create_shear,
 * create_translate, create_scale; 3-D rotation Rx·Ry·Rz; translation in voxels) applied to the centred grid of
 * create_grid, so the transform acts about the image centre. With {@code alignCorners} the grid is first scaled by
 * max(d, 2)/(max(d, 2) - 1) per output dim, as MONAI does. A given {@code affine} replaces the parameters.
 *
 * <pre>{@code
 * AffineGrid.Result r = new AffineGrid().rotateParams(0.3).scaleParams(1.1, 0.9).apply(8, 7);
 * Tensor grid = r.grid();          // (3, 8, 7): centred input coordinates of every output pixel, plus ones
 * double[][] m = r.affine();       // 3x3 M
 * }</pre>
 */
public final class AffineGrid {
    private double[] rotate, shear, translate, scale;
    private double[][] affine;
    private boolean alignCorners;

    /** The grid (k+1, size...) float32, MONAI's layout, and the matrix M that made it. */
    public record Result(Tensor grid, double[][] affine) {}

    /** Angle in radians (2-D), or up to three angles (3-D, about axes 0, 1, 2). */
    public AffineGrid rotateParams(double... radians) { rotate = radians.clone(); return this; }

    /** Shear coefficients: 2 for 2-D, 6 for 3-D (row by row off the diagonal). */
    public AffineGrid shearParams(double... coefs) { shear = coefs.clone(); return this; }

    /** Translation in voxels per spatial dim. */
    public AffineGrid translateParams(double... shift) { translate = shift.clone(); return this; }

    /** Scale factor per spatial dim. */
    public AffineGrid scaleParams(double... factors) { scale = factors.clone(); return this; }

    /** A (k+1)x(k+1) matrix used instead of the parameters. */
    public AffineGrid affine(double[][] m) { affine = m == null ? null : AffineMath.toAffineNd(m.length - 1, m); return this; }

    /** MONAI's align_corners (default false). */
    public AffineGrid alignCorners(boolean a) { alignCorners = a; return this; }

    public boolean alignCorners() { return alignCorners; }

    /** M for {@code dims} spatial dims (to_affine_nd of a given affine). */
    public double[][] matrix(int dims) {
        if (dims != 2 && dims != 3) throw new IllegalArgumentException("AffineGrid: only 2 or 3 spatial dims are supported, got " + dims);
        if (affine != null) return AffineMath.toAffineNd(dims, affine);
        return GridResampling.compose(dims, rotate, shear, translate, scale);
    }

    /** The grid for an output of {@code spatialSize}. */
    public Result apply(long... spatialSize) {
        double[][] m = matrix(spatialSize.length);
        return new Result(GridResampling.gridTensor(coords(m, spatialSize), spatialSize), m);
    }

    /** Transforms a given grid (k+1, size...) by M. */
    public Result apply(Tensor grid) {
        long[] size = GridResampling.spatial(grid.shape());
        double[][] m = matrix(size.length);
        if (grid.shape()[0] != size.length + 1)
            throw new IllegalArgumentException("AffineGrid: a grid has " + (size.length + 1) + " rows for " + size.length
                    + " spatial dims, got shape " + java.util.Arrays.toString(grid.shape()));
        return new Result(GridResampling.gridTensor(GridResampling.transform(withAlign(m, size), GridResampling.gridRows(grid)), size), m);
    }

    /** M (or M·sc with alignCorners) applied to the centred grid of {@code size}: rows of coordinates. */
    double[][] coords(double[][] m, long[] size) {
        return GridResampling.transform(withAlign(m, size), GridResampling.centredGrid(size));
    }

    private double[][] withAlign(double[][] m, long[] size) {
        if (!alignCorners) return m;
        double[] f = new double[size.length];
        for (int i = 0; i < f.length; i++) {
            double d = Math.max(size[i], 2);
            f[i] = d / (d - 1);
        }
        return AffineMath.matmul(m, GridResampling.scale(size.length, f));
    }
}
