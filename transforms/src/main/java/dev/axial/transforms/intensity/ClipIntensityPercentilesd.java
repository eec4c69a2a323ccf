package dev.axial.transforms.intensity;

/**
 * MONAI's {@code ClipIntensityPercentilesd}: {@link ClipIntensityPercentiles} on each key; configure it through {@link #transform()} or pass one.
 *
 * <pre>{@code
 * var t = new ClipIntensityPercentilesd(new ClipIntensityPercentiles(1.0, 99.0), "image", "label");
 * }</pre>
 */
public class ClipIntensityPercentilesd extends IntensityDict<ClipIntensityPercentiles> {
    public ClipIntensityPercentilesd(Double lower, Double upper, String key) { super(new ClipIntensityPercentiles(lower, upper), key); }

    public ClipIntensityPercentilesd(ClipIntensityPercentiles transform, String... keys) { super(transform, keys); }
}
