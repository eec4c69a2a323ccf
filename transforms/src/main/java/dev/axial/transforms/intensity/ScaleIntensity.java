package dev.axial.transforms.intensity;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;

/**
 * MONAI's {@code ScaleIntensity(minv=0, maxv=1, factor=None, channel_wise=False, dtype=float32)}: min-max scaling to
 * {@code [minv, maxv]} (a constant image becomes {@code x*minv}); with only one of minv/maxv given, to [0, 1]; with
 * both null, {@code x*(1+factor)}. An image holding NaN is refused when min/max are needed (MONAI would return NaN
 * everywhere).
 *
 * <pre>{@code
 * MetaTensor out = new ScaleIntensity().minv(-1.0).maxv(1.0).channelWise(true).apply(img);
 * }</pre>
 */
public class ScaleIntensity extends ArrayTransform {
    private Double minv = 0.0, maxv = 1.0, factor;
    private boolean channelWise;
    private DType dtype = DType.FLOAT32;

    public ScaleIntensity minv(Double minv) { this.minv = minv; return this; }

    public ScaleIntensity maxv(Double maxv) { this.maxv = maxv; return this; }

    /** Used when both minv and maxv are null: {@code x*(1+factor)}. */
    public ScaleIntensity factor(Double factor) { this.factor = factor; return this; }

    public ScaleIntensity channelWise(boolean channelWise) { this.channelWise = channelWise; return this; }

    /** Output dtype (default float32; null keeps the input's). */
    public ScaleIntensity dtype(DType dtype) { this.dtype = dtype; return this; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        Voxels.check(name(), img);
        if (Voxels.onDevice(img) && (minv != null || maxv != null || factor != null)) return onDevice(img);
        float[] v = Voxels.floats(img);
        if (minv != null || maxv != null) {
            Voxels.noNaN(name(), img, v);
            int n = channelWise ? Voxels.channelSize(img) : v.length;
            for (int from = 0; from < v.length; from += n) rescale(v, from, from + n, minv, maxv);
        } else if (factor != null) {
            scale(v, 0, v.length, factor);
        }
        return Voxels.out(img, v, dtype);
    }

    /**
     * {@link #rescale} / {@link #scale} as float32 tensor ops on the image's device, the per-part min and max reduced
     * there; a constant part gets the loop's {@code x * minv} (or stays as it is).
     */
    private MetaTensor onDevice(MetaTensor img) {
        try (Scope s = Scope.open()) {
            Tensor x = img.array().to(DType.FLOAT32);
            if (minv == null && maxv == null) return Voxels.out(s, img, x.mul((float) (1 + factor)), dtype);
            int parts = channelWise ? Voxels.channels(img) : 1;
            Tensor r = Voxels.rows(img, parts);
            float[] mn = r.amin(1).toFloatArray(), mx = r.amax(1).toFloatArray(), range = new float[parts], flat = new float[parts];
            boolean anyFlat = false;
            for (int p = 0; p < parts; p++) {
                if (Float.isNaN(mn[p]) || Float.isNaN(mx[p])) throw Voxels.nan(name(), img);
                range[p] = mn[p] == mx[p] ? 1f : mx[p] - mn[p];
                if (mn[p] == mx[p]) { flat[p] = 1f; anyFlat = true; }
            }
            Tensor norm = x.sub(Voxels.perPart(img, mn)).div(Voxels.perPart(img, range));
            if (minv != null && maxv != null) norm = norm.mul((float) (maxv - minv)).add(minv.floatValue());
            if (anyFlat) norm = Tensor.where(Voxels.perPart(img, flat).gt(0f), minv != null ? x.mul(minv.floatValue()) : x, norm);
            return Voxels.out(s, img, norm, dtype);
        }
    }

    /** MONAI's rescale_array on {@code v[from, to)} in float32. */
    static void rescale(float[] v, int from, int to, Double minv, Double maxv) {
        float mn = Voxels.min(v, from, to), mx = Voxels.max(v, from, to);
        if (mn == mx) {
            if (minv != null) for (int i = from; i < to; i++) v[i] = v[i] * minv.floatValue();
            return;
        }
        float range = mx - mn;
        boolean both = minv != null && maxv != null;
        float scale = both ? (float) (maxv - minv) : 1f, shift = both ? minv.floatValue() : 0f;
        for (int i = from; i < to; i++) {
            float norm = (v[i] - mn) / range;
            v[i] = both ? norm * scale + shift : norm;
        }
    }

    /** {@code v*(1+factor)} in float32. */
    static void scale(float[] v, int from, int to, double factor) {
        float f = (float) (1 + factor);
        for (int i = from; i < to; i++) v[i] = v[i] * f;
    }
}
