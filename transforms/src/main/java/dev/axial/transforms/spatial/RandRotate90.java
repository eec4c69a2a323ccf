package dev.axial.transforms.spatial;

import dev.axial.tensor.MetaTensor;
import dev.axial.transforms.lazy.Lazy;
import dev.axial.transforms.lazy.LazyTransform;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.InvertibleTransform;

/**
 * MONAI's {@code RandRotate90(prob=0.1, max_k=3, spatial_axes=(0, 1))}: with probability {@code prob} rotates as
 * {@link Rotate90} by {@code k} quarter turns, k drawn in [1, maxK]. Draws as MONAI's array transform:
 * {@code rand() < prob}, then {@code randint(maxK)} only when it rotates.
 *
 * <pre>{@code
 * var rot = new RandRotate90().prob(0.5).spatialAxes(0, 2).setRandomState(0);
 * MetaTensor out = rot.apply(img);     // (C, H, W, D), maybe rotated
 * MetaTensor back = rot.inverse(out);
 * }</pre>
 */
public final class RandRotate90 extends ArrayTransform implements InvertibleTransform, LazyTransform {
    private boolean lazy;

    @Override public boolean lazy() { return lazy; }

    /** MONAI's {@code lazy}: record a pending operation instead of transforming ({@link dev.axial.transforms.lazy.Lazy}). */
    @Override public RandRotate90 lazy(boolean lazy) { this.lazy = lazy; return this; }

    private double prob = 0.1;
    private int maxK = 3;
    private int[] spatialAxes = {0, 1};

    public RandRotate90() {}

    @Override public boolean isRandom() { return true; }

    /** Probability of rotating (MONAI's default 0.1). */
    public RandRotate90 prob(double p) {
        if (!(p >= 0 && p <= 1)) throw error("prob must be in [0, 1], got " + p);
        this.prob = p;
        return this;
    }

    /** Largest number of quarter turns (MONAI's default 3). */
    public RandRotate90 maxK(int k) {
        if (k < 1) throw error("max_k must be positive, got " + k);
        this.maxK = k;
        return this;
    }

    /** The two spatial axes of the rotation plane (MONAI's default (0, 1)); negative counts from the end. */
    public RandRotate90 spatialAxes(int a0, int a1) {
        this.spatialAxes = new int[]{a0, a1};
        return this;
    }

    @Override public RandRotate90 setRandomState(long seed) { super.setRandomState(seed); return this; }

    @Override public RandRotate90 setRandomState(RandomState state) { super.setRandomState(state); return this; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        int k = randomize(rs);
        return Rotate90.apply(img, k, spatialAxes, this, k != 0, Lazy.isLazy(lazy));
    }

    @Override public MetaTensor inverse(MetaTensor img) { return Rotate90.undo(img, this); }

    /** The number of quarter turns for one call (0: no rotation), drawing in MONAI's array-transform order. */
    public int randomize(RandomState rs) {
        if (!(rs.rand() < prob)) return 0;
        return (int) rs.randint(maxK) + 1;
    }

    int maxKValue() { return maxK; }

    double probValue() { return prob; }

    int[] axes() { return spatialAxes.clone(); }
}
