package dev.axial.transforms.intensity;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;

/**
 * MONAI's {@code NormalizeIntensity(subtrahend=None, divisor=None, nonzero=False, channel_wise=False,
 * dtype=float32)}: {@code (x - subtrahend) / divisor}, with the image's mean and population std where not given (a
 * zero divisor becomes 1); {@code nonzero} computes and changes only the voxels {@code != 0} (an all-zero image is
 * returned as it is); {@code channelWise} does each channel alone and takes one subtrahend/divisor per channel.
 * An image holding NaN is refused when its statistics are needed (MONAI would return NaN everywhere).
 *
 * <pre>{@code
 * MetaTensor z = new NormalizeIntensity().nonzero(true).channelWise(true).apply(mr);
 * }</pre>
 */
public class NormalizeIntensity extends ArrayTransform {
    private double[] subtrahend, divisor;
    private boolean nonzero, channelWise;
    private DType dtype = DType.FLOAT32;

    /** One value, or one per channel with channelWise. */
    public NormalizeIntensity subtrahend(double... subtrahend) { this.subtrahend = subtrahend; return this; }

    /** One value, or one per channel with channelWise. */
    public NormalizeIntensity divisor(double... divisor) { this.divisor = divisor; return this; }

    public NormalizeIntensity nonzero(boolean nonzero) { this.nonzero = nonzero; return this; }

    public NormalizeIntensity channelWise(boolean channelWise) { this.channelWise = channelWise; return this; }

    /** Output dtype (default float32; null keeps the input's). */
    public NormalizeIntensity dtype(DType dtype) { this.dtype = dtype; return this; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        Voxels.check(name(), img);
        int c = Voxels.channels(img);
        int parts = channelWise ? c : 1;
        for (double[] given : new double[][] {subtrahend, divisor})
            if (given != null && given.length != parts)
                throw error((channelWise ? "img has " + c + " channels, but" : "without channelWise") + " subtrahend/divisor has "
                        + given.length + " components (needs " + parts + "); shape " + java.util.Arrays.toString(img.shape()));
        if (Voxels.onDevice(img)) return onDevice(img, parts);
        float[] v = Voxels.floats(img);
        if (subtrahend == null || divisor == null) Voxels.noNaN(name(), img, v);
        int n = v.length / parts;
        for (int p = 0; p < parts; p++)
            normalize(v, p * n, (p + 1) * n, subtrahend == null ? null : subtrahend[p], divisor == null ? null : divisor[p]);
        return Voxels.out(img, v, dtype);
    }

    /**
     * {@link #normalize} for every part at once as tensor ops on the image's device: mean and population std per part
     * in float64 there (over the non-zero voxels with {@code nonzero}), rounded to float as the loop rounds them.
     */
    private MetaTensor onDevice(MetaTensor img, int parts) {
        try (Scope s = Scope.open()) {
            Tensor r = Voxels.rows(img, parts), r64 = r.to(DType.FLOAT64);
            Tensor mask = nonzero ? r.ne(0) : null, w = mask == null ? null : mask.to(DType.FLOAT64);
            double[] count = w == null ? null : w.sum(1).toDoubleArray();
            Tensor mean = (w == null ? r64 : r64.mul(w)).sum(new int[]{1}, true).div(w == null ? Tensor.scalar(DType.FLOAT64, img.device(), r.size(1)) : w.sum(new int[]{1}, true));
            Tensor sq = r64.sub(mean).square();
            double[] m = mean.toDoubleArray(), sd = (w == null ? sq : sq.mul(w)).sum(1).toDoubleArray();
            float[] sub = new float[parts], div = new float[parts];
            for (int p = 0; p < parts; p++) {
                double n = count == null ? r.size(1) : count[p];
                if (n == 0) { div[p] = 1f; continue; }   // no non-zero voxel: the part stays as it is
                if ((subtrahend == null || divisor == null) && Double.isNaN(m[p])) throw Voxels.nan(name(), img);
                sub[p] = (float) (subtrahend != null ? subtrahend[p] : (float) m[p]);
                double d = divisor != null ? divisor[p] : (float) Math.sqrt(sd[p] / n);
                div[p] = d == 0.0 ? 1f : (float) d;
            }
            Tensor x = img.array().to(DType.FLOAT32), y = x.sub(Voxels.perPart(img, sub)).div(Voxels.perPart(img, div));
            return Voxels.out(s, img, mask == null ? y : y.where(mask.reshape(x.shape()), x), dtype);
        }
    }

    private void normalize(float[] v, int from, int to, Double sub, Double div) {
        float[] x = v;
        int lo = from, hi = to;
        int[] where = null;
        if (nonzero) {
            int k = 0;
            for (int i = from; i < to; i++) if (v[i] != 0) k++;
            if (k == 0) return;
            where = new int[k];
            x = new float[k];
            k = 0;
            for (int i = from; i < to; i++) if (v[i] != 0) { where[k] = i; x[k++] = v[i]; }
            lo = 0;
            hi = k;
        }
        float s = (float) (sub != null ? sub : Voxels.mean(x, lo, hi));
        double d = div != null ? div : Voxels.std(x, lo, hi, false);
        float df = d == 0.0 ? 1f : (float) d;
        for (int i = lo; i < hi; i++) {
            float r = (x[i] - s) / df;
            v[where == null ? i : where[i]] = r;
        }
    }
}
