package dev.axial.transforms.intensity;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.transforms.ArrayTransform;

/**
 * MONAI's {@code ScaleIntensityRangePercentiles(lower, upper, b_min, b_max, clip=False, relative=False,
 * channel_wise=False, dtype=float32)}: {@link ScaleIntensityRange} from the image's {@code lower} and {@code upper}
 * percentiles (torch.quantile, linear) to {@code [b_min, b_max]}; {@code relative} maps to the same percentiles of
 * {@code [b_min, b_max]} instead. An image holding NaN is refused (MONAI's percentiles, and so the whole output,
 * would be NaN). An image on a GPU stays there: the percentiles come from the tensor core's quantile (a device
 * sort, the same float32 linear interpolation) and the scaling runs as float32 tensor ops.
 *
 * <pre>{@code
 * MetaTensor out = new ScaleIntensityRangePercentiles(5, 95, 0.0, 1.0).clip(true).apply(img);
 * }</pre>
 */
public class ScaleIntensityRangePercentiles extends ArrayTransform {
    private final double lower, upper;
    private final Double bMin, bMax;
    private boolean clip, relative, channelWise;
    private DType dtype = DType.FLOAT32;

    public ScaleIntensityRangePercentiles(double lower, double upper, Double bMin, Double bMax) {
        if (lower < 0 || lower > 100 || upper < 0 || upper > 100)
            throw new IllegalArgumentException(name() + ": percentiles must be in [0, 100], got " + lower + ", " + upper);
        this.lower = lower;
        this.upper = upper;
        this.bMin = bMin;
        this.bMax = bMax;
    }

    public ScaleIntensityRangePercentiles clip(boolean clip) { this.clip = clip; return this; }

    public ScaleIntensityRangePercentiles relative(boolean relative) {
        if (relative && (bMin == null || bMax == null))
            throw new IllegalArgumentException(name() + ": relative needs b_min and b_max");
        this.relative = relative;
        return this;
    }

    public ScaleIntensityRangePercentiles channelWise(boolean channelWise) { this.channelWise = channelWise; return this; }

    /** Output dtype (default float32; null keeps the input's). */
    public ScaleIntensityRangePercentiles dtype(DType dtype) { this.dtype = dtype; return this; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        Voxels.check(name(), img);
        Double lo = bMin, hi = bMax;
        if (relative) {
            lo = (bMax - bMin) * (lower / 100.0) + bMin;
            hi = (bMax - bMin) * (upper / 100.0) + bMin;
        }
        if (Voxels.onDevice(img)) {
            float[][] p = Voxels.percentiles(name(), img, channelWise ? Voxels.channels(img) : 1, lower, upper);
            float[] range = new float[p[0].length];
            for (int i = 0; i < range.length; i++) range[i] = p[1][i] - p[0][i];
            try (Scope s = Scope.open()) {
                return Voxels.out(s, img, ScaleIntensityRange.scale(img, img.array().to(DType.FLOAT32), p[0], range, lo, hi, clip), dtype);
            }
        }
        float[] v = Voxels.floats(img);
        Voxels.noNaN(name(), img, v);
        int n = channelWise ? Voxels.channelSize(img) : v.length;
        for (int from = 0; from < v.length; from += n) {
            float aMin = Voxels.percentile(v, from, from + n, lower), aMax = Voxels.percentile(v, from, from + n, upper);
            ScaleIntensityRange.scale(v, from, from + n, aMin, aMax, aMax - aMin, lo, hi, clip);
        }
        return Voxels.out(img, v, dtype);
    }
}
