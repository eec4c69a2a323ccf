package dev.axial.transforms.spatial;

import dev.axial.tensor.AffineMath;
import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.transforms.lazy.Lazy;
import dev.axial.transforms.lazy.LazyTransform;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.AppliedOperations;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.InvertibleTransform;
import dev.axial.transforms.Transform;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MONAI's Affine: rotation, shear, translation and scaling about the image centre in one resampling
 * ({@link AffineGrid} then {@link Resample}). The output affine is {@code A · to_affine_nd(T)} with
 * T = translate((in-1)/2) · M · translate(-(out-1)/2) (MONAI's compute_w_affine), the map from output to input
 * voxels. Defaults as MONAI: spatial_size of the image, bilinear, padding reflection, align_corners false; the output
 * is float32. The inverse resamples with M⁻¹ back to the original size.
 *
 * <pre>{@code
 * MetaTensor out = new Affine().rotateParams(Math.PI / 6).scaleParams(1.2, 1.2).paddingMode("zeros").apply(img);
 * MetaTensor back = affine.inverse(out);
 * }</pre>
 */
public final class Affine extends ArrayTransform implements InvertibleTransform, LazyTransform {
    private boolean lazy;

    @Override public boolean lazy() { return lazy; }

    /** MONAI's {@code lazy}: record a pending operation instead of transforming ({@link dev.axial.transforms.lazy.Lazy}). */
    @Override public Affine lazy(boolean lazy) { this.lazy = lazy; return this; }

    private final AffineGrid grid = new AffineGrid();
    private long[] spatialSize;
    private GridResampling.Mode mode = GridResampling.Mode.of("bilinear");
    private String paddingMode = "reflection";

    public Affine rotateParams(double... radians) { grid.rotateParams(radians); return this; }

    public Affine shearParams(double... coefs) { grid.shearParams(coefs); return this; }

    public Affine translateParams(double... shift) { grid.translateParams(shift); return this; }

    public Affine scaleParams(double... factors) { grid.scaleParams(factors); return this; }

    /** A (k+1)x(k+1) matrix used instead of the parameters (normalized=False: centred voxel coordinates). */
    public Affine affine(double[][] m) { grid.affine(m); return this; }

    /** Output spatial size; a non-positive entry keeps the image's (MONAI's fall_back_tuple). */
    public Affine spatialSize(long... size) { spatialSize = size.clone(); return this; }

    public Affine mode(String m) { mode = GridResampling.Mode.of(m); return this; }

    /** A spline order (0 or 1; see {@link Resample}). */
    public Affine mode(int order) { mode = GridResampling.Mode.order(order); return this; }

    public Affine paddingMode(String p) { paddingMode = GridResampling.padding(p); return this; }

    public Affine alignCorners(boolean a) { grid.alignCorners(a); return this; }

    /** The matrix M for {@code dims} spatial dims. */
    public double[][] matrix(int dims) { return grid.matrix(dims); }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) { return apply(img, mode, paddingMode); }

    /** With one key's mode and padding (Affined). */
    MetaTensor apply(MetaTensor img, GridResampling.Mode m, String padding) {
        int r = GridResampling.checkImage(name(), img);
        boolean lazyNow = Lazy.isLazy(lazy);
        long[] sp = GridResampling.fallBack(spatialSize, lazyNow ? Lazy.peekPendingShape(img) : GridResampling.spatial(img.shape()), name());
        double[][] mat = grid.matrix(r);
        if (lazyNow) return pending(this, img, mat, sp, m, padding, grid.alignCorners(), true, true, DType.FLOAT32);
        return resampled(this, img, mat, sp, grid.coords(mat, sp), m, padding, grid.alignCorners(), true, DType.FLOAT32);
    }

    GridResampling.Mode mode() { return mode; }

    String paddingMode() { return paddingMode; }

    /**
     * MONAI's affine_func: {@code img} resampled at {@code coords} (null: not resampled, only cast to float32) to
     * {@code sp}, computing in {@code dtype} (MONAI: float32 in Affine, float64 in RandAffine's Resample); the affine
     * updated by M's voxel map; the operation recorded for the inverse.
     */
    static MetaTensor resampled(Transform who, MetaTensor img, double[][] m, long[] sp, double[][] coords,
                                GridResampling.Mode mode, String padding, boolean align, boolean doTransform, DType dtype) {
        long[] in = GridResampling.spatial(img.shape());
        Tensor arr = coords == null ? img.array().to(DType.FLOAT32)
                : GridResampling.sampleCentred(img.array(), coords, sp, mode, padding, align, dtype, who.name());
        MetaTensor out = img.withArray(arr);
        out.setAffine(AffineMath.compose(img.affine(), GridResampling.voxelMap(m, in, sp)));
        AppliedOperations.push(out, who, in, extra(m, mode, padding, coords != null, align, dtype), doTransform);
        return out;
    }

    /** The lazy form of {@link #resampled}: the same record, pending, with M's voxel map (MONAI's compute_w_affine) to {@code sp}. */
    static MetaTensor pending(Transform who, MetaTensor img, double[][] m, long[] sp, GridResampling.Mode mode, String padding,
                              boolean align, boolean doTransform, boolean doResampling, DType dtype) {
        double[][] map = GridResampling.voxelMap(m, Lazy.peekPendingShape(img), sp);
        return Lazy.push(img, who, map, sp, extra(m, mode, padding, doResampling, align, dtype), doTransform);
    }

    private static Map<String, Object> extra(double[][] m, GridResampling.Mode mode, String padding, boolean doResampling, boolean align,
                                             DType dtype) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("affine", m);
        extra.put("mode", mode.monaiValue());
        extra.put("padding_mode", padding);
        extra.put("do_resampling", doResampling);
        extra.put("align_corners", align);
        extra.put("dtype", dtype);
        return extra;
    }

    /** Undoes {@link #resampled}: M⁻¹ on the original size, the affine updated by M⁻¹'s voxel map. */
    static MetaTensor undo(Transform who, MetaTensor img, Map<String, Object> op) {
        Map<String, Object> extra = AppliedOperations.extraInfo(op);
        long[] orig = (long[]) op.get(AppliedOperations.ORIG_SIZE);
        if (!Boolean.TRUE.equals(extra.get("do_resampling"))) return AppliedOperations.undone(img, img.array());
        double[][] inv = GridResampling.invert((double[][]) extra.get("affine"), who.name());
        boolean align = (Boolean) extra.get("align_corners");
        AffineGrid g = new AffineGrid().affine(inv).alignCorners(align);
        double[][] coords = g.coords(g.matrix(orig.length), orig);
        Tensor arr = GridResampling.sampleCentred(img.array(), coords, orig, GridResampling.modeOf(extra.get("mode")),
                (String) extra.get("padding_mode"), align, (DType) extra.get("dtype"), who.name());
        MetaTensor out = AppliedOperations.undone(img, arr);
        out.setAffine(AffineMath.compose(img.affine(), GridResampling.voxelMap(inv, GridResampling.spatial(img.shape()), orig)));
        return out;
    }

    @Override public MetaTensor inverse(MetaTensor img) {
        return undo(this, img, AppliedOperations.last(img, this));
    }
}
