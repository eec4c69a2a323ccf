package dev.axial.transforms.intensity;

/**
 * MONAI's {@code ShiftIntensityd}: {@link ShiftIntensity} on each key; configure it through {@link #transform()} or pass one.
 *
 * <pre>{@code
 * var t = new ShiftIntensityd(new ShiftIntensity(2.5), "image", "label");
 * }</pre>
 */
public class ShiftIntensityd extends IntensityDict<ShiftIntensity> {
    public ShiftIntensityd(double offset, String key) { super(new ShiftIntensity(offset), key); }

    public ShiftIntensityd(ShiftIntensity transform, String... keys) { super(transform, keys); }
}
