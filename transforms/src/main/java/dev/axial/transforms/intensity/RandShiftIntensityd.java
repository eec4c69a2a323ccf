package dev.axial.transforms.intensity;

/**
 * MONAI's {@code RandShiftIntensityd(keys, prob, ...)}: {@link RandShiftIntensity} (its own prob is not used) on each key, drawn as MONAI's
 * dictionary form draws (see {@link RandomIntensityd}); one draw, from the first present key, serves every key.
 *
 * <pre>{@code
 * var t = new RandShiftIntensityd(new RandShiftIntensity(5.0), 0.5, "image", "label").setRandomState(0);
 * }</pre>
 */
public class RandShiftIntensityd extends RandomIntensityd<double[], RandShiftIntensity> {
    public RandShiftIntensityd(RandShiftIntensity transform, double prob, String... keys) { super(transform, prob, false, keys); }
}
