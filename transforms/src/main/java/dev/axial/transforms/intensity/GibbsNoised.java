package dev.axial.transforms.intensity;

/**
 * MONAI's {@code GibbsNoised(keys, alpha=0.1)}: {@link GibbsNoise} on each key.
 *
 * <pre>{@code
 * var t = new GibbsNoised(new GibbsNoise(0.3), "image");
 * }</pre>
 */
public class GibbsNoised extends IntensityDict<GibbsNoise> {
    public GibbsNoised(GibbsNoise transform, String... keys) { super(transform, keys); }
}
