package dev.axial.transforms.intensity;

/**
 * MONAI's {@code RandKSpaceSpikeNoised(keys, prob, intensity_range, channel_wise)}: {@link RandKSpaceSpikeNoise}
 * (its own prob is not used) on each key, drawn as MONAI's dictionary form draws (see {@link RandomIntensityd}); as
 * in MONAI, each key draws its own spikes.
 *
 * <pre>{@code
 * var t = new RandKSpaceSpikeNoised(new RandKSpaceSpikeNoise().intensityRange(11, 12), 0.3, "image");
 * }</pre>
 */
public class RandKSpaceSpikeNoised extends RandomIntensityd<RandKSpaceSpikeNoise.Spikes, RandKSpaceSpikeNoise> {
    public RandKSpaceSpikeNoised(RandKSpaceSpikeNoise transform, double prob, String... keys) { super(transform, prob, true, keys); }
}
