package dev.axial.transforms.intensity;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.TransformException;

import java.util.Arrays;

/**
 * The voxel arithmetic the intensity transforms share. MONAI computes these on float32 torch tensors, so values are
 * handled as {@code float[]} with float arithmetic where torch uses it (a Python scalar meets a float32 tensor as a
 * float), which keeps results within an ulp or two of MONAI's.
 * <p>On a GPU image the host loops here would be one explicit host round trip per transform: {@link #floats} copies
 * the values to the host, {@link #out} copies the result back onto the input's device. Only the k-space transforms
 * (GibbsNoise, KSpaceSpikeNoise and their random forms: FFTs) still take that path on a GPU, as does Gaussian
 * filtering of more than 3 spatial dimensions (MONAI's conv-based filter has at most 3). Every other intensity transform runs float32 tensor ops on the image's device
 * ({@link #onDevice}; device sorts, bincount/searchsorted and cuDNN convolutions included): only its few
 * statistics (min/max, mean/std, percentiles or a histogram, per part) and what is drawn on the host (noise, a bias
 * field, a mask's selection) cross over.
 */
final class Voxels {
    private Voxels() {}

    /** A channel-first image ({@code C, spatial...}) or a TransformException naming the transform and the shape. */
    static void check(String transform, MetaTensor img) {
        long[] s = img.shape();
        if (s.length < 2)
            throw new TransformException(transform + ": needs a channel-first image (C, spatial...), got shape " + Arrays.toString(s));
        if (img.array().numel() > Integer.MAX_VALUE - 8)
            throw new TransformException(transform + ": image too large for one Java array, shape " + Arrays.toString(s));
    }

    /** The values as float (any dtype, any device). */
    static float[] floats(MetaTensor img) { return img.array().toFloatArray(); }

    /** Refuses NaN where MONAI would silently turn the whole image (or channel) into NaN through a statistic. */
    static void noNaN(String transform, MetaTensor img, float[] v) {
        for (float x : v)
            if (Float.isNaN(x)) throw nan(transform, img);
    }

    static TransformException nan(String transform, MetaTensor img) {
        return new TransformException(transform + ": the image holds NaN (shape " + Arrays.toString(img.shape())
                + "); its statistics (min/max, mean/std, percentiles or histogram) would be NaN");
    }

    // ---- the same float32 arithmetic as tensor ops where the image lives (GPU images stay on the GPU) ----------

    /** True when the image is on a device other than the CPU: the transforms that have a tensor-op path take it. */
    static boolean onDevice(MetaTensor img) { return !img.device().isCpu(); }

    /** The image as float32, one row per part ({@code parts} = 1 or the channel count), on its device. */
    static Tensor rows(MetaTensor img, int parts) { return img.array().to(DType.FLOAT32).reshape(parts, -1); }

    /** {@code v} (one value per part) as float32 shaped to broadcast against the image's {@code (C, spatial...)}. */
    static Tensor perPart(MetaTensor img, float[] v) {
        long[] shape = new long[img.shape().length];
        Arrays.fill(shape, 1);
        shape[0] = v.length;
        return Tensor.of(v, shape).to(img.device());
    }

    /** {@code t} (the image's shape) converted as {@link #out(MetaTensor, float[], DType)} does, kept past {@code s}. */
    static MetaTensor out(dev.axial.tensor.Scope s, MetaTensor img, Tensor t, DType dtype) {
        return img.withArray(s.keep(t.to(dtype == null ? img.dtype() : dtype).contiguous()));
    }

    /** {@code img} with new values {@code v} (same shape), converted to {@code dtype} (null: the input's dtype). */
    static MetaTensor out(MetaTensor img, float[] v, DType dtype) {
        Tensor t = Tensor.of(v, img.shape());
        DType dt = dtype == null ? img.dtype() : dtype;
        if (dt != DType.FLOAT32) t = t.to(dt);
        if (!img.device().equals(t.device())) t = t.to(img.device());
        return img.withArray(t);
    }

