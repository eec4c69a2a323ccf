package dev.axial.transforms.intensity;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.ArrayTransform;

/**
 * A random intensity transform as MONAI's RandomizableTransform: {@code rs.rand() < prob} first, then
 * {@link #randomize} draws the parameters {@code P} in MONAI's order, then {@link #apply(MetaTensor, Object)} uses
 * them. The dictionary form ({@link RandomIntensityd}) calls the two steps itself.
 */
public abstract class RandomIntensity<P> extends ArrayTransform {
    protected double prob;

    protected RandomIntensity(double prob) { this.prob = checkProb(prob); }

    @Override public final boolean isRandom() { return true; }

    /** MONAI's prob. */
    public final double prob() { return prob; }

    /** Draws the parameters for {@code img} (after the prob draw), in MONAI's order. */
    public abstract P randomize(RandomState rs, MetaTensor img);

    /** Applies drawn parameters. */
    public abstract MetaTensor apply(MetaTensor img, P params);

    /** What the transform returns when the prob draw says no (the image as it is, unless MONAI converts it). */
    protected MetaTensor skipped(MetaTensor img) { return img; }

    @Override public final MetaTensor apply(MetaTensor img, RandomState rs) {
        Voxels.check(name(), img);
        if (!(rs.rand() < prob)) return skipped(img);
        return apply(img, randomize(rs, img));
    }

    /** {@code img} in {@code dtype} (null: as it is): MONAI's convert_data_type on the not-applied path. */
    static MetaTensor converted(MetaTensor img, dev.axial.tensor.DType dtype) {
        return dtype == null || img.dtype() == dtype ? img : img.withArray(img.array().to(dtype));
    }

    static double checkProb(double prob) {
        if (!(prob >= 0 && prob <= 1)) throw new IllegalArgumentException("prob must be in [0, 1], got " + prob);
        return prob;
    }

    /** MONAI's (min(-f, f), max(-f, f)) for a single number. */
    static double[] symmetric(double f) { return new double[] {Math.min(-f, f), Math.max(-f, f)}; }

    /** MONAI's (min, max) of a pair. */
    static double[] range(double a, double b) { return new double[] {Math.min(a, b), Math.max(a, b)}; }
}
