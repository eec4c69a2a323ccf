package dev.axial.transforms.intensity;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;

import java.util.Arrays;

/**
 * MONAI's {@code HistogramNormalize(num_bins=256, min=0, max=255, mask=None, dtype=float32)}: histogram equalisation
 * (MONAI's equalize_hist without scikit-image: numpy.histogram over the data range with float32 bin edges, bin
 * centres, the cumulative count rescaled to {@code [min, max]}, numpy.interp of every voxel), over the voxels where
 * {@code mask} is true if given; scikit-image's histogram, which MONAI prefers when installed, bins float images the
 * same way). An image holding NaN is refused (numpy.histogram raises there).
 *
 * <pre>{@code
 * MetaTensor eq = new HistogramNormalize().numBins(128).apply(xray);
 * }</pre>
 */
public class HistogramNormalize extends ArrayTransform {
    private int numBins = 256;
    private double min = 0, max = 255;
    private Tensor mask;
    private DType dtype = DType.FLOAT32;

    public HistogramNormalize numBins(int numBins) {
        if (numBins < 1) throw new IllegalArgumentException(name() + ": num_bins must be positive, got " + numBins);
        this.numBins = numBins;
        return this;
    }

    public HistogramNormalize min(double min) { this.min = min; return this; }

    public HistogramNormalize max(double max) { this.max = max; return this; }

    /** Only voxels where the mask is nonzero build the histogram (same shape as the image). */
    public HistogramNormalize mask(Tensor mask) { this.mask = mask; return this; }

    /** Output dtype (default float32; null keeps the input's). */
    public HistogramNormalize dtype(DType dtype) { this.dtype = dtype; return this; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) { return apply(img, (Tensor) null); }

    /** With a mask for this call (null: the configured one, or none). */
    public MetaTensor apply(MetaTensor img, Tensor mask) {
        Voxels.check(name(), img);
        float[] v = Voxels.floats(img);
        Voxels.noNaN(name(), img, v);
        Tensor m = mask != null ? mask : this.mask;
        float[] h = v;
        if (m != null) {
            if (!Arrays.equals(m.shape(), img.shape()))
                throw error("mask shape " + Arrays.toString(m.shape()) + " differs from image shape " + Arrays.toString(img.shape()));
            float[] mv = m.toFloatArray();
            int k = 0;
            for (float x : mv) if (x != 0) k++;
            h = new float[k];
            k = 0;
            for (int i = 0; i < v.length; i++) if (mv[i] != 0) h[k++] = v[i];
            if (k == 0) throw error("the mask selects no voxel; shape " + Arrays.toString(img.shape()));
        }
        // numpy.histogram: range from the data, float32 edges, the uniform-bin fast path with its edge corrections
        double first = Voxels.min(h, 0, h.length), last = Voxels.max(h, 0, h.length);
        if (first == last) { first -= 0.5; last += 0.5; }
        float[] edges = new float[numBins + 1];
        double step = (last - first) / numBins;
        for (int i = 0; i <= numBins; i++) edges[i] = (float) (i * step + first);
        edges[numBins] = (float) last;
        long[] hist = new long[numBins];
        float firstF = (float) first, norm = (float) (numBins / (last - first));
        for (float x : h) {
            if (!(x >= first && x <= last)) continue;
            int idx = (int) ((x - firstF) * norm);
            if (idx == numBins) idx--;
            if (x < edges[idx]) idx--;
            if (idx != numBins - 1 && x >= edges[idx + 1]) idx++;
            hist[idx]++;
        }
        float[] centres = new float[numBins], cum = new float[numBins];
        long c = 0;
        for (int i = 0; i < numBins; i++) {
            centres[i] = (edges[i] + edges[i + 1]) / 2f;
            c += hist[i];
            cum[i] = c;
        }
        ScaleIntensity.rescale(cum, 0, numBins, min, max);
        for (int i = 0; i < v.length; i++) v[i] = (float) interp(v[i], centres, cum);
        return Voxels.out(img, v, dtype);
    }

    /** numpy.interp in float64. */
    static double interp(double x, float[] xp, float[] fp) {
        int n = xp.length;
        if (x < xp[0]) return fp[0];
        if (x >= xp[n - 1]) return fp[n - 1];
        int lo = 0, hi = n - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (xp[mid] <= x) lo = mid; else hi = mid;
        }
        if (xp[lo] == x) return fp[lo];
        double slope = ((double) fp[lo + 1] - fp[lo]) / ((double) xp[lo + 1] - xp[lo]);
        return slope * (x - xp[lo]) + fp[lo];
    }
}
