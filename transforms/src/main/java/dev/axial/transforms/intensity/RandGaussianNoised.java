package dev.axial.transforms.intensity;

/**
 * MONAI's {@code RandGaussianNoised(keys, prob, ...)}: {@link RandGaussianNoise} (its own prob is not used) on each key, drawn as MONAI's
 * dictionary form draws (see {@link RandomIntensityd}); one draw, from the first present key, serves every key.
 *
 * <pre>{@code
 * var t = new RandGaussianNoised(new RandGaussianNoise(), 0.5, "image", "label").setRandomState(0);
 * }</pre>
 */
public class RandGaussianNoised extends RandomIntensityd<float[], RandGaussianNoise> {
    public RandGaussianNoised(RandGaussianNoise transform, double prob, String... keys) { super(transform, prob, false, keys); }
}
