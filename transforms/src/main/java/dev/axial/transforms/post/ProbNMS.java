package dev.axial.transforms.post;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.TransformBase;
import dev.axial.transforms.intensity.GaussianFilter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * MONAI's {@code ProbNMS}: on a probability map {@code (H[, W, ...])} (no channel dim) repeatedly takes the
 * highest value (the first in row-major order on ties) while it is above {@code probThreshold}, reports
 * {@code [prob, i0, i1, ...]} and zeroes the box {@code [i - box // 2, i + box - box // 2)} around it.
 *
 * <p>{@code sigma != 0} smooths first with MONAI's GaussianFilter, fed as MONAI 1.5 feeds it: the map itself,
 * read as {@code (batch, channel, spatial...)}. So a 2-D map is not smoothed at all, and a 3-D map
 * {@code (D, H, W)} is smoothed along its last axis only, with the first sigma; in general axis {@code a >= 2}
 * is smoothed with {@code sigma[a - 2]}. This is MONAI's actual output (checked against it), not the documented
 * intent. The smoothed map is float32 (sums in float64, within a few ulps of torch's conv).
 *
 * <pre>{@code
 * List<double[]> peaks = new ProbNMS().spatialDims(2).probThreshold(0.5).boxSize(48).apply(probMap);
 * }</pre>
 */
public class ProbNMS extends TransformBase {
    private int spatialDims = 2;
    private double[] sigma = {0};
    private double probThreshold = 0.5;
    private long[] boxSize = {48};

    /** MONAI's spatial_dims (default 2): the rank of the map. */
    public ProbNMS spatialDims(int n) {
        if (n < 1) throw new IllegalArgumentException(name() + ": spatial_dims must be positive, got " + n);
        this.spatialDims = n;
        return this;
    }

    /** MONAI's sigma: one for every dim or one per dim (default 0: no smoothing). */
    public ProbNMS sigma(double... sigma) {
        if (sigma.length == 0) throw new IllegalArgumentException(name() + ": sigma is empty");
        this.sigma = sigma.clone();
        return this;
    }

    /** MONAI's prob_threshold (default 0.5, at least 0). */
    public ProbNMS probThreshold(double t) {
        if (!(t >= 0)) throw new IllegalArgumentException(name() + ": prob_threshold should be no less than 0.0, got " + t);
        this.probThreshold = t;
        return this;
    }

    /** MONAI's box_size: one size for every dim or one per dim (default 48, each at least 1). */
    public ProbNMS boxSize(long... box) {
        if (box.length == 0) throw new IllegalArgumentException(name() + ": box_size is empty");
        for (long b : box) if (b <= 0) throw new IllegalArgumentException(name() + ": box_size should be larger than 0, got " + Arrays.toString(box));
        this.boxSize = box.clone();
        return this;
    }

    private boolean smooths() {
        for (double s : sigma) if (s != 0) return true;
        return false;
    }

    /** The selected peaks of {@code probMap}, highest first: {@code [prob, i0, i1, ...]} each. */
    public List<double[]> apply(Tensor probMap) {
        long[] shape = probMap.shape();
        if (shape.length != spatialDims)
            throw error("needs a probability map of " + spatialDims + " spatial dims (no channel dim), got shape " + Arrays.toString(shape));
        if (boxSize.length != 1 && boxSize.length != spatialDims)
            throw error("the sequence length of box_size " + Arrays.toString(boxSize) + " should be the same as spatial_dims " + spatialDims);
        int n = shape.length;
        double[] v;
        if (smooths()) {
            double[] sig = GaussianFilter.perDim(name(), sigma, spatialDims);
            float[] f = probMap.toFloatArray();
            if (n > 2) {
                long[] asBatch = new long[n - 1];
                asBatch[0] = shape[0] * shape[1];
                System.arraycopy(shape, 2, asBatch, 1, n - 2);
                GaussianFilter.smooth(f, asBatch, Arrays.copyOf(sig, n - 2));
            }
            v = new double[f.length];
            for (int i = 0; i < f.length; i++) v[i] = f[i];
        } else v = probMap.toDoubleArray();
        for (double x : v) if (Double.isNaN(x)) throw error("the probability map holds NaN, shape " + Arrays.toString(shape));
        long[] strides = new long[n];
        strides[n - 1] = 1;
        for (int d = n - 2; d >= 0; d--) strides[d] = strides[d + 1] * shape[d + 1];
        List<double[]> out = new ArrayList<>();
        while (true) {
            int best = -1;
            for (int i = 0; i < v.length; i++) if (best < 0 || v[i] > v[best]) best = i;
            if (best < 0 || !(v[best] > probThreshold)) break;
            double[] peak = new double[n + 1];
            peak[0] = v[best];
            long[] lo = new long[n], hi = new long[n];
            for (int d = 0; d < n; d++) {
                long idx = (best / strides[d]) % shape[d], box = boxSize[boxSize.length == 1 ? 0 : d];
                peak[d + 1] = idx;
                lo[d] = Math.max(idx - box / 2, 0);
                hi[d] = Math.min(idx + box - box / 2, shape[d]);
            }
            out.add(peak);
            zero(v, strides, lo, hi, 0, 0);
        }
        return out;
    }

    private static void zero(double[] v, long[] strides, long[] lo, long[] hi, int d, long base) {
        for (long i = lo[d]; i < hi[d]; i++) {
            long at = base + i * strides[d];
            if (d == strides.length - 1) v[(int) at] = 0;
            else zero(v, strides, lo, hi, d + 1, at);
        }
    }

    @Override public Object apply(Object data, RandomState rs) {
        List<Object> mapped = mapList(data, rs);
        if (mapped != null) return mapped;
        if (data instanceof MetaTensor m) return apply(m.array());
        if (data instanceof Tensor t) return apply(t);
        throw error("needs a Tensor or a MetaTensor, got " + (data == null ? "null" : data.getClass().getSimpleName()));
    }
}
