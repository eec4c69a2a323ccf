package dev.axial.transforms.intensity;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.ArrayTransform;

/**
 * MONAI's {@code GaussianSharpen(sigma1=3.0, sigma2=1.0, alpha=30.0, approx="erf")}: {@code b = G(sigma1) x},
 * {@code bb = G(sigma2) b}, out {@code b + alpha (b - bb)} (see {@link GaussianFilter}), float32.
 *
 * <pre>{@code
 * MetaTensor sharp = new GaussianSharpen().sigma1(1.5).sigma2(0.6).alpha(10).apply(img);
 * }</pre>
 */
public class GaussianSharpen extends ArrayTransform {
    private double[] sigma1 = {3.0}, sigma2 = {1.0};
    private double alpha = 30.0;

    public GaussianSharpen sigma1(double... sigma1) { this.sigma1 = sigma1.clone(); return this; }

    public GaussianSharpen sigma2(double... sigma2) { this.sigma2 = sigma2.clone(); return this; }

    public GaussianSharpen alpha(double alpha) { this.alpha = alpha; return this; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) { return sharpen(name(), img, sigma1, sigma2, alpha); }

    static MetaTensor sharpen(String name, MetaTensor img, double[] sigma1, double[] sigma2, double alpha) {
        Voxels.check(name, img);
        int dims = img.shape().length - 1;
        float[] b = Voxels.floats(img);
        GaussianFilter.smooth(b, img.shape(), GaussianFilter.perDim(name, sigma1, dims));
        float[] bb = b.clone();
        GaussianFilter.smooth(bb, img.shape(), GaussianFilter.perDim(name, sigma2, dims));
        float a = (float) alpha;
        for (int i = 0; i < b.length; i++) b[i] = b[i] + a * (b[i] - bb[i]);
        return Voxels.out(img, b, DType.FLOAT32);
    }
}
