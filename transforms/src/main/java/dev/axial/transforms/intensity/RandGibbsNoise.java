package dev.axial.transforms.intensity;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;

/**
 * MONAI's {@code RandGibbsNoise(prob=0.1, alpha=(0.0, 1.0))}: {@link GibbsNoise} with {@code alpha = U(a, b)}; a
 * single number {@code a} means {@code (0, a)}.
 *
 * <pre>{@code
 * var t = new RandGibbsNoise().alpha(0.2, 0.6).prob(0.3);
 * }</pre>
 */
public class RandGibbsNoise extends RandomIntensity<Double> {
    private double[] alpha = {0.0, 1.0};

    public RandGibbsNoise() { super(0.1); }

    public RandGibbsNoise prob(double prob) { this.prob = checkProb(prob); return this; }

    public RandGibbsNoise alpha(double alpha) { return alpha(0, alpha); }

    public RandGibbsNoise alpha(double a, double b) {
        if (b > 1 || a < 0) throw new IllegalArgumentException(name() + ": alpha must take values in the interval [0, 1]");
        if (a > b) throw new IllegalArgumentException(name() + ": when alpha = [a, b] we need a < b");
        this.alpha = new double[] {a, b};
        return this;
    }

    @Override public Double randomize(RandomState rs, MetaTensor img) { return rs.uniform(alpha[0], alpha[1]); }

    @Override public MetaTensor apply(MetaTensor img, Double a) { return GibbsNoise.gibbs(name(), img, a); }
}
