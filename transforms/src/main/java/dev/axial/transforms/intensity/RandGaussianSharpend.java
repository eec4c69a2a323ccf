package dev.axial.transforms.intensity;

/**
 * MONAI's {@code RandGaussianSharpend(keys, prob, ...)}: {@link RandGaussianSharpen} (its own prob is not used) on each key, drawn as MONAI's
 * dictionary form draws (see {@link RandomIntensityd}); one draw serves every key.
 *
 * <pre>{@code
 * var t = new RandGaussianSharpend(new RandGaussianSharpen(), 0.3, "image");
 * }</pre>
 */
public class RandGaussianSharpend extends RandomIntensityd<double[], RandGaussianSharpen> {
    public RandGaussianSharpend(RandGaussianSharpen transform, double prob, String... keys) { super(transform, prob, false, keys); }
}
