package dev.axial.transforms.intensity;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;

import java.util.Arrays;

/**
 * MONAI's {@code RandRicianNoise(prob=0.1, mean=0.0, std=1.0, channel_wise=False, relative=False, sample_std=True,
 * dtype=float32)}: {@code sqrt((x + n1)^2 + n2^2)} with {@code n1, n2 = normal(mean, sigma, shape)}, sigma =
 * {@code U(0, std)} (or std; times the image's unbiased std when {@code relative}), per channel with
 * {@code channelWise} (then mean and std may be given per channel). Drawn as MONAI draws them, float64 rounded to
 * float32. An image holding NaN is refused when {@code relative} (its std would be NaN).
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
        float[] v = Voxels.floats(img);
        if (relative) Voxels.noNaN(name(), img, v);
        int c = Voxels.channels(img);
        int parts = channelWise ? c : 1, n = v.length / parts;
        for (double[] a : new double[][] {mean, std})
            if (a.length != 1 && a.length != parts)
                throw error("mean/std have " + a.length + " values; needs 1" + (channelWise ? " or " + c : "") + ", shape " + Arrays.toString(img.shape()));
        float[][] noise = new float[2][v.length];
        for (int p = 0; p < parts; p++) {
            double m = mean[mean.length == 1 ? 0 : p], s = std[std.length == 1 ? 0 : p];
            if (relative)
                s = channelWise ? (float) s * (float) Voxels.std(v, p * n, (p + 1) * n, true) : s * Voxels.std(v, 0, v.length, true);
            double sigma = sampleStd ? rs.uniform(0, s) : s;
            for (float[] out : noise) {
                double[] d = rs.normal(m, sigma, n);
                for (int i = 0; i < n; i++) out[p * n + i] = (float) d[i];
            }
        }
        return noise;
    }

    @Override public MetaTensor apply(MetaTensor img, float[][] noise) {
        float[] v = Voxels.floats(img);
        if (noise[0].length != v.length) throw error("noise drawn for " + noise[0].length + " voxels, image shape " + Arrays.toString(img.shape()));
        for (int i = 0; i < v.length; i++) {
            float a = v[i] + noise[0][i], b = noise[1][i];
            v[i] = (float) Math.sqrt(a * a + b * b);
        }
        return Voxels.out(img, v, DType.FLOAT32);
    }
}
