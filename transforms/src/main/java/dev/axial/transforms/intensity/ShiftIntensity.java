package dev.axial.transforms.intensity;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.transforms.ArrayTransform;

/**
 * MONAI's {@code ShiftIntensity(offset)}: {@code x + offset}, converted back to the input's dtype.
 *
 * <pre>{@code
 * MetaTensor out = new ShiftIntensity(2.5).apply(img);
 * }</pre>
 */
public class ShiftIntensity extends ArrayTransform {
    private final double offset;

    public ShiftIntensity(double offset) { this.offset = offset; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) { return shift(img, new double[] {offset}); }

    /** {@code img} shifted by one offset, or one per channel. */
    static MetaTensor shift(MetaTensor img, double[] offsets) {
        Voxels.check("ShiftIntensity", img);
        if (Voxels.onDevice(img)) try (Scope s = Scope.open()) {
            return Voxels.out(s, img, img.array().to(dev.axial.tensor.DType.FLOAT32).add(Voxels.perPart(img, floats(offsets, 0))), null);
        }
        float[] v = Voxels.floats(img);
        int n = offsets.length == 1 ? v.length : Voxels.channelSize(img);
        for (int p = 0; p < offsets.length; p++) {
            float o = (float) offsets[p];
            for (int i = p * n; i < (p + 1) * n; i++) v[i] = v[i] + o;
        }
        return Voxels.out(img, v, null);
    }

    /** {@code (float) (add + v[i])} for each value: MONAI's per-channel offsets and factors as float32. */
    static float[] floats(double[] v, double add) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) (add + v[i]);
        return f;
    }
}
