package dev.axial.transforms.intensity;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;

/**
 * MONAI's {@code RandScaleIntensityFixedMean(prob=0.1, factors=0, fixed_mean=True, preserve_range=False,
 * dtype=float32)}: {@link ScaleIntensityFixedMean} with {@code factor = U(lo, hi)} ({@code f -> (-f, f)}); float32
 * out even when the prob draw says no, as MONAI.
 *
 * <pre>{@code
 * var t = new RandScaleIntensityFixedMean(0.1).preserveRange(true).prob(0.3);
 * }</pre>
 */
public class RandScaleIntensityFixedMean extends RandomIntensity<Double> {
    private final double[] factors;
    private boolean fixedMean = true, preserveRange;

    public RandScaleIntensityFixedMean(double factors) { this(symmetric(factors)); }

    public RandScaleIntensityFixedMean(double lo, double hi) { this(range(lo, hi)); }

    private RandScaleIntensityFixedMean(double[] factors) {
        super(0.1);
        this.factors = factors;
    }

    public RandScaleIntensityFixedMean prob(double prob) { this.prob = checkProb(prob); return this; }

    public RandScaleIntensityFixedMean fixedMean(boolean fixedMean) { this.fixedMean = fixedMean; return this; }

    public RandScaleIntensityFixedMean preserveRange(boolean preserveRange) { this.preserveRange = preserveRange; return this; }

    @Override public Double randomize(RandomState rs, MetaTensor img) { return rs.uniform(factors[0], factors[1]); }

    @Override public MetaTensor apply(MetaTensor img, Double f) {
        return new ScaleIntensityFixedMean(f).fixedMean(fixedMean).preserveRange(preserveRange).apply(img, f.doubleValue());
    }

    @Override protected MetaTensor skipped(MetaTensor img) { return converted(img, DType.FLOAT32); }
}
