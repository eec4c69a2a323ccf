package dev.axial.transforms.intensity;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;

/**
 * MONAI's {@code RandAdjustContrast(prob=0.1, gamma=(0.5, 4.5), invert_image=False, retain_stats=False)}:
 * {@link AdjustContrast} with {@code gamma = U(gamma range)}; a single number {@code g > 0.5} means {@code (0.5, g)}.
 *
 * <pre>{@code
 * var t = new RandAdjustContrast().gamma(0.7, 1.5).prob(0.3);
 * }</pre>
 */
public class RandAdjustContrast extends RandomIntensity<Double> {
    private double[] gamma = {0.5, 4.5};
    private boolean invertImage, retainStats;

    public RandAdjustContrast() { super(0.1); }

    public RandAdjustContrast prob(double prob) { this.prob = checkProb(prob); return this; }

    /** {@code (0.5, gamma)}; gamma must exceed 0.5. */
    public RandAdjustContrast gamma(double gamma) {
        if (gamma <= 0.5) throw new IllegalArgumentException(name() + ": a single gamma must be greater than 0.5, got " + gamma);
        this.gamma = new double[] {0.5, gamma};
        return this;
    }

    public RandAdjustContrast gamma(double lo, double hi) { this.gamma = range(lo, hi); return this; }

    public RandAdjustContrast invertImage(boolean invertImage) { this.invertImage = invertImage; return this; }

    public RandAdjustContrast retainStats(boolean retainStats) { this.retainStats = retainStats; return this; }

    @Override public Double randomize(RandomState rs, MetaTensor img) { return rs.uniform(gamma[0], gamma[1]); }

    @Override public MetaTensor apply(MetaTensor img, Double g) {
        return new AdjustContrast(g).invertImage(invertImage).retainStats(retainStats).apply(img, g.doubleValue());
    }
}
