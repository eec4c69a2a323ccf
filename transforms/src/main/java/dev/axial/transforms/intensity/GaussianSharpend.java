package dev.axial.transforms.intensity;

/**
 * MONAI's {@code GaussianSharpend}: {@link GaussianSharpen} on each key; configure it through {@link #transform()}.
 *
 * <pre>{@code
 * var t = new GaussianSharpend("image");
 * }</pre>
 */
public class GaussianSharpend extends IntensityDict<GaussianSharpen> {
    public GaussianSharpend(String... keys) { super(new GaussianSharpen(), keys); }

    public GaussianSharpend(GaussianSharpen transform, String... keys) { super(transform, keys); }
}
