package dev.axial.transforms.intensity;

/**
 * MONAI's {@code RandRicianNoised(keys, prob, ...)}: {@link RandRicianNoise} (its own prob is not used) on each key, drawn as MONAI's
 * dictionary form draws (see {@link RandomIntensityd}); each key draws its own noise (MONAI's RandRicianNoised randomizes per key).
 *
 * <pre>{@code
 * var t = new RandRicianNoised(new RandRicianNoise(), 0.5, "image", "label").setRandomState(0);
 * }</pre>
 */
public class RandRicianNoised extends RandomIntensityd<float[][], RandRicianNoise> {
    public RandRicianNoised(RandRicianNoise transform, double prob, String... keys) { super(transform, prob, true, keys); }
}
