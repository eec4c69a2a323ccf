package dev.axial.transforms.spatial;

import dev.axial.tensor.MetaTensor;
import dev.axial.transforms.lazy.Lazy;
import dev.axial.transforms.lazy.LazyTransform;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.InvertibleTransform;

/**
 * MONAI's {@code RandFlip(prob=0.1, spatial_axis=None)}: draws {@code rand() < prob}, then flips as {@link Flip}.
 * The record says whether it flipped; the inverse undoes only what was done.
 *
 * <pre>{@code
 * var flip = new RandFlip().prob(0.5).spatialAxis(0).setRandomState(0);
 * MetaTensor out = flip.apply(img);
 * }</pre>
 */
public final class RandFlip extends ArrayTransform implements InvertibleTransform, LazyTransform {
    private boolean lazy;

    @Override public boolean lazy() { return lazy; }

    /** MONAI's {@code lazy}: record a pending operation instead of transforming ({@link dev.axial.transforms.lazy.Lazy}). */
    @Override public RandFlip lazy(boolean lazy) { this.lazy = lazy; return this; }

    private double prob = 0.1;
    private int[] spatialAxis;

    public RandFlip() {}

    @Override public boolean isRandom() { return true; }

    /** Probability of flipping (default 0.1). */
    public RandFlip prob(double p) {
        if (!(p >= 0 && p <= 1)) throw error("prob must be in [0, 1], got " + p);
        this.prob = p;
        return this;
    }

    /** The spatial axes to flip (default null: all). */
    public RandFlip spatialAxis(int... axes) {
        this.spatialAxis = axes == null ? null : axes.clone();
        return this;
    }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        boolean doIt = rs.rand() < prob;
        return Flip.apply(img, spatialAxis, this, doIt, Lazy.isLazy(lazy));
    }

    @Override public MetaTensor inverse(MetaTensor img) { return Flip.undo(img, this); }
}
