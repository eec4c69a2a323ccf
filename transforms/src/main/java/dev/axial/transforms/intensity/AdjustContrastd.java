package dev.axial.transforms.intensity;

/**
 * MONAI's {@code AdjustContrastd}: {@link AdjustContrast} on each key; configure it through {@link #transform()} or pass one.
 *
 * <pre>{@code
 * var t = new AdjustContrastd(new AdjustContrast(1.5), "image", "label");
 * }</pre>
 */
public class AdjustContrastd extends IntensityDict<AdjustContrast> {
    public AdjustContrastd(double gamma, String key) { super(new AdjustContrast(gamma), key); }

    public AdjustContrastd(AdjustContrast transform, String... keys) { super(transform, keys); }
}
