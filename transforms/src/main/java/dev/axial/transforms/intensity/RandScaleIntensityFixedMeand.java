package dev.axial.transforms.intensity;

/**
 * MONAI's {@code RandScaleIntensityFixedMeand(keys, prob, ...)}: {@link RandScaleIntensityFixedMean} (its own prob is not used) on each key, drawn as MONAI's
 * dictionary form draws (see {@link RandomIntensityd}); one draw serves every key.
 *
 * <pre>{@code
 * var t = new RandScaleIntensityFixedMeand(new RandScaleIntensityFixedMean(0.2), 0.3, "image");
 * }</pre>
 */
public class RandScaleIntensityFixedMeand extends RandomIntensityd<Double, RandScaleIntensityFixedMean> {
    public RandScaleIntensityFixedMeand(RandScaleIntensityFixedMean transform, double prob, String... keys) { super(transform, prob, false, keys); }
}
