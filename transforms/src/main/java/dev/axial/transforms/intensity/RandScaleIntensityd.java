package dev.axial.transforms.intensity;

/**
 * MONAI's {@code RandScaleIntensityd(keys, prob, ...)}: {@link RandScaleIntensity} (its own prob is not used) on each key, drawn as MONAI's
 * dictionary form draws (see {@link RandomIntensityd}); one draw, from the first present key, serves every key.
 *
 * <pre>{@code
 * var t = new RandScaleIntensityd(new RandScaleIntensity(0.5), 0.5, "image", "label").setRandomState(0);
 * }</pre>
 */
public class RandScaleIntensityd extends RandomIntensityd<double[], RandScaleIntensity> {
    public RandScaleIntensityd(RandScaleIntensity transform, double prob, String... keys) { super(transform, prob, false, keys); }
}
