package dev.axial.transforms.spatial;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.imaging.InterpolateOptions;
import dev.axial.tensor.imaging.Interpolation;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.Transform;
import dev.axial.transforms.TransformException;

import java.util.Arrays;

/**
 * MONAI's Rand2DElastic: with probability {@code prob} (default 0.1) a random elastic deformation plus a random
 * affine, in one resampling of a 2-D image. A control grid (create_control_grid: spacing {@code spacing}, two extra
 * points each way) gets offsets N(0, 1)·mag with mag ~ U(magnitude_range), then the random affine (as
 * {@link RandAffine}), then bicubic upsampling by the spacing (align_corners false, recompute_scale_factor) and a
 * centre crop to spatial_size; {@link Resample} (float64) samples the image there. Not acting, it samples the
 * identity grid (a centre crop or pad to spatial_size). Not invertible (as MONAI); the affine is not changed.
 *
 * <p>Draws as MONAI, where set_random_state(s) seeds this transform, its RandDeformGrid and its RandAffineGrid alike
 * (the latter two: copies of the given generator taken when first seen): rand() &lt; prob; then, when acting, the
 * deform generator draws normal(2 x control grid) and uniform(magnitude) twice and the grid generator the affine
 * parameters twice (randomize(), then the grid calls redraw); the second draws are applied.
 *
 * <pre>{@code
 * Rand2DElastic t = new Rand2DElastic(new double[]{20, 20}, 1, 2).prob(0.5).rotateRange(0.2);
 * }</pre>
 */
public final class Rand2DElastic extends ArrayTransform {
    private final double[] spacing;
    private final double magLo, magHi;
    private double prob = 0.1;
    private final RandAffine affine = new RandAffine().prob(1.0);
    private long[] spatialSize;
    private GridResampling.Mode mode = GridResampling.Mode.of("bilinear");
    private String paddingMode = "reflection";
    private final GridResampling.Siblings siblings = new GridResampling.Siblings(1);

    /** {@code spacing}: control point distance (one value or one per dim); offsets scaled by U(magLo, magHi). */
    public Rand2DElastic(double[] spacing, double magLo, double magHi) {
        if (spacing.length != 1 && spacing.length != 2)
            throw new IllegalArgumentException("Rand2DElastic: spacing is one value or two, got " + Arrays.toString(spacing));
        this.spacing = spacing.length == 1 ? new double[]{spacing[0], spacing[0]} : spacing.clone();
        for (int i = 0; i < 2; i++) if (!(this.spacing[i] > 0)) this.spacing[i] = 1.0;   // MONAI's fall_back_tuple
        this.magLo = magLo;
        this.magHi = magHi;
    }

    @Override public boolean isRandom() { return true; }

    public Rand2DElastic prob(double p) { prob = p; return this; }

    public Rand2DElastic rotateRange(double... f) { affine.rotateRange(f); return this; }

    public Rand2DElastic rotateRange(double[]... r) { affine.rotateRange(r); return this; }

    public Rand2DElastic shearRange(double... f) { affine.shearRange(f); return this; }

    public Rand2DElastic shearRange(double[]... r) { affine.shearRange(r); return this; }

    public Rand2DElastic translateRange(double... f) { affine.translateRange(f); return this; }

    public Rand2DElastic translateRange(double[]... r) { affine.translateRange(r); return this; }

    public Rand2DElastic scaleRange(double... f) { affine.scaleRange(f); return this; }

    public Rand2DElastic scaleRange(double[]... r) { affine.scaleRange(r); return this; }

    public Rand2DElastic spatialSize(long... size) { spatialSize = size.clone(); return this; }

    public Rand2DElastic mode(String m) { mode = GridResampling.Mode.of(m); return this; }

    public Rand2DElastic mode(int order) { mode = GridResampling.Mode.order(order); return this; }

    public Rand2DElastic paddingMode(String p) { paddingMode = GridResampling.padding(p); return this; }

    double prob() { return prob; }

    /** The output size for an image of spatial size {@code in}. */
    long[] outSize(MetaTensor img, Transform who) {
        if (GridResampling.checkImage(who.name(), img) != 2)
            throw new TransformException(who.name() + ": needs a 2-D image (C, H, W), got shape " + Arrays.toString(img.shape()));
        return GridResampling.fallBack(spatialSize, GridResampling.spatial(img.shape()), who.name());
    }

