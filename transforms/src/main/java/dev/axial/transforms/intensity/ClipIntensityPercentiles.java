package dev.axial.transforms.intensity;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;

/**
 * MONAI's {@code ClipIntensityPercentiles(lower, upper, sharpness_factor=None, channel_wise=False, dtype=float32)}:
 * clips to the image's {@code lower} and {@code upper} percentiles (a null one: no clipping on that side); with a
 * sharpness factor {@code c}, soft clipping {@code x + softplus(-c(x-lo))/c - softplus(c(x-hi))/c}. An image holding
 * NaN is refused (MONAI's percentiles would be NaN). MONAI's {@code return_clipping_values} is not offered. An image
 * on a GPU stays there (device quantile, float32 tensor ops).
 *
 * <pre>{@code
 * MetaTensor out = new ClipIntensityPercentiles(1.0, 99.0).sharpnessFactor(10.0).apply(img);
 * }</pre>
 */
public class ClipIntensityPercentiles extends ArrayTransform {
    private final Double lower, upper;
    private Double sharpnessFactor;
    private boolean channelWise;
    private DType dtype = DType.FLOAT32;

    public ClipIntensityPercentiles(Double lower, Double upper) {
        if (lower == null && upper == null) throw new IllegalArgumentException(name() + ": lower or upper percentiles must be provided");
        for (Double q : new Double[] {lower, upper})
            if (q != null && (q < 0 || q > 100)) throw new IllegalArgumentException(name() + ": percentiles must be in [0, 100], got " + q);
        if (lower != null && upper != null && upper < lower)
            throw new IllegalArgumentException(name() + ": upper must be greater than or equal to lower");
        this.lower = lower;
        this.upper = upper;
    }

    public ClipIntensityPercentiles sharpnessFactor(Double sharpnessFactor) {
        if (sharpnessFactor != null && sharpnessFactor <= 0)
            throw new IllegalArgumentException(name() + ": sharpness_factor must be greater than 0");
        this.sharpnessFactor = sharpnessFactor;
        return this;
    }

    public ClipIntensityPercentiles channelWise(boolean channelWise) { this.channelWise = channelWise; return this; }

    /** Dtype of the soft-clipping computation (default float32); hard clipping keeps the input's dtype, as MONAI. */
    public ClipIntensityPercentiles dtype(DType dtype) { this.dtype = dtype; return this; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        Voxels.check(name(), img);
        if (Voxels.onDevice(img)) return onDevice(img);
        float[] v = Voxels.floats(img);
        Voxels.noNaN(name(), img, v);
        int n = channelWise ? Voxels.channelSize(img) : v.length;
        for (int from = 0; from < v.length; from += n) {
            int to = from + n;
            if (sharpnessFactor != null) {
                Float lo = lower == null ? null : Voxels.percentile(v, from, to, lower);
                Float hi = upper == null ? null : Voxels.percentile(v, from, to, upper);
                float neg = (float) -sharpnessFactor, pos = sharpnessFactor.floatValue();
                for (int i = from; i < to; i++) {
                    float x = v[i], y = x;
                    if (lo != null) y = y + Voxels.softplus(neg * (x - lo)) / pos;
                    if (hi != null) y = y - Voxels.softplus(pos * (x - hi)) / pos;
                    v[i] = y;
                }
            } else {
                float lo = Voxels.percentile(v, from, to, lower == null ? 0 : lower);
                float hi = Voxels.percentile(v, from, to, upper == null ? 100 : upper);
                for (int i = from; i < to; i++) v[i] = Math.min(Math.max(v[i], lo), hi);
            }
        }
        return Voxels.out(img, v, sharpnessFactor != null ? dtype : null);
    }

    /**
     * The loop above as float32 tensor ops where the image lives, the percentiles from {@link Voxels#percentiles}
     * (a device sort; the same numbers); each op rounds as the loop does (softplus within an ulp).
     */
    private MetaTensor onDevice(MetaTensor img) {
        int parts = channelWise ? Voxels.channels(img) : 1;
        boolean soft = sharpnessFactor != null;
        double ql = lower == null ? 0 : lower, qh = upper == null ? 100 : upper;
        float[][] p = soft && lower == null ? new float[][] {null, Voxels.percentiles(name(), img, parts, qh)[0]}
                : soft && upper == null ? new float[][] {Voxels.percentiles(name(), img, parts, ql)[0], null}
                : Voxels.percentiles(name(), img, parts, ql, qh);
        try (Scope s = Scope.open()) {
            Tensor x = img.array().to(DType.FLOAT32);
            if (!soft) return Voxels.out(s, img, x.maximum(Voxels.perPart(img, p[0])).minimum(Voxels.perPart(img, p[1])), null);
            float neg = (float) -sharpnessFactor, pos = sharpnessFactor.floatValue();
            Tensor y = x;
            if (p[0] != null) y = y.add(x.sub(Voxels.perPart(img, p[0])).mul(neg).softplus().div(pos));
            if (p[1] != null) y = y.sub(x.sub(Voxels.perPart(img, p[1])).mul(pos).softplus().div(pos));
            return Voxels.out(s, img, y, dtype);
        }
    }
}
