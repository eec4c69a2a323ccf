package dev.axial.transforms.intensity;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;

/**
 * MONAI's {@code RandShiftIntensity(offsets, prob=0.1, channel_wise=False)}: {@link ShiftIntensity} by
 * {@code U(lo, hi)} ({@code f -> (-f, f)}), one draw per channel with {@code channelWise}.
 *
 * <pre>{@code
 * var t = new RandShiftIntensity(0.1).prob(0.5);
 * }</pre>
 */
public class RandShiftIntensity extends RandomIntensity<double[]> {
    private final double[] offsets;
    private boolean channelWise;

    public RandShiftIntensity(double offsets) { this(symmetric(offsets)); }

    public RandShiftIntensity(double lo, double hi) { this(range(lo, hi)); }

    private RandShiftIntensity(double[] offsets) {
        super(0.1);
        this.offsets = offsets;
    }

    public RandShiftIntensity prob(double prob) { this.prob = checkProb(prob); return this; }

    public RandShiftIntensity channelWise(boolean channelWise) { this.channelWise = channelWise; return this; }

    @Override public double[] randomize(RandomState rs, MetaTensor img) {
        double[] o = new double[channelWise ? Voxels.channels(img) : 1];
        for (int i = 0; i < o.length; i++) o[i] = rs.uniform(offsets[0], offsets[1]);
        return o;
    }

    @Override public MetaTensor apply(MetaTensor img, double[] offsets) {
        if (offsets.length != 1 && offsets.length != Voxels.channels(img))
            throw error(offsets.length + " offsets for an image of shape " + java.util.Arrays.toString(img.shape()));
        return ShiftIntensity.shift(img, offsets);
    }
}
