package dev.axial.transforms.spatial;

import dev.axial.tensor.AffineMath;
import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.transforms.lazy.Lazy;
import dev.axial.transforms.lazy.LazyTransform;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.imaging.AffineResampling;
import dev.axial.transforms.AppliedOperations;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.InvertibleTransform;
import dev.axial.transforms.Transform;
import dev.axial.transforms.TransformException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * MONAI's {@code SpatialResample(mode=bilinear, padding_mode=border, align_corners=False, dtype=float64)}: resamples
 * an image from its affine to {@code dstAffine} and a spatial size, by grid_sample on the voxel-to-voxel map
 * {@code xform = inv(src) @ dst} normalised as MONAI's {@code to_norm_affine} (axes reversed for grid_sample's
 * x, y, z order). The affine becomes {@code src @ xform}; the output is float32, computed in {@code dtype}.
 * The spatial size: null computes MONAI's {@code compute_shape_offset} extent, -1 (or a negative entry) keeps
 * the input's. Nothing changes (a float32 copy) when the affines agree within MONAI's AFFINE_TOL and the size is
 * the input's. The inverse resamples back to the recorded source affine and size (within interpolation error).
 * Spline (integer) modes are not supported.
 *
 * <pre>{@code
 * var r = new SpatialResample().mode("nearest");
 * MetaTensor out = r.apply(img, dstAffine, new long[]{64, 64, 32});
 * MetaTensor back = r.inverse(out);
 * }</pre>
 *
 * The resampling itself is {@link AffineResampling}'s (shared with io's SaveImage, which cannot depend on transforms).
 */
public class SpatialResample extends ArrayTransform implements InvertibleTransform, LazyTransform {
    private boolean lazy;

    @Override public boolean lazy() { return lazy; }

    /** MONAI's {@code lazy}: record a pending operation instead of transforming ({@link dev.axial.transforms.lazy.Lazy}). */
    @Override public SpatialResample lazy(boolean lazy) { this.lazy = lazy; return this; }

    /** Whether this call runs lazily. */
    final boolean lazyNow() { return Lazy.isLazy(lazy); }

    static final String SRC_AFFINE = "src_affine", MODE = "mode", PADDING_MODE = "padding_mode", ALIGN_CORNERS = "align_corners", DTYPE = "dtype";

    private String mode = "bilinear";
    private String paddingMode = "border";
    private boolean alignCorners;
    private DType dtype = DType.FLOAT64;
    private double[][] dstAffine;
    private long[] spatialSize;

    public SpatialResample() {}

    /** "bilinear" (default), "nearest" or "bicubic" (grid_sample's modes). */
    public SpatialResample mode(String m) { this.mode = checkMode(name(), m); return this; }

    /** "border" (default), "zeros" or "reflection". */
    public SpatialResample paddingMode(String p) { this.paddingMode = checkPadding(name(), p); return this; }

    /** grid_sample's align_corners (default false). */
    public SpatialResample alignCorners(boolean a) { this.alignCorners = a; return this; }

    /** The computation dtype (default float64; null: the input's); the output is float32. */
    public SpatialResample dtype(DType d) { this.dtype = d; return this; }

    /** The target affine used by {@link #apply(MetaTensor, RandomState)} (null: the image's own: no change). */
    public SpatialResample dstAffine(double[][] a) { this.dstAffine = a == null ? null : MetaTensor.copy(a); return this; }

    /** The output spatial size used by {@link #apply(MetaTensor, RandomState)} (null: computed; -1 entries: the input's). */
    public SpatialResample spatialSize(long... s) { this.spatialSize = s == null ? null : s.clone(); return this; }

    String modeValue() { return mode; }

    String paddingModeValue() { return paddingMode; }

    boolean alignCornersValue() { return alignCorners; }

    DType dtypeValue() { return dtype; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) { return apply(img, dstAffine, spatialSize); }

    /** Resamples {@code img} to {@code dst} (null: its own affine) and {@code size} (null: computed), with this transform's options. */
    public MetaTensor apply(MetaTensor img, double[][] dst, long[] size) {
        if (Lazy.isLazy(lazy)) return pending(img, dst, size, mode, paddingMode, alignCorners, dtype, this);
        return resample(img, dst, size, mode, paddingMode, alignCorners, dtype, this);
    }

