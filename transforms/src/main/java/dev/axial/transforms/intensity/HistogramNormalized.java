package dev.axial.transforms.intensity;

/**
 * MONAI's {@code HistogramNormalized}: {@link HistogramNormalize} on each key; configure it through {@link #transform()}.
 *
 * <pre>{@code
 * var t = new HistogramNormalized("image");
 * }</pre>
 */
public class HistogramNormalized extends IntensityDict<HistogramNormalize> {
    public HistogramNormalized(String... keys) { super(new HistogramNormalize(), keys); }

    public HistogramNormalized(HistogramNormalize transform, String... keys) { super(transform, keys); }
}
