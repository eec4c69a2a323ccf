package dev.axial.transforms.intensity;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;

/**
 * MONAI's {@code RandScaleIntensity(factors, prob=0.1, channel_wise=False, dtype=float32)}: {@code x*(1+f)} with
 * {@code f = U(lo, hi)} ({@code f -> (-f, f)}), one draw per channel with {@code channelWise}. As MONAI, the output is
 * float32 even when the prob draw says no.
 *
 * <pre>{@code
 * var t = new RandScaleIntensity(0.1).prob(0.5);
 * }</pre>
 */
public class RandScaleIntensity extends RandomIntensity<double[]> {
    private final double[] factors;
    private boolean channelWise;
    private DType dtype = DType.FLOAT32;

    public RandScaleIntensity(double factors) { this(symmetric(factors)); }

    public RandScaleIntensity(double lo, double hi) { this(range(lo, hi)); }

    private RandScaleIntensity(double[] factors) {
        super(0.1);
        this.factors = factors;
    }

    public RandScaleIntensity prob(double prob) { this.prob = checkProb(prob); return this; }

    public RandScaleIntensity channelWise(boolean channelWise) { this.channelWise = channelWise; return this; }

    /** Output dtype (default float32; null keeps the input's). */
    public RandScaleIntensity dtype(DType dtype) { this.dtype = dtype; return this; }

    @Override public double[] randomize(RandomState rs, MetaTensor img) {
        double[] f = new double[channelWise ? Voxels.channels(img) : 1];
        for (int i = 0; i < f.length; i++) f[i] = rs.uniform(factors[0], factors[1]);
        return f;
    }

    @Override public MetaTensor apply(MetaTensor img, double[] f) {
        if (f.length != 1 && f.length != Voxels.channels(img))
            throw error(f.length + " factors for an image of shape " + java.util.Arrays.toString(img.shape()));
        if (Voxels.onDevice(img)) try (Scope s = Scope.open()) {
            return Voxels.out(s, img, img.array().to(DType.FLOAT32).mul(Voxels.perPart(img, ShiftIntensity.floats(f, 1))), dtype);
        }
        float[] v = Voxels.floats(img);
        int n = f.length == 1 ? v.length : Voxels.channelSize(img);
        for (int p = 0; p < f.length; p++) ScaleIntensity.scale(v, p * n, (p + 1) * n, f[p]);
        return Voxels.out(img, v, dtype);
    }

    @Override protected MetaTensor skipped(MetaTensor img) { return converted(img, dtype); }
}
