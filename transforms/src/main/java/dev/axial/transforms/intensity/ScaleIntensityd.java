package dev.axial.transforms.intensity;

/**
 * MONAI's {@code ScaleIntensityd}: {@link ScaleIntensity} on each key; configure it through {@link #transform()}.
 *
 * <pre>{@code
 * var t = new ScaleIntensityd("image");
 * }</pre>
 */
public class ScaleIntensityd extends IntensityDict<ScaleIntensity> {
    public ScaleIntensityd(String... keys) { super(new ScaleIntensity(), keys); }

    public ScaleIntensityd(ScaleIntensity transform, String... keys) { super(transform, keys); }
}
