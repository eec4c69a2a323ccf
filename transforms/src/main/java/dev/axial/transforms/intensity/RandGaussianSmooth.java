package dev.axial.transforms.intensity;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;

/**
 * MONAI's {@code RandGaussianSmooth(sigma_x=(0.25, 1.5), sigma_y=(0.25, 1.5), sigma_z=(0.25, 1.5), prob=0.1)}:
 * {@link GaussianSmooth} with sigmas {@code U(sigma_x), U(sigma_y), U(sigma_z)} (all three always drawn; the first
 * as many as the image has spatial dimensions are used).
 *
 * <pre>{@code
 * var t = new RandGaussianSmooth().sigmaX(0.5, 1.0).prob(0.2);
 * }</pre>
 */
public class RandGaussianSmooth extends RandomIntensity<double[]> {
    private double[] sx = {0.25, 1.5}, sy = {0.25, 1.5}, sz = {0.25, 1.5};

    public RandGaussianSmooth() { super(0.1); }

    public RandGaussianSmooth prob(double prob) { this.prob = checkProb(prob); return this; }

    public RandGaussianSmooth sigmaX(double lo, double hi) { sx = new double[] {lo, hi}; return this; }

    public RandGaussianSmooth sigmaY(double lo, double hi) { sy = new double[] {lo, hi}; return this; }

    public RandGaussianSmooth sigmaZ(double lo, double hi) { sz = new double[] {lo, hi}; return this; }

    @Override public double[] randomize(RandomState rs, MetaTensor img) {
        return new double[] {rs.uniform(sx[0], sx[1]), rs.uniform(sy[0], sy[1]), rs.uniform(sz[0], sz[1])};
    }

    @Override public MetaTensor apply(MetaTensor img, double[] sigma) {
        int dims = img.shape().length - 1;
        if (dims > 3) throw error("at most 3 spatial dimensions, got shape " + java.util.Arrays.toString(img.shape()));
        return GaussianFilter.smooth(img, java.util.Arrays.copyOf(sigma, dims));
    }
}