    /**
     * Per row of float32 {@code rows} ({@code parts, n}, any device), over the voxels where {@code mask} (bool, same
     * shape; null: all) holds: {mean, std, count}, the sums in float64 on the device, mean and std rounded to float as
     * {@link #mean} and {@link #std} round them (population std unless {@code unbiased}); only these cross to the host.
     */
    static double[][] meanStd(Tensor rows, Tensor mask, boolean unbiased) {
        try (dev.axial.tensor.Scope s = dev.axial.tensor.Scope.open()) {
            Tensor r64 = rows.to(DType.FLOAT64), w = mask == null ? null : mask.to(DType.FLOAT64);
            int parts = (int) rows.size(0);
            double[] count = new double[parts];
            if (w == null) Arrays.fill(count, rows.size(1));
            else count = w.sum(1).toDoubleArray();
            Tensor mean = (w == null ? r64 : r64.mul(w)).sum(new int[] {1}, true).div(Tensor.of(count, parts, 1).to(rows.device()));
            Tensor sq = r64.sub(mean).square();
            double[] m = mean.toDoubleArray(), ss = (w == null ? sq : sq.mul(w)).sum(1).toDoubleArray();
            double[][] out = new double[parts][];
            for (int p = 0; p < parts; p++)
                out[p] = new double[] {(float) m[p], (float) Math.sqrt(ss[p] / (unbiased ? count[p] - 1 : count[p])), count[p]};
            return out;
        }
    }

    /** Values per channel. */
    static int channelSize(MetaTensor img) { return (int) (img.array().numel() / img.shape()[0]); }

    static int channels(MetaTensor img) { return (int) img.shape()[0]; }

    static float min(float[] v, int from, int to) {
        float m = Float.POSITIVE_INFINITY;
        for (int i = from; i < to; i++) if (v[i] < m) m = v[i];
        return m;
    }

