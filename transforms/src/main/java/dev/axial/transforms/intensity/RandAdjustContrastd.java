package dev.axial.transforms.intensity;

/**
 * MONAI's {@code RandAdjustContrastd(keys, prob, ...)}: {@link RandAdjustContrast} (its own prob is not used) on each key, drawn as MONAI's
 * dictionary form draws (see {@link RandomIntensityd}); one draw, from the first present key, serves every key.
 *
 * <pre>{@code
 * var t = new RandAdjustContrastd(new RandAdjustContrast(), 0.5, "image", "label").setRandomState(0);
 * }</pre>
 */
public class RandAdjustContrastd extends RandomIntensityd<Double, RandAdjustContrast> {
    public RandAdjustContrastd(RandAdjustContrast transform, double prob, String... keys) { super(transform, prob, false, keys); }
}