    /** Takes the sibling generators of {@code rs} now, before it draws (they copy its state at first sight). */
    void prime(RandomState rs) {
        siblings.of(rs);
        affine.gridGenerator(rs);
    }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        long[] sp = outSize(img, this);
        prime(rs);
        boolean act = rs.rand() < prob;
        double[][] coords = null;
        if (act) {
            randomize(rs, sp);
            coords = deformedGrid(rs, sp);
        }
        if (coords == null) coords = GridResampling.centredGrid(sp);
        return resample(img, coords, sp, mode, paddingMode);
    }

    static MetaTensor resample(MetaTensor img, double[][] coords, long[] sp, GridResampling.Mode mode, String padding) {
        return img.withArray(GridResampling.sampleCentred(img.array(), coords, sp, mode, padding, false, dev.axial.tensor.DType.FLOAT64, "Resample"));
    }

    /** create_control_grid's shape: per dim ceil((d-1)/(2s) + .5)·2 + 2 (even d) or ceil((d-1)/(2s))·2 + 3 (odd d). */
    private long[] controlShape(long[] sp) {
        long[] cg = new long[2];
        for (int i = 0; i < 2; i++) {
            double d = sp[i], s = spacing[i];
            cg[i] = sp[i] % 2 == 0 ? (long) (Math.ceil((d - 1) / (2 * s) + 0.5) * 2 + 2) : (long) (Math.ceil((d - 1) / (2 * s)) * 2 + 3);
        }
        return cg;
    }

    /**
     * MONAI's randomize() after the prob draw: one (unused) offset set and magnitude, one (unused) affine set. NOTE:
     * MONAI passes the image size here, not the control grid's, so this set has 2·numel(sp) normals.
     */
    void randomize(RandomState rs, long[] sp) {
        RandomState deformR = siblings.of(rs)[0];
        deformR.normal(0, 1, Math.toIntExact(2 * sp[0] * sp[1]));
        deformR.uniform(magLo, magHi);
        affine.drawMatrix(affine.gridGenerator(rs), 2);
    }

    /** The deformed grid for {@code sp}, drawn from {@code rs}'s deform and affine siblings (the applied draws). */
    double[][] deformedGrid(RandomState rs, long[] sp) {
        RandomState deformR = siblings.of(rs)[0];
        RandomState gridR = affine.gridGenerator(rs);
        long[] cg = controlShape(sp);
        int n = (int) (cg[0] * cg[1]);
        double[] offset = deformR.normal(0, 1, 2 * n);
        float mag = (float) deformR.uniform(magLo, magHi);
        double[][] control = new double[3][n];
        for (int p = 0; p < n; p++) {
            long i0 = p / cg[1], i1 = p % cg[1];
            control[0][p] = (i0 - (cg[0] - 1) / 2.0) * spacing[0] + (float) (mag * (float) offset[p]);
            control[1][p] = (i1 - (cg[1] - 1) / 2.0) * spacing[1] + (float) (mag * (float) offset[n + p]);
            control[2][p] = 1;
        }
        double[][] m = affine.drawMatrix(gridR, 2);
        double[][] moved = GridResampling.transform(m, control);
        try (Scope s = Scope.open()) {
            Tensor g = GridResampling.gridTensor(moved, cg).unsqueeze(0);
            Tensor up = Interpolation.interpolate(g, InterpolateOptions.of().scaleFactor(spacing).mode("bicubic").alignCorners(false).recomputeScaleFactor(true));
            long h = up.shape()[2], w = up.shape()[3];
            long s0 = Math.max(h / 2 - sp[0] / 2, 0), s1 = Math.max(w / 2 - sp[1] / 2, 0);
            Tensor crop = up.squeeze(0).narrow(1, s0, Math.min(sp[0], h - s0)).narrow(2, s1, Math.min(sp[1], w - s1));
            if (crop.shape()[1] != sp[0] || crop.shape()[2] != sp[1])
                throw new TransformException("Rand2DElastic: the upsampled control grid " + Arrays.toString(up.shape()) + " is smaller than spatial_size " + Arrays.toString(sp));
            return GridResampling.gridRows(crop.contiguous());
        }
    }
}