    static float max(float[] v, int from, int to) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) if (v[i] > m) m = v[i];
        return m;
    }

    /** Mean in float64, rounded to float (torch's float32 mean, within an ulp). */
    static double mean(float[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += v[i];
        return (float) (s / (to - from));
    }

    /** Standard deviation (population when !unbiased), float64 two-pass, rounded to float as torch's float32 std. */
    static double std(float[] v, int from, int to, boolean unbiased) {
        int n = to - from;
        double m = 0;
        for (int i = from; i < to; i++) m += v[i];
        m /= n;
        double ss = 0;
        for (int i = from; i < to; i++) ss += (v[i] - m) * (v[i] - m);
        return (float) Math.sqrt(ss / (unbiased ? n - 1 : n));
    }

    /** MONAI hands a tensor of more elements than this to numpy.percentile (pytorch#64947), a smaller one to torch.quantile. */
    static final int NUMPY_ABOVE = 1_000_000;

    /**
     * MONAI's percentile of {@code v[from, to)} (one call of MONAI's {@code percentile}: the image, or a channel with
     * channel_wise): up to {@link #NUMPY_ABOVE} values torch.quantile, linear interpolation in float32 ({@code q/100}
     * as float, rank {@code q*(n-1)} as float, torch's lerp); above, numpy.percentile ({@link #numpyRank},
     * {@link #numpyLerp}). Bit for bit either way.
     */
    static float percentile(float[] v, int from, int to, double q) {
        float[] s = Arrays.copyOfRange(v, from, to);
        if (s.length > NUMPY_ABOVE) {
            double rank = numpyRank(s.length, q);
            int lo = (int) rank, hi = Math.min(lo + 1, s.length - 1);
            float a = select(s, lo), b = hi == lo ? a : min(s, lo + 1, s.length);
            return numpyLerp(a, b, rank - lo);
        }
        float rank = (float) (q / 100.0) * (float) (s.length - 1);
        int lo = (int) rank, hi = (int) Math.ceil(rank);
        float a = select(s, lo), b = hi == lo ? a : min(s, lo + 1, s.length);
        float w = rank - lo;
        return Math.abs(w) < 0.5f ? a + w * (b - a) : b - (b - a) * (1 - w);
    }

    /** numpy.percentile's (linear) virtual index of {@code q} (in [0, 100]) among {@code n} values, in float64. */
    static double numpyRank(long n, double q) { return (n - 1) * (q / 100.0); }

    /**
     * numpy's {@code _lerp} of float32 neighbours {@code a <= b} with a float64 weight: {@code b - a} in float32, the
     * rest in float64 (float32 scalars meet the float64 weight), rounded to float32 as MONAI converts back.
     */
    static float numpyLerp(float a, float b, double w) {
        float d = b - a;
        return (float) (w < 0.5 ? a + d * w : b - d * (1 - w));
    }

    /**
     * The percentiles {@code qs} (each in [0, 100]) of each of {@code parts} rows of the image (1: the whole image, or
     * a channel each) computed where the image lives, as {@link #percentile} (the same numbers): rows up to
     * {@link #NUMPY_ABOVE} values by the tensor core's quantile (a device sort; the same float32 rank and lerp),
     * longer ones by a device sort and numpy's float64 rank and lerp on the gathered neighbours. The result is
     * {@code [q][part]}; only these few values reach the host. A row holding NaN is refused as {@link #noNaN} does.
     */
    static float[][] percentiles(String transform, MetaTensor img, int parts, double... qs) {
        long n = img.array().numel() / parts;
        float[][] out = new float[qs.length][parts];
        try (dev.axial.tensor.Scope s = dev.axial.tensor.Scope.open()) {
            Tensor rows = rows(img, parts);
            if (n <= NUMPY_ABOVE) {
                float[] q = new float[qs.length];
                for (int i = 0; i < q.length; i++) q[i] = (float) (qs[i] / 100.0);
                float[] v = rows.quantile(Tensor.of(q, q.length).to(img.device()), 1, false, "linear").toFloatArray();
                for (int i = 0; i < qs.length; i++)
                    for (int p = 0; p < parts; p++) out[i][p] = v[i * parts + p];
            } else {
                // per q its two neighbours, then the last value (NaN sorts last)
                long[] at = new long[2 * qs.length + 1];
                for (int i = 0; i < qs.length; i++) {
                    at[2 * i] = (long) numpyRank(n, qs[i]);
                    at[2 * i + 1] = Math.min(at[2 * i] + 1, n - 1);
                }
                at[at.length - 1] = n - 1;
                Tensor sorted = rows.sort(1).values();
                float[] v = sorted.indexSelect(1, Tensor.of(at, at.length).to(img.device())).toFloatArray();
                for (int p = 0; p < parts; p++) {
                    int row = p * at.length;
                    for (int i = 0; i < qs.length; i++)
                        out[i][p] = Float.isNaN(v[row + at.length - 1]) ? Float.NaN
                                : numpyLerp(v[row + 2 * i], v[row + 2 * i + 1], numpyRank(n, qs[i]) - at[2 * i]);
                }
            }
        }
        for (float[] row : out)
            for (float x : row) if (Float.isNaN(x)) throw nan(transform, img);
        return out;
    }

    /** The k-th smallest of {@code s} (reordered: smaller ones before k, larger after), in expected linear time. */
    static float select(float[] s, int k) {
        int lo = 0, hi = s.length - 1;
        while (hi - lo > 16) {
            int mid = (lo + hi) >>> 1;
            // median of three as the pivot
            if (s[mid] < s[lo]) swap(s, mid, lo);
            if (s[hi] < s[lo]) swap(s, hi, lo);
            if (s[hi] < s[mid]) swap(s, hi, mid);
            float pivot = s[mid];
            int i = lo, j = hi;
            while (i <= j) {
                while (s[i] < pivot) i++;
                while (s[j] > pivot) j--;
                if (i <= j) swap(s, i++, j--);
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return s[k];
        }
        Arrays.sort(s, lo, hi + 1);
        return s[k];
    }

    private static void swap(float[] s, int i, int j) {
        float t = s[i];
        s[i] = s[j];
        s[j] = t;
    }

    /** torch.nn.functional.softplus (beta 1, threshold 20) of a float. */
    static float softplus(float x) { return x > 20f ? x : (float) Math.log1p(Math.exp(x)); }
}
