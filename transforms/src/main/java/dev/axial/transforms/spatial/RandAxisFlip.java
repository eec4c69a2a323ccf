package dev.axial.transforms.spatial;

import dev.axial.tensor.MetaTensor;
import dev.axial.transforms.lazy.Lazy;
import dev.axial.transforms.lazy.LazyTransform;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.InvertibleTransform;

/**
 * MONAI's {@code RandAxisFlip(prob=0.1)}: draws {@code rand() < prob}, then (only when flipping) one spatial axis
 * {@code randint(spatial dims)}, and flips it as {@link Flip}.
 *
 * <pre>{@code
 * MetaTensor out = new RandAxisFlip().prob(0.5).setRandomState(0).apply(img);
 * }</pre>
 */
public final class RandAxisFlip extends ArrayTransform implements InvertibleTransform, LazyTransform {
    private boolean lazy;

    @Override public boolean lazy() { return lazy; }

    /** MONAI's {@code lazy}: record a pending operation instead of transforming ({@link dev.axial.transforms.lazy.Lazy}). */
    @Override public RandAxisFlip lazy(boolean lazy) { this.lazy = lazy; return this; }

    private double prob = 0.1;

    public RandAxisFlip() {}

    @Override public boolean isRandom() { return true; }

    /** Probability of flipping (default 0.1). */
    public RandAxisFlip prob(double p) {
        if (!(p >= 0 && p <= 1)) throw error("prob must be in [0, 1], got " + p);
        this.prob = p;
        return this;
    }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        int sr = Spatial.spatialRank(name(), img);
        boolean doIt = rs.rand() < prob;
        int axis = doIt ? (int) rs.randint(sr) : 0;
        return Flip.apply(img, new int[]{axis}, this, doIt, Lazy.isLazy(lazy));
    }

    @Override public MetaTensor inverse(MetaTensor img) { return Flip.undo(img, this); }
}
