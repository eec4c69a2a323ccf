package dev.axial.transforms.intensity;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;

/**
 * MONAI's {@code AdjustContrast(gamma, invert_image=False, retain_stats=False)}: gamma correction over the whole
 * image, {@code ((x-min)/(range+1e-7))^gamma * range + min}; {@code invertImage} negates before and after (nnU-Net's
 * way); {@code retainStats} restores the input's mean and std (torch's unbiased std, as MONAI). Float32 out (float64
 * stays float64). An image holding NaN is refused (its min/max would be NaN). An image on a GPU stays there (tensor
 * ops; min, max, mean and std reduced there).
 *
 * <pre>{@code
 * MetaTensor out = new AdjustContrast(1.5).retainStats(true).apply(img);
 * }</pre>
 */
public class AdjustContrast extends ArrayTransform {
    private final double gamma;
    private boolean invertImage, retainStats;

    public AdjustContrast(double gamma) { this.gamma = gamma; }

    public AdjustContrast invertImage(boolean invertImage) { this.invertImage = invertImage; return this; }

    public AdjustContrast retainStats(boolean retainStats) { this.retainStats = retainStats; return this; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) { return apply(img, gamma); }

    /** With the given gamma (RandAdjustContrast's drawn one). */
    public MetaTensor apply(MetaTensor img, double gamma) {
        Voxels.check(name(), img);
        if (Voxels.onDevice(img)) return onDevice(img, gamma);
        float[] v = Voxels.floats(img);
        Voxels.noNaN(name(), img, v);
        int n = v.length;
        if (invertImage) for (int i = 0; i < n; i++) v[i] = -v[i];
        float mn = 0, sd = 0;
        if (retainStats) {
            mn = (float) Voxels.mean(v, 0, n);
            sd = (float) Voxels.std(v, 0, n, true);
        }
        float min = Voxels.min(v, 0, n), range = Voxels.max(v, 0, n) - min;
        float denom = range + 1e-7f, g = (float) gamma;
        for (int i = 0; i < n; i++) v[i] = pow((v[i] - min) / denom, g) * range + min;
        if (retainStats) {
            float m2 = (float) Voxels.mean(v, 0, n);
            for (int i = 0; i < n; i++) v[i] = v[i] - m2;
            float s2 = (float) Voxels.std(v, 0, n, true) + 1e-8f;
            for (int i = 0; i < n; i++) v[i] = sd * (v[i] / s2) + mn;
        }
        if (invertImage) for (int i = 0; i < n; i++) v[i] = -v[i];
        return Voxels.out(img, v, img.dtype() == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32);
    }

    /**
     * The loop above as float32 tensor ops where the image lives; min, max, mean and std reduced there (in float64
     * for the last two, as the loop's) and only they cross to the host.
     */
    private MetaTensor onDevice(MetaTensor img, double gamma) {
        try (Scope s = Scope.open()) {
            Tensor x = img.array().to(DType.FLOAT32);
            if (invertImage) x = x.neg();
            Tensor r = x.reshape(1, -1);
            float min = r.amin(1).toFloatArray()[0], max = r.amax(1).toFloatArray()[0];
            if (Float.isNaN(min) || Float.isNaN(max)) throw Voxels.nan(name(), img);
            double[] stats = retainStats ? Voxels.meanStd(r, null, true)[0] : null;
            float range = max - min, g = (float) gamma;
            Tensor y = x.sub(min).div(range + 1e-7f).pow(g).mul(range).add(min);
            if (retainStats) {
                y = y.sub((float) Voxels.meanStd(y.reshape(1, -1), null, true)[0][0]);
                float s2 = (float) Voxels.meanStd(y.reshape(1, -1), null, true)[0][1] + 1e-8f;
                y = y.div(s2).mul((float) stats[1]).add((float) stats[0]);
            }
            if (invertImage) y = y.neg();
            return Voxels.out(s, img, y, img.dtype() == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32);
        }
    }

    /** torch's pow(float tensor, scalar): exact products for 2 and 3, sqrt for 0.5, powf otherwise. */
    private static float pow(float x, float g) {
        if (g == 2f) return x * x;
        if (g == 3f) return x * x * x;
        if (g == 0.5f) return (float) Math.sqrt(x);
        if (g == 1f) return x;
        return (float) Math.pow(x, g);
    }
}
