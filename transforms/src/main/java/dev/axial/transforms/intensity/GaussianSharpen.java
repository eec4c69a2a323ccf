package dev.axial.transforms.intensity;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;

/**
 * MONAI's {@code GaussianSharpen(sigma1=3.0, sigma2=1.0, alpha=30.0, approx="erf")}: {@code b = G(sigma1) x},
 * {@code bb = G(sigma2) b}, out {@code b + alpha (b - bb)} (see {@link GaussianFilter}), float32. An image on a GPU is
 * filtered and combined there (device convolutions, float32 tensor ops).
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
        double[] s1 = GaussianFilter.perDim(name, sigma1, dims), s2 = GaussianFilter.perDim(name, sigma2, dims);
        float a = (float) alpha;
        if (GaussianFilter.onDevice(img))
            try (Scope s = Scope.open()) {
                Tensor b = GaussianFilter.smooth(img.array().to(DType.FLOAT32), s1), bb = GaussianFilter.smooth(b, s2);
                return Voxels.out(s, img, b.add(b.sub(bb).mul(a)), DType.FLOAT32);
            }
        float[] b = Voxels.floats(img);
        GaussianFilter.smooth(b, img.shape(), s1);
        float[] bb = b.clone();
        GaussianFilter.smooth(bb, img.shape(), s2);
        for (int i = 0; i < b.length; i++) b[i] = b[i] + a * (b[i] - bb[i]);
        return Voxels.out(img, b, DType.FLOAT32);
    }
}
