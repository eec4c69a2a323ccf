package dev.axial.transforms.intensity;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;

/**
 * MONAI's {@code RandStdShiftIntensity(factors, prob=0.1, nonzero=False, channel_wise=False, dtype=float32)}:
 * {@link StdShiftIntensity} with {@code factor = U(lo, hi)} ({@code f -> (-f, f)}); float32 out even when the prob
 * draw says no, as MONAI.
 *
 * <pre>{@code
 * var t = new RandStdShiftIntensity(0.5).nonzero(true).prob(0.3);
 * }</pre>
 */
public class RandStdShiftIntensity extends RandomIntensity<Double> {
    private final double[] factors;
    private boolean nonzero, channelWise;

    public RandStdShiftIntensity(double factors) { this(symmetric(factors)); }

    public RandStdShiftIntensity(double lo, double hi) { this(range(lo, hi)); }

    private RandStdShiftIntensity(double[] factors) {
        super(0.1);
        this.factors = factors;
    }

    public RandStdShiftIntensity prob(double prob) { this.prob = checkProb(prob); return this; }

    public RandStdShiftIntensity nonzero(boolean nonzero) { this.nonzero = nonzero; return this; }

    public RandStdShiftIntensity channelWise(boolean channelWise) { this.channelWise = channelWise; return this; }

    @Override public Double randomize(RandomState rs, MetaTensor img) { return rs.uniform(factors[0], factors[1]); }

    @Override public MetaTensor apply(MetaTensor img, Double f) {
        return new StdShiftIntensity(f).nonzero(nonzero).channelWise(channelWise).apply(img, f.doubleValue());
    }

    @Override protected MetaTensor skipped(MetaTensor img) { return converted(img, DType.FLOAT32); }
}
