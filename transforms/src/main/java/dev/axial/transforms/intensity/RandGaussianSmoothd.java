package dev.axial.transforms.intensity;

/**
 * MONAI's {@code RandGaussianSmoothd(keys, prob, ...)}: {@link RandGaussianSmooth} (its own prob is not used) on each key, drawn as MONAI's
 * dictionary form draws (see {@link RandomIntensityd}); one draw, from the first present key, serves every key.
 *
 * <pre>{@code
 * var t = new RandGaussianSmoothd(new RandGaussianSmooth(), 0.5, "image", "label").setRandomState(0);
 * }</pre>
 */
public class RandGaussianSmoothd extends RandomIntensityd<double[], RandGaussianSmooth> {
    public RandGaussianSmoothd(RandGaussianSmooth transform, double prob, String... keys) { super(transform, prob, false, keys); }
}
