package dev.axial.transforms.intensity;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;

/**
 * MONAI's {@code RandGaussianNoise(prob=0.1, mean=0.0, std=0.1, dtype=float32, sample_std=True)}: adds
 * {@code normal(mean, sigma, shape)} with {@code sigma = U(0, std)} (or {@code std}), drawn from the numpy-compatible
 * generator in float64 as MONAI draws it and then rounded to float32: the same seed gives the same noise, voxel for
 * voxel. The image is converted to float32 first.
 *
 * <pre>{@code
 * var t = new RandGaussianNoise().prob(0.5).std(0.05);
 * }</pre>
 */
public class RandGaussianNoise extends RandomIntensity<float[]> {
    private double mean = 0.0, std = 0.1;
    private boolean sampleStd = true;
    private DType dtype = DType.FLOAT32;

    public RandGaussianNoise() { super(0.1); }

    public RandGaussianNoise prob(double prob) { this.prob = checkProb(prob); return this; }

    public RandGaussianNoise mean(double mean) { this.mean = mean; return this; }

    public RandGaussianNoise std(double std) { this.std = std; return this; }

    public RandGaussianNoise sampleStd(boolean sampleStd) { this.sampleStd = sampleStd; return this; }

    /** Output dtype (default float32; null keeps the input's). */
    public RandGaussianNoise dtype(DType dtype) { this.dtype = dtype; return this; }

    @Override public float[] randomize(RandomState rs, MetaTensor img) {
        double s = sampleStd ? rs.uniform(0, std) : std;
        double[] noise = rs.normal(mean, s, (int) img.array().numel());
        float[] f = new float[noise.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) noise[i];
        return f;
    }

    @Override public MetaTensor apply(MetaTensor img, float[] noise) {
        if (Voxels.onDevice(img) && noise.length == img.array().numel()) try (Scope s = Scope.open()) {
            // NOTE: drawn on the host as MONAI's (numpy's normal), uploaded once, added where the image is
            return Voxels.out(s, img, img.array().to(DType.FLOAT32).add(Tensor.of(noise, img.shape()).to(img.device())), dtype);
        }
        float[] v = Voxels.floats(img);
        if (noise.length != v.length)
            throw error("the noise has " + noise.length + " values, the image " + v.length + " (shape "
                    + java.util.Arrays.toString(img.shape()) + "); keys sharing one noise need one shape");
        for (int i = 0; i < v.length; i++) v[i] = v[i] + noise[i];
        return Voxels.out(img, v, dtype);
    }
}
