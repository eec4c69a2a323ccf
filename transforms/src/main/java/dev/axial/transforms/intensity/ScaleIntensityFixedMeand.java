package dev.axial.transforms.intensity;

/**
 * MONAI's {@code ScaleIntensityFixedMeand}: {@link ScaleIntensityFixedMean} on each key; configure it through {@link #transform()} or pass one.
 *
 * <pre>{@code
 * var t = new ScaleIntensityFixedMeand(new ScaleIntensityFixedMean(0.2), "image");
 * }</pre>
 */
public class ScaleIntensityFixedMeand extends IntensityDict<ScaleIntensityFixedMean> {
    public ScaleIntensityFixedMeand(double factor, String key) { super(new ScaleIntensityFixedMean(factor), key); }

    public ScaleIntensityFixedMeand(ScaleIntensityFixedMean transform, String... keys) { super(transform, keys); }
}
