package dev.axial.transforms.intensity;

/**
 * MONAI's {@code RandBiasFieldd(keys, prob, ...)}: {@link RandBiasField} (its own prob is not used) on each key, drawn as MONAI's
 * dictionary form draws (see {@link RandomIntensityd}); one draw, from the first present key, serves every key.
 *
 * <pre>{@code
 * var t = new RandBiasFieldd(new RandBiasField(), 0.5, "image", "label").setRandomState(0);
 * }</pre>
 */
public class RandBiasFieldd extends RandomIntensityd<double[], RandBiasField> {
    public RandBiasFieldd(RandBiasField transform, double prob, String... keys) { super(transform, prob, false, keys); }
}
