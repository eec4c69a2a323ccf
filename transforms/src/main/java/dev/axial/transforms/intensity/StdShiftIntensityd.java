package dev.axial.transforms.intensity;

/**
 * MONAI's {@code StdShiftIntensityd}: {@link StdShiftIntensity} on each key; configure it through {@link #transform()} or pass one.
 *
 * <pre>{@code
 * var t = new StdShiftIntensityd(new StdShiftIntensity(0.2), "image");
 * }</pre>
 */
public class StdShiftIntensityd extends IntensityDict<StdShiftIntensity> {
    public StdShiftIntensityd(double factor, String key) { super(new StdShiftIntensity(factor), key); }

    public StdShiftIntensityd(StdShiftIntensity transform, String... keys) { super(transform, keys); }
}
