package dev.axial.transforms.intensity;

/**
 * MONAI's {@code NormalizeIntensityd}: {@link NormalizeIntensity} on each key; configure it through {@link #transform()}.
 *
 * <pre>{@code
 * var t = new NormalizeIntensityd("image");
 * }</pre>
 */
public class NormalizeIntensityd extends IntensityDict<NormalizeIntensity> {
    public NormalizeIntensityd(String... keys) { super(new NormalizeIntensity(), keys); }

    public NormalizeIntensityd(NormalizeIntensity transform, String... keys) { super(transform, keys); }
}