    @Override public MetaTensor inverse(MetaTensor img) { return undo(img, this); }

    /** Undoes the resampling {@code recorder} recorded last on {@code img}. */
    static MetaTensor undo(MetaTensor img, Transform recorder) {
        Map<String, Object> op = AppliedOperations.last(img, recorder);
        Map<String, Object> ex = AppliedOperations.extraInfo(op);
        MetaTensor out = resampleNoRecord(img, (double[][]) ex.get(SRC_AFFINE), (long[]) op.get(AppliedOperations.ORIG_SIZE),
                (String) ex.get(MODE), (String) ex.get(PADDING_MODE), (Boolean) ex.get(ALIGN_CORNERS), (DType) ex.get(DTYPE), recorder.name(), null);
        out.appliedOperations().removeLast();
        return out;
    }

    /** MONAI's spatial_resample, recording {@code recorder} on the result. */
    static MetaTensor resample(MetaTensor img, double[][] dst, long[] size, String mode, String paddingMode, boolean alignCorners,
                               DType dtype, Transform recorder) {
        Map<String, Object> extra = new LinkedHashMap<>();
        MetaTensor out = resampleNoRecord(img, dst, size, mode, paddingMode, alignCorners, dtype, recorder.name(), extra);
        AppliedOperations.push(out, recorder, Spatial.spatialShape(img), extra);
        return out;
    }

    /**
     * MONAI's spatial_resample without a record (the fused resampling of {@code dev.axial.transforms.lazy}):
     * {@code img} resampled to {@code dst} and {@code size}; errors name {@code who}.
     */
    public static MetaTensor resampleUntracked(MetaTensor img, double[][] dst, long[] size, String mode, String paddingMode,
                                               boolean alignCorners, DType dtype, String who) {
        return resampleNoRecord(img, dst, size, mode, paddingMode, alignCorners, dtype, who, null);
    }

    private static MetaTensor resampleNoRecord(MetaTensor img, double[][] dst, long[] size, String mode, String paddingMode,
                                               boolean alignCorners, DType dtype, String who, Map<String, Object> extra) {
        long[] shape = img.shape();
        Geometry g = geometry(who, shape, img.affine(), dst, size, mode, paddingMode);
        int sr = g.sr();
        double[][] src = g.src(), dstNd = g.dst(), xform = g.xform();
        long[] in = g.in(), outSize = g.out();
        if (extra != null) extra.putAll(extra(src, mode, paddingMode, alignCorners, dtype));
        boolean sameSize = Arrays.equals(in, outSize);
        if (sameSize && (allclose(src, dstNd) || allclose(xform, AffineMath.identity(sr + 1))))
            return img.withArray(img.array().to(DType.FLOAT32).contiguous());
        for (long o : outSize) if (o <= 0) throw new TransformException(who + ": the output spatial size must be positive, got " + Arrays.toString(outSize));
        DType ct = dtype != null ? dtype : img.dtype() == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
        Tensor result = AffineResampling.resample(img.array(), xform, outSize, checkMode(who, mode), checkPadding(who, paddingMode), alignCorners, ct);
        MetaTensor out = img.withArray(result);
        out.setAffine(Spatial.updated(img, xform));
        return out;
    }

    /** MONAI's spatial_resample geometry: the spatial rank, input and output sizes, source and target affines, voxel map. */
    private record Geometry(int sr, long[] in, long[] out, double[][] src, double[][] dst, double[][] xform) {}

