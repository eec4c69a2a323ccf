package dev.axial.transforms.intensity;

/**
 * MONAI's {@code RandGibbsNoised(keys, prob, alpha)}: {@link RandGibbsNoise} (its own prob is not used) on each key,
 * drawn as MONAI's dictionary form draws (see {@link RandomIntensityd}); one alpha serves every key.
 *
 * <pre>{@code
 * var t = new RandGibbsNoised(new RandGibbsNoise().alpha(0.5), 0.3, "image");
 * }</pre>
 */
public class RandGibbsNoised extends RandomIntensityd<Double, RandGibbsNoise> {
    public RandGibbsNoised(RandGibbsNoise transform, double prob, String... keys) { super(transform, prob, false, keys); }
}
