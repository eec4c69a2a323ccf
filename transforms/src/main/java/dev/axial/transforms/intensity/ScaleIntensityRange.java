package dev.axial.transforms.intensity;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;

/**
 * MONAI's {@code ScaleIntensityRange(a_min, a_max, b_min=None, b_max=None, clip=False, dtype=float32)}:
 * {@code (x-a_min)/(a_max-a_min)}, then {@code *(b_max-b_min)+b_min} only when both b bounds are given, then clipped
 * to the given b bounds when {@code clip}. With {@code a_min == a_max} MONAI returns {@code x-a_min(+b_min)} in the
 * input's dtype, and so does this. NaN voxels stay NaN (elementwise, as MONAI).
 *
 * <pre>{@code
 * MetaTensor ct = new ScaleIntensityRange(-57, 164).bMin(0.0).bMax(1.0).clip(true).apply(img);
 * }</pre>
 */
public class ScaleIntensityRange extends ArrayTransform {
    private final double aMin, aMax;
    private Double bMin, bMax;
    private boolean clip;
    private DType dtype = DType.FLOAT32;

    public ScaleIntensityRange(double aMin, double aMax) {
        this.aMin = aMin;
        this.aMax = aMax;
    }

    public ScaleIntensityRange bMin(Double bMin) { this.bMin = bMin; return this; }

    public ScaleIntensityRange bMax(Double bMax) { this.bMax = bMax; return this; }

    public ScaleIntensityRange clip(boolean clip) { this.clip = clip; return this; }

    /** Output dtype (default float32; null keeps the input's). */
    public ScaleIntensityRange dtype(DType dtype) { this.dtype = dtype; return this; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        Voxels.check(name(), img);
        if (!img.device().isCpu()) return scaleOnDevice(img);
        float[] v = Voxels.floats(img);
        if (aMax - aMin == 0.0) {
            scale(v, 0, v.length, aMin, aMax, 0f, bMin, bMax, clip);
            return Voxels.out(img, v, img.dtype().isFloatingPoint() ? img.dtype() : DType.FLOAT32);
        }
        scale(v, 0, v.length, aMin, aMax, (float) (aMax - aMin), bMin, bMax, clip);
        return Voxels.out(img, v, dtype);
    }

    /**
     * {@link #scale} as float32 tensor ops where the image lives (the same roundings: each op rounds to float as the
     * loop does), so a GPU image is scaled on the GPU (the spleen pipeline's intensity step).
     */
    private MetaTensor scaleOnDevice(MetaTensor img) {
        try (Scope s = Scope.open()) {
            Tensor x = img.array().to(DType.FLOAT32);
            DType dt = aMax - aMin != 0.0 ? dtype : img.dtype().isFloatingPoint() ? img.dtype() : DType.FLOAT32;
            return Voxels.out(s, img, scale(img, x, new float[] {(float) aMin}, new float[] {(float) (aMax - aMin)}, bMin, bMax, clip), dt);
        }
    }

    /**
     * {@link #scale} of float32 {@code x} (the image's shape, on its device) with one {@code aMin} and {@code range}
     * per part (1 or a channel each) as float32 tensor ops, each rounding as the loop does; a part whose range is 0
     * gets the loop's {@code x - a_min (+ b_min)}.
     */
    static Tensor scale(MetaTensor img, Tensor x, float[] aMin, float[] range, Double bMin, Double bMax, boolean clip) {
        float[] r = range.clone(), flat = new float[r.length];
        boolean anyFlat = false;
        for (int p = 0; p < r.length; p++)
            if (r[p] == 0f) {
                r[p] = 1f;
                flat[p] = 1f;
                anyFlat = true;
            }
        Tensor a = Voxels.perPart(img, aMin), y = x.sub(a).div(Voxels.perPart(img, r));
        if (bMin != null && bMax != null) y = y.mul((float) (bMax - bMin)).add(bMin.floatValue());
        if (clip && (bMin != null || bMax != null))
            y = y.clamp(bMin == null ? null : (Number) bMin.floatValue(), bMax == null ? null : (Number) bMax.floatValue());
        if (anyFlat) {
            Tensor f = x.sub(a);
            if (bMin != null) f = f.add(bMin.floatValue());
            y = Tensor.where(Voxels.perPart(img, flat).gt(0f), f, y);
        }
        return y;
    }

    /**
     * The scaling on {@code v[from, to)} in float32; {@code range} is {@code a_max-a_min} as MONAI has it (a Python
     * float rounded to float, or the difference of two float32 percentiles).
     */
    static void scale(float[] v, int from, int to, double aMin, double aMax, float range, Double bMin, Double bMax, boolean clip) {
        float a = (float) aMin;
        if (range == 0f) {
            float b = bMin == null ? 0f : bMin.floatValue();
            for (int i = from; i < to; i++) v[i] = bMin == null ? v[i] - a : v[i] - a + b;
            return;
        }
        boolean both = bMin != null && bMax != null;
        float scale = both ? (float) (bMax - bMin) : 1f, shift = both ? bMin.floatValue() : 0f;
        float lo = bMin == null ? Float.NEGATIVE_INFINITY : bMin.floatValue(), hi = bMax == null ? Float.POSITIVE_INFINITY : bMax.floatValue();
        for (int i = from; i < to; i++) {
            float x = (v[i] - a) / range;
            if (both) x = x * scale + shift;
            if (clip) {
                if (x < lo) x = lo;
                if (x > hi) x = hi;
            }
            v[i] = x;
        }
    }
}