    /** {@link Geometry} for an image of {@code shape} (channel first) and {@code affine}, to {@code dst} and {@code size}. */
    private static Geometry geometry(String who, long[] shape, double[][] affine, double[][] dst, long[] size, String mode, String paddingMode) {
        checkMode(who, mode);
        checkPadding(who, paddingMode);
        int sr = Math.min(Math.min(shape.length - 1, affine.length - 1), 3);
        if (size != null && !(size.length == 1 && size[0] == -1)) sr = Math.min(size.length, 3);
        if (sr < 1) throw new TransformException(who + ": needs a channel-first image (C, spatial...), got shape " + Arrays.toString(shape));
        if (shape.length - 1 != sr)
            throw new TransformException(who + ": the image has " + (shape.length - 1) + " spatial dims but the resampling has " + sr
                    + " (shape " + Arrays.toString(shape) + ", spatial_size " + Arrays.toString(size) + ")");
        double[][] src = AffineMath.toAffineNd(sr, affine);
        double[][] dstNd = dst == null ? src : AffineMath.toAffineNd(sr, dst);
        long[] in = Arrays.copyOfRange(shape, 1, sr + 1);
        long[] outSize;
        if (size != null && size.length == 1 && size[0] == -1) outSize = in.clone();
        else if (size == null && sr > 1) outSize = Spatial.shapeOffset(who, in, src, dstNd, false).shape();
        else {
            long[] s = size == null ? in : size;
            outSize = new long[sr];
            for (int i = 0; i < sr; i++) outSize[i] = i < s.length && s[i] >= 0 ? s[i] : in[i];
        }
        double[][] xform = sr < 2 ? AffineMath.identity(sr + 1) : voxelMap(who, src, dstNd);
        return new Geometry(sr, in, outSize, src, dstNd, xform);
    }

    private static Map<String, Object> extra(double[][] src, String mode, String paddingMode, boolean alignCorners, DType dtype) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put(DTYPE, dtype);
        extra.put(MODE, mode);
        extra.put(PADDING_MODE, paddingMode);
        extra.put(ALIGN_CORNERS, alignCorners);
        extra.put(SRC_AFFINE, src);
        return extra;
    }

    /**
     * The lazy form of {@link #resample}: the same record, pending, from the image's pending geometry (MONAI's
     * spatial_resample with lazy=True: xform = solve(src, dst), the output size as eagerly).
     */
    static MetaTensor pending(MetaTensor img, double[][] dst, long[] size, String mode, String paddingMode, boolean alignCorners,
                              DType dtype, Transform recorder) {
        long[] sp = Lazy.peekPendingShape(img), shape = new long[sp.length + 1];
        shape[0] = img.shape()[0];
        System.arraycopy(sp, 0, shape, 1, sp.length);
        Geometry g = geometry(recorder.name(), shape, Lazy.peekPendingAffine(img), dst, size, mode, paddingMode);
        for (long o : g.out()) if (o <= 0) throw new TransformException(recorder.name() + ": the output spatial size must be positive, got " + Arrays.toString(g.out()));
        return Lazy.push(img, recorder, g.xform(), g.out(), extra(g.src(), mode, paddingMode, alignCorners, dtype), true);
    }

    /** MONAI's np.linalg.solve(src, dst); a singular source affine is an error naming {@code who}. */
    static double[][] voxelMap(String who, double[][] src, double[][] dst) {
        try {
            return AffineResampling.voxelMap(src, dst);
        } catch (IllegalArgumentException e) {
            throw new TransformException(who + ": the affine is singular (not invertible): " + Arrays.deepToString(src), e);
        }
    }

    /** numpy/torch allclose with atol AFFINE_TOL and rtol 1e-5. */
    static boolean allclose(double[][] a, double[][] b) {
        for (int i = 0; i < a.length; i++)
            for (int j = 0; j < a[i].length; j++)
                if (!(Math.abs(a[i][j] - b[i][j]) <= Spatial.AFFINE_TOL + 1e-5 * Math.abs(b[i][j]))) return false;
        return true;
    }

    static String checkMode(String who, String m) {
        String v = m.toLowerCase(Locale.ROOT);
        if (!v.equals("bilinear") && !v.equals("nearest") && !v.equals("bicubic"))
            throw new TransformException(who + ": mode must be bilinear, nearest or bicubic (spline orders are not supported), got '" + m + "'");
        return v;
    }

    static String checkPadding(String who, String p) {
        String v = p.toLowerCase(Locale.ROOT);
        if (!v.equals("zeros") && !v.equals("border") && !v.equals("reflection"))
            throw new TransformException(who + ": padding_mode must be zeros, border or reflection, got '" + p + "'");
        return v;
    }
}
