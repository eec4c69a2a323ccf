package dev.axial.transforms.intensity;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;

/**
 * MONAI's {@code ThresholdIntensity(threshold, above=True, cval=0)}: keeps the voxels above (or below) the threshold
 * and sets the others to {@code cval}; the dtype is kept. NaN is neither above nor below, so it becomes {@code cval}.
 *
 * <pre>{@code
 * MetaTensor out = new ThresholdIntensity(10).above(false).cval(-1).apply(img);
 * }</pre>
 */
public class ThresholdIntensity extends ArrayTransform {
    private final double threshold;
    private boolean above = true;
    private double cval;

    public ThresholdIntensity(double threshold) { this.threshold = threshold; }

    public ThresholdIntensity above(boolean above) { this.above = above; return this; }

    public ThresholdIntensity cval(double cval) { this.cval = cval; return this; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        Voxels.check(name(), img);
        float t = (float) threshold, c = (float) cval;
        if (Voxels.onDevice(img)) try (Scope s = Scope.open()) {
            Tensor x = img.array().to(DType.FLOAT32);
            return Voxels.out(s, img, x.where(above ? x.gt(t) : x.lt(t), c), null);
        }
        float[] v = Voxels.floats(img);
        for (int i = 0; i < v.length; i++) if (!(above ? v[i] > t : v[i] < t)) v[i] = c;
        return Voxels.out(img, v, null);
    }
}
