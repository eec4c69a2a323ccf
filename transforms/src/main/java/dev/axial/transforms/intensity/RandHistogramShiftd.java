package dev.axial.transforms.intensity;

/**
 * MONAI's {@code RandHistogramShiftd(keys, prob, ...)}: {@link RandHistogramShift} (its own prob is not used) on each key, drawn as MONAI's
 * dictionary form draws (see {@link RandomIntensityd}); one draw, from the first present key, serves every key.
 *
 * <pre>{@code
 * var t = new RandHistogramShiftd(new RandHistogramShift(), 0.5, "image", "label").setRandomState(0);
 * }</pre>
 */
public class RandHistogramShiftd extends RandomIntensityd<double[][], RandHistogramShift> {
    public RandHistogramShiftd(RandHistogramShift transform, double prob, String... keys) { super(transform, prob, false, keys); }
}
