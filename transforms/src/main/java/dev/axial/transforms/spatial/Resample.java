package dev.axial.transforms.spatial;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.TransformException;

import java.util.Arrays;

/**
 * MONAI's Resample: samples a channel-first image at the points of a grid of centred coordinates (MONAI's
 * create_grid convention, values in [-(d-1)/2, (d-1)/2], rows in spatial-dim order; an extra homogeneous row is
 * ignored). As MONAI's torch path: the rows are reversed (grid_sample's x is the last spatial dim), scaled by
 * 2/max(2, d) and passed to {@link dev.axial.tensor.imaging.GridSampling#gridSample}. The output is float32 and keeps
 * the image's affine and metadata (MONAI's Resample does not change them).
 *
 * <p>Modes: "bilinear" (trilinear in 3-D), "nearest", or an int spline order as MONAI's numpy path
 * (scipy.ndimage.map_coordinates). Only orders 0 and 1 are supported: they sample the voxel coordinates
 * (grid + (d-1)/2) with grid_sample at align_corners true, which equals map_coordinates for padding "border" /
 * "nearest" (clamped) and "grid-constant" (zeros outside). Orders 2-5, and scipy's "constant", "reflect", "mirror",
 * "wrap" paddings, are rejected. Defaults as MONAI: bilinear, border, align_corners false, computation in float64;
 * norm_coords is always true.
 *
 * <pre>{@code
 * Tensor grid = new AffineGrid().rotateParams(0.3).apply(8, 7).grid();
 * MetaTensor out = new Resample().paddingMode("zeros").apply(img, grid);
 * }</pre>
 */
public final class Resample {
    private GridResampling.Mode mode = GridResampling.Mode.of("bilinear");
    private String paddingMode = "border";
    private boolean alignCorners;
    private DType dtype = DType.FLOAT64;

    public Resample mode(String m) { mode = GridResampling.Mode.of(m); return this; }

    /** A spline order (0 or 1). */
    public Resample mode(int order) { mode = GridResampling.Mode.order(order); return this; }

    public Resample paddingMode(String p) { paddingMode = GridResampling.padding(p); return this; }

    public Resample alignCorners(boolean a) { alignCorners = a; return this; }

    /** The computation dtype (MONAI's dtype, default float64); the output is float32 either way. */
    public Resample dtype(DType dt) {
        if (dt != DType.FLOAT32 && dt != DType.FLOAT64) throw new IllegalArgumentException("Resample: dtype must be float32 or float64, got " + dt);
        dtype = dt;
        return this;
    }

    /** {@code img} sampled at {@code grid} ((k or k+1), out size...); a null grid returns {@code img}. */
    public MetaTensor apply(MetaTensor img, Tensor grid) {
        if (grid == null) return img;
        return img.withArray(apply(img.array(), grid));
    }

    /** The same on a plain (C, spatial...) tensor. */
    public Tensor apply(Tensor img, Tensor grid) {
        long[] s = img.shape();
        if (s.length != 3 && s.length != 4)
            throw new TransformException("Resample: needs a channel-first image with 2 or 3 spatial dims, got shape " + Arrays.toString(s));
        long[] gs = grid.shape();
        int k = s.length - 1;
        if (gs.length != k + 1 || gs[0] < k)
            throw new TransformException("Resample: a grid for " + k + " spatial dims has shape (" + k + " or " + (k + 1)
                    + ", size...), got " + Arrays.toString(gs) + " for image shape " + Arrays.toString(s));
        return GridResampling.sampleCentred(img, GridResampling.gridRows(grid), GridResampling.spatial(gs), mode, paddingMode, alignCorners, dtype, "Resample");
    }
}
