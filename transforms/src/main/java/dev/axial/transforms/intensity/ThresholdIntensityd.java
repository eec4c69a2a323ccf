package dev.axial.transforms.intensity;

/**
 * MONAI's {@code ThresholdIntensityd}: {@link ThresholdIntensity} on each key; configure it through {@link #transform()} or pass one.
 *
 * <pre>{@code
 * var t = new ThresholdIntensityd(new ThresholdIntensity(10), "image", "label");
 * }</pre>
 */
public class ThresholdIntensityd extends IntensityDict<ThresholdIntensity> {
    public ThresholdIntensityd(double threshold, String key) { super(new ThresholdIntensity(threshold), key); }

    public ThresholdIntensityd(ThresholdIntensity transform, String... keys) { super(transform, keys); }
}
