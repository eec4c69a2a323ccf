package dev.axial.transforms.intensity;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;

import java.util.Arrays;

/**
 * MONAI's {@code RandRicianNoise(prob=0.1, mean=0.0, std=1.0, channel_wise=False, relative=False, sample_std=True,
 * dtype=float32)}: {@code sqrt((x + n1)^2 + n2^2)} with {@code n1, n2 = normal(mean, sigma, shape)}, sigma =
 * {@code U(0, std)} (or std; times the image's unbiased std when {@code relative}), per channel with
 * {@code channelWise} (then mean and std may be given per channel). Drawn as MONAI draws them, float64 rounded to
 * float32. An image holding NaN is refused when {@code relative} (its std would be NaN). On a GPU image the noise,
 * drawn on the host, is uploaded and combined there (the std for {@code relative} reduced there too).
 *
 * <pre>{@code
 * var t = new RandRicianNoise().prob(0.5).std(0.1).relative(true);
 * }</pre>
 */
public class RandRicianNoise extends RandomIntensity<float[][]> {
    private double[] mean = {0.0}, std = {1.0};
    private boolean channelWise, relative, sampleStd = true;

    public RandRicianNoise() { super(0.1); }

    public RandRicianNoise prob(double prob) { this.prob = checkProb(prob); return this; }

    /** One mean, or one per channel (channelWise). */
    public RandRicianNoise mean(double... mean) { this.mean = mean.clone(); return this; }

    /** One std, or one per channel (channelWise). */
    public RandRicianNoise std(double... std) { this.std = std.clone(); return this; }

    public RandRicianNoise channelWise(boolean channelWise) { this.channelWise = channelWise; return this; }

    public RandRicianNoise relative(boolean relative) { this.relative = relative; return this; }

    public RandRicianNoise sampleStd(boolean sampleStd) { this.sampleStd = sampleStd; return this; }

    @Override public float[][] randomize(RandomState rs, MetaTensor img) {
        int c = Voxels.channels(img), total = (int) img.array().numel();
        int parts = channelWise ? c : 1, n = total / parts;
        for (double[] a : new double[][] {mean, std})
            if (a.length != 1 && a.length != parts)
                throw error("mean/std have " + a.length + " values; needs 1" + (channelWise ? " or " + c : "") + ", shape " + Arrays.toString(img.shape()));
        double[] sd = relative ? imageStd(img, parts, n) : null;
        float[][] noise = new float[2][total];
        for (int p = 0; p < parts; p++) {
            double m = mean[mean.length == 1 ? 0 : p], s = std[std.length == 1 ? 0 : p];
            if (relative) s = channelWise ? (float) s * (float) sd[p] : s * sd[p];
            double sigma = sampleStd ? rs.uniform(0, s) : s;
            for (float[] out : noise) {
                double[] d = rs.normal(m, sigma, n);
                for (int i = 0; i < n; i++) out[p * n + i] = (float) d[i];
            }
        }
        return noise;
    }

    /** The unbiased std of each part (float-rounded), reduced where the image lives; NaN refused. */
    private double[] imageStd(MetaTensor img, int parts, int n) {
        double[] sd = new double[parts];
        if (Voxels.onDevice(img)) {
            try (Scope s = Scope.open()) {
                double[][] st = Voxels.meanStd(Voxels.rows(img, parts), null, true);
                for (int p = 0; p < parts; p++) sd[p] = st[p][1];
            }
            for (double x : sd) if (Double.isNaN(x)) throw Voxels.nan(name(), img);
            return sd;
        }
        float[] v = Voxels.floats(img);
        Voxels.noNaN(name(), img, v);
        for (int p = 0; p < parts; p++) sd[p] = Voxels.std(v, p * n, (p + 1) * n, true);
        return sd;
    }

    @Override public MetaTensor apply(MetaTensor img, float[][] noise) {
        if (noise[0].length != img.array().numel()) throw error("noise drawn for " + noise[0].length + " voxels, image shape " + Arrays.toString(img.shape()));
        if (Voxels.onDevice(img)) try (Scope s = Scope.open()) {
            // NOTE: drawn on the host as MONAI's (numpy's normal), uploaded once, combined where the image is
            Tensor a = img.array().to(DType.FLOAT32).add(Tensor.of(noise[0], img.shape()).to(img.device()));
            Tensor b = Tensor.of(noise[1], img.shape()).to(img.device());
            return Voxels.out(s, img, a.mul(a).add(b.mul(b)).sqrt(), DType.FLOAT32);
        }
        float[] v = Voxels.floats(img);
        for (int i = 0; i < v.length; i++) {
            float a = v[i] + noise[0][i], b = noise[1][i];
            v[i] = (float) Math.sqrt(a * a + b * b);
        }
        return Voxels.out(img, v, DType.FLOAT32);
    }
}
