package dev.axial.transforms.intensity;

/**
 * MONAI's {@code RandStdShiftIntensityd(keys, prob, ...)}: {@link RandStdShiftIntensity} (its own prob is not used) on each key, drawn as MONAI's
 * dictionary form draws (see {@link RandomIntensityd}); one draw serves every key.
 *
 * <pre>{@code
 * var t = new RandStdShiftIntensityd(new RandStdShiftIntensity(0.2), 0.3, "image");
 * }</pre>
 */
public class RandStdShiftIntensityd extends RandomIntensityd<Double, RandStdShiftIntensity> {
    public RandStdShiftIntensityd(RandStdShiftIntensity transform, double prob, String... keys) { super(transform, prob, false, keys); }
}
