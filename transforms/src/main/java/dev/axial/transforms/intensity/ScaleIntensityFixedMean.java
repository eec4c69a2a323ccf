package dev.axial.transforms.intensity;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;

/**
 * MONAI's {@code ScaleIntensityFixedMean(factor=0, preserve_range=False, fixed_mean=True, channel_wise=False,
 * dtype=float32)}: {@code (x - mean) * (1 + factor) + mean} (without the mean when not {@code fixedMean}), clipped to
 * the input's [min, max] with {@code preserveRange}; per channel with {@code channelWise}. An image on a GPU stays
 * there (tensor ops; min, max and mean reduced there).
 *
 * <pre>{@code
 * MetaTensor out = new ScaleIntensityFixedMean(0.2).preserveRange(true).apply(img);
 * }</pre>
 */
public class ScaleIntensityFixedMean extends ArrayTransform {
    private final double factor;
    private boolean preserveRange, fixedMean = true, channelWise;
    private DType dtype = DType.FLOAT32;

    public ScaleIntensityFixedMean(double factor) { this.factor = factor; }

    public ScaleIntensityFixedMean() { this(0); }

    public ScaleIntensityFixedMean preserveRange(boolean preserveRange) { this.preserveRange = preserveRange; return this; }

    public ScaleIntensityFixedMean fixedMean(boolean fixedMean) { this.fixedMean = fixedMean; return this; }

    public ScaleIntensityFixedMean channelWise(boolean channelWise) { this.channelWise = channelWise; return this; }

    /** Output dtype (default float32; null keeps the input's). */
    public ScaleIntensityFixedMean dtype(DType dtype) { this.dtype = dtype; return this; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) { return apply(img, factor); }

    /** With the given factor (RandScaleIntensityFixedMean's drawn one). */
    public MetaTensor apply(MetaTensor img, double factor) {
        Voxels.check(name(), img);
        if (Voxels.onDevice(img)) return onDevice(img, factor);
        float[] v = Voxels.floats(img);
        if (preserveRange || fixedMean) Voxels.noNaN(name(), img, v);
        int n = channelWise ? Voxels.channelSize(img) : v.length;
        float f = (float) (1 + factor);
        for (int from = 0; from < v.length; from += n) {
            int to = from + n;
            float lo = Voxels.min(v, from, to), hi = Voxels.max(v, from, to);
            float mn = fixedMean ? (float) Voxels.mean(v, from, to) : 0f;
            for (int i = from; i < to; i++) {
                float x = fixedMean ? (v[i] - mn) * f + mn : v[i] * f;
                v[i] = preserveRange ? Math.min(Math.max(x, lo), hi) : x;
            }
        }
        return Voxels.out(img, v, dtype);
    }

    /** The loop above as float32 tensor ops where the image lives; min, max and mean per part reduced there. */
    private MetaTensor onDevice(MetaTensor img, double factor) {
        int parts = channelWise ? Voxels.channels(img) : 1;
        float f = (float) (1 + factor);
        try (Scope s = Scope.open()) {
            Tensor r = Voxels.rows(img, parts), x = img.array().to(DType.FLOAT32);
            float[] lo = r.amin(1).toFloatArray(), hi = r.amax(1).toFloatArray(), mn = new float[parts];
            for (int p = 0; p < parts; p++)
                if ((preserveRange || fixedMean) && (Float.isNaN(lo[p]) || Float.isNaN(hi[p]))) throw Voxels.nan(name(), img);
            if (fixedMean) {
                double[][] st = Voxels.meanStd(r, null, false);
                for (int p = 0; p < parts; p++) mn[p] = (float) st[p][0];
            }
            Tensor m = Voxels.perPart(img, mn), y = fixedMean ? x.sub(m).mul(f).add(m) : x.mul(f);
            if (preserveRange) y = y.maximum(Voxels.perPart(img, lo)).minimum(Voxels.perPart(img, hi));
            return Voxels.out(s, img, y, dtype);
        }
    }
}
