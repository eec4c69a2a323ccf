package dev.axial.transforms.intensity;

/**
 * MONAI's {@code ScaleIntensityRanged}: {@link ScaleIntensityRange} on each key; configure it through {@link #transform()} or pass one.
 *
 * <pre>{@code
 * var t = new ScaleIntensityRanged(new ScaleIntensityRange(-57, 164).bMin(0.0).bMax(1.0).clip(true), "image", "label");
 * }</pre>
 */
public class ScaleIntensityRanged extends IntensityDict<ScaleIntensityRange> {
    public ScaleIntensityRanged(double aMin, double aMax, String key) { super(new ScaleIntensityRange(aMin, aMax), key); }

    public ScaleIntensityRanged(ScaleIntensityRange transform, String... keys) { super(transform, keys); }
}
