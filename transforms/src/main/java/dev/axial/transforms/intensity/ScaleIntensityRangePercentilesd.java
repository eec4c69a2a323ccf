package dev.axial.transforms.intensity;

/**
 * MONAI's {@code ScaleIntensityRangePercentilesd}: {@link ScaleIntensityRangePercentiles} on each key; configure it through {@link #transform()} or pass one.
 *
 * <pre>{@code
 * var t = new ScaleIntensityRangePercentilesd(new ScaleIntensityRangePercentiles(5, 95, 0.0, 1.0), "image", "label");
 * }</pre>
 */
public class ScaleIntensityRangePercentilesd extends IntensityDict<ScaleIntensityRangePercentiles> {
    public ScaleIntensityRangePercentilesd(double lower, double upper, Double bMin, Double bMax, String key) { super(new ScaleIntensityRangePercentiles(lower, upper, bMin, bMax), key); }

    public ScaleIntensityRangePercentilesd(ScaleIntensityRangePercentiles transform, String... keys) { super(transform, keys); }
}
