package dev.axial.transforms.intensity;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;

import java.util.Arrays;

/**
 * MONAI's {@code RandGaussianSharpen(sigma1_x=(0.5, 1.0), ..., sigma2_x=0.5, ..., alpha=(10.0, 30.0), prob=0.1)}:
 * {@link GaussianSharpen} with drawn parameters, in MONAI's order: sigma1 x, y, z; then sigma2 x, y, z (a single
 * number {@code s} means {@code U(s, sigma1)} of that axis); then alpha. Params: {x1, y1, z1, x2, y2, z2, alpha}.
 *
 * <pre>{@code
 * var t = new RandGaussianSharpen().alpha(5, 15).prob(0.2);
 * }</pre>
 */
public class RandGaussianSharpen extends RandomIntensity<double[]> {
    private final double[][] sigma1 = {{0.5, 1.0}, {0.5, 1.0}, {0.5, 1.0}};
    private final double[][] sigma2 = {{0.5}, {0.5}, {0.5}};
    private double[] alpha = {10.0, 30.0};

    public RandGaussianSharpen() { super(0.1); }

    public RandGaussianSharpen prob(double prob) { this.prob = checkProb(prob); return this; }

    /** The sigma1 range of spatial axis {@code axis} (0: x, 1: y, 2: z). */
    public RandGaussianSharpen sigma1(int axis, double lo, double hi) { sigma1[axis] = new double[] {lo, hi}; return this; }

    /** The sigma2 range of {@code axis}: one number {@code s} means {@code (s, drawn sigma1)}. */
    public RandGaussianSharpen sigma2(int axis, double... range) {
        if (range.length != 1 && range.length != 2) throw new IllegalArgumentException(name() + ": sigma2 is a number or a (low, high) pair");
        sigma2[axis] = range.clone();
        return this;
    }

    public RandGaussianSharpen alpha(double lo, double hi) { alpha = new double[] {lo, hi}; return this; }

    @Override public double[] randomize(RandomState rs, MetaTensor img) {
        double[] p = new double[7];
        for (int a = 0; a < 3; a++) p[a] = rs.uniform(sigma1[a][0], sigma1[a][1]);
        for (int a = 0; a < 3; a++) p[3 + a] = sigma2[a].length == 1 ? rs.uniform(sigma2[a][0], p[a]) : rs.uniform(sigma2[a][0], sigma2[a][1]);
        p[6] = rs.uniform(alpha[0], alpha[1]);
        return p;
    }

    @Override public MetaTensor apply(MetaTensor img, double[] p) {
        int dims = img.shape().length - 1;
        if (dims > 3) throw error("at most 3 spatial dimensions, got shape " + Arrays.toString(img.shape()));
        return GaussianSharpen.sharpen(name(), img, Arrays.copyOfRange(p, 0, dims), Arrays.copyOfRange(p, 3, 3 + dims), p[6]);
    }
}
