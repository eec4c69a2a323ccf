package dev.axial.transforms.spatial;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.AppliedOperations;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.InvertibleTransform;
import dev.axial.transforms.Transform;
import dev.axial.transforms.lazy.Lazy;
import dev.axial.transforms.lazy.LazyTransform;

import java.util.HashMap;
import java.util.Map;

/**
 * MONAI's {@code Flip(spatial_axis=None)}: reverses the given spatial axes (none given: all), and the affine as
 * MONAI does ({@code A @ F}, F negating the axis and shifting by {@code d - 1}), so world positions stay put.
 * Its inverse flips again (exact).
 *
 * <pre>{@code
 * MetaTensor out = new Flip(0).apply(img);          // first spatial axis
 * MetaTensor all = new Flip().apply(img);           // every spatial axis
 * }</pre>
 */
public final class Flip extends ArrayTransform implements InvertibleTransform, LazyTransform {
    static final String AXES = "axes";
    private final int[] spatialAxis;

    private boolean lazy;

    @Override public boolean lazy() { return lazy; }

    /** MONAI's {@code lazy}: record a pending operation instead of transforming ({@link dev.axial.transforms.lazy.Lazy}). */
    @Override public Flip lazy(boolean lazy) { this.lazy = lazy; return this; }

    /** Flips every spatial axis (MONAI's spatial_axis=None). */
    public Flip() { this.spatialAxis = null; }

    /** Flips the given spatial axes (negative counts from the end). */
    public Flip(int... spatialAxis) { this.spatialAxis = spatialAxis == null ? null : spatialAxis.clone(); }

    /** The spatial axes, null for all. */
    public int[] spatialAxis() { return spatialAxis == null ? null : spatialAxis.clone(); }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) { return apply(img, spatialAxis, this, true, Lazy.isLazy(lazy)); }

    @Override public MetaTensor inverse(MetaTensor img) { return undo(img, this); }

    /** Flips {@code img} over {@code axes} (null: all) when {@code doIt} and records {@code recorder}. */
    static MetaTensor apply(MetaTensor img, int[] axes, Transform recorder, boolean doIt) { return apply(img, axes, recorder, doIt, false); }

    /**
     * As {@link #apply(MetaTensor, int[], Transform, boolean)}; {@code lazy}: the same record pending, with the flip's
     * voxel map (the identity when not {@code doIt}).
     */
    static MetaTensor apply(MetaTensor img, int[] axes, Transform recorder, boolean doIt, boolean lazy) {
        if (lazy) {
            long[] size = Lazy.peekPendingShape(img);
            Map<String, Object> extra = new HashMap<>();
            extra.put(AXES, axes == null ? null : axes.clone());
            return Lazy.push(img, recorder, doIt ? xform(recorder.name(), size, axes) : Lazy.identity(size.length), size, extra, doIt);
        }
        MetaTensor out = doIt ? flip(img, axes, recorder.name()) : img.withArray(img.array());
        Map<String, Object> extra = new HashMap<>();
        extra.put(AXES, axes == null ? null : axes.clone());
        AppliedOperations.push(out, recorder, Spatial.spatialShape(img), extra, doIt);
        return out;
    }

    /** Undoes {@code recorder}'s flip recorded last on {@code img}. */
    static MetaTensor undo(MetaTensor img, Transform recorder) {
        Map<String, Object> op = AppliedOperations.last(img, recorder);
        if (!(Boolean) op.get(AppliedOperations.DO_TRANSFORM)) return AppliedOperations.undone(img, img.array());
        MetaTensor out = flip(img, (int[]) AppliedOperations.extraInfo(op).get(AXES), recorder.name());
        out.appliedOperations().removeLast();
        return out;
    }

    /** The flipped image with its affine updated; no record. */
    static MetaTensor flip(MetaTensor img, int[] spatialAxes, String who) {
        int sr = Spatial.spatialRank(who, img);
        int[] axes = Spatial.arrayAxes(who, sr + 1, spatialAxes);
        MetaTensor out = img.withArray(img.array().flip(axes));
        out.setAffine(Spatial.updated(img, xform(who, Spatial.spatialShape(img), spatialAxes)));
        return out;
    }

    /** The voxel map of a flip of {@code spatialAxes} (null: all) in an image of spatial {@code size}. */
    static double[][] xform(String who, long[] size, int[] spatialAxes) {
        int sr = size.length;
        double[][] xform = dev.axial.tensor.AffineMath.identity(sr + 1);
        for (int a : Spatial.arrayAxes(who, sr + 1, spatialAxes)) {
            xform[a - 1][a - 1] = -1;
            xform[a - 1][sr] = size[a - 1] - 1;
        }
        return xform;
    }
}
