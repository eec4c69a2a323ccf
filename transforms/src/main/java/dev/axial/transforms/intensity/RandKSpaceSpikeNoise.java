package dev.axial.transforms.intensity;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;

/**
 * MONAI's {@code RandKSpaceSpikeNoise(prob=0.1, intensity_range=None, channel_wise=True)}: {@link KSpaceSpikeNoise}
 * at random locations. Channel-wise, each channel draws its own location ({@code randint(0, d)} per spatial dimension)
 * then its log-intensity {@code U(range)}; otherwise one location is drawn for all channels, then one intensity per
 * channel. The range is one {@code (a, b)} for all channels, one per channel, or by default
 * {@code (0.95 m, 1.1 m)} with {@code m} 2.5 times the channel's mean log-magnitude in k-space.
 * Params: per channel {c, x, y[, z]} locations and their intensities.
 *
 * <pre>{@code
 * var t = new RandKSpaceSpikeNoise().intensityRange(11, 12).prob(0.5);
 * }</pre>
 */
public class RandKSpaceSpikeNoise extends RandomIntensity<RandKSpaceSpikeNoise.Spikes> {
    /** The drawn spikes: one location (channel first) and one log-intensity per channel. */
    public record Spikes(int[][] loc, double[] intensity) {}

    private double[][] intensityRange;
    private boolean channelWise = true;

    public RandKSpaceSpikeNoise() { super(0.1); }

    public RandKSpaceSpikeNoise prob(double prob) { this.prob = checkProb(prob); return this; }

    /** One (low, high) for every channel. */
    public RandKSpaceSpikeNoise intensityRange(double low, double high) { intensityRange = new double[][] {{low, high}}; return this; }

    /** One (low, high) per channel (channelWise only, as MONAI). */
    public RandKSpaceSpikeNoise intensityRanges(double[]... perChannel) {
        if (!channelWise) throw new IllegalArgumentException(name() + ": per-channel intensity ranges need channel_wise");
        intensityRange = perChannel.clone();
        return this;
    }

    public RandKSpaceSpikeNoise channelWise(boolean channelWise) { this.channelWise = channelWise; return this; }

    @Override public Spikes randomize(RandomState rs, MetaTensor img) {
        long[] s = img.shape();
        int c = (int) s[0];
        double[][] ranges = ranges(img);
        int[][] loc = new int[c][];
        double[] k = new double[c];
        int[] spatial = null;
        for (int ch = 0; ch < c; ch++) {
            if (channelWise || spatial == null) {
                spatial = new int[s.length - 1];
                for (int d = 0; d < spatial.length; d++) spatial[d] = (int) rs.randint(0, s[d + 1]);
            }
            loc[ch] = new int[s.length];
            loc[ch][0] = ch;
            System.arraycopy(spatial, 0, loc[ch], 1, spatial.length);
            if (channelWise) k[ch] = rs.uniform(ranges[ch][0], ranges[ch][1]);
        }
        if (!channelWise) for (int ch = 0; ch < c; ch++) k[ch] = rs.uniform(ranges[ch][0], ranges[ch][1]);
        return new Spikes(loc, k);
    }

    private double[][] ranges(MetaTensor img) {
        long[] s = img.shape();
        int c = (int) s[0];
        if (intensityRange != null) {
            if (intensityRange.length == 1) {
                double[][] r = new double[c][];
                java.util.Arrays.fill(r, intensityRange[0]);
                return r;
            }
            if (intensityRange.length != c)
                throw error(intensityRange.length + " intensity ranges for " + c + " channels, shape " + java.util.Arrays.toString(s));
            return intensityRange;
        }
        float[] v = Voxels.floats(img);
        double[] re = new double[v.length], im = new double[v.length];
        for (int i = 0; i < v.length; i++) re[i] = v[i];
        Fourier.fftn(re, im, s, false);
        double[] m = KSpaceSpikeNoise.meanLogAbs(re, im, c);
        double[][] r = new double[c][];
        for (int ch = 0; ch < c; ch++) {
            float shifted = (float) m[ch] * 2.5f;
            r[ch] = new double[] {shifted * 0.95f, shifted * 1.1f};
        }
        return r;
    }

    @Override public MetaTensor apply(MetaTensor img, Spikes p) {
        return new KSpaceSpikeNoise(p.loc()).kIntensity(p.intensity()).apply(img);
    }
}
