package dev.axial.transforms.intensity;

/**
 * MONAI's {@code GaussianSmoothd}: {@link GaussianSmooth} on each key; configure it through {@link #transform()} or pass one.
 *
 * <pre>{@code
 * var t = new GaussianSmoothd(new GaussianSmooth(1.0), "image", "label");
 * }</pre>
 */
public class GaussianSmoothd extends IntensityDict<GaussianSmooth> {
    public GaussianSmoothd(double sigma, String key) { super(new GaussianSmooth(sigma), key); }

    public GaussianSmoothd(GaussianSmooth transform, String... keys) { super(transform, keys); }
}
