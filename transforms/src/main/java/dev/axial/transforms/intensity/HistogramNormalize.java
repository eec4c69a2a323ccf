package dev.axial.transforms.intensity;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;

import java.util.Arrays;

/**
 * MONAI's {@code HistogramNormalize(num_bins=256, min=0, max=255, mask=None, dtype=float32)}: histogram equalisation
 * (MONAI's equalize_hist without scikit-image: numpy.histogram over the data range with float32 bin edges, bin
 * centres, the cumulative count rescaled to {@code [min, max]}, numpy.interp of every voxel), over the voxels where
 * {@code mask} is true if given; scikit-image's histogram, which MONAI prefers when installed, bins float images the
 * same way). An image holding NaN is refused (numpy.histogram raises there). An image on a GPU is equalised there
 * (device min/max, bincount, searchsorted; only the range and the histogram cross to the host).
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
        Tensor m = mask != null ? mask : this.mask;
        if (m != null && !Arrays.equals(m.shape(), img.shape()))
            throw error("mask shape " + Arrays.toString(m.shape()) + " differs from image shape " + Arrays.toString(img.shape()));
        if (Voxels.onDevice(img)) return onDevice(img, m);
        float[] v = Voxels.floats(img);
        Voxels.noNaN(name(), img, v);
        float[] h = v;
        if (m != null) {
            float[] mv = m.toFloatArray();
            int k = 0;
            for (float x : mv) if (x != 0) k++;
            h = new float[k];
            k = 0;
            for (int i = 0; i < v.length; i++) if (mv[i] != 0) h[k++] = v[i];
            if (k == 0) throw noVoxel(img);
        }
        double first = Voxels.min(h, 0, h.length), last = Voxels.max(h, 0, h.length);
        if (first == last) { first -= 0.5; last += 0.5; }
        float[] edges = edges(first, last);
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
        float[][] map = map(edges, hist);
        for (int i = 0; i < v.length; i++) v[i] = (float) interp(v[i], map[0], map[1]);
        return Voxels.out(img, v, dtype);
    }

    private dev.axial.transforms.TransformException noVoxel(MetaTensor img) {
        return error("the mask selects no voxel; shape " + Arrays.toString(img.shape()));
    }

    /** numpy.histogram's float32 bin edges over {@code [first, last]} (the last one exact). */
    private float[] edges(double first, double last) {
        float[] edges = new float[numBins + 1];
        double step = (last - first) / numBins;
        for (int i = 0; i <= numBins; i++) edges[i] = (float) (i * step + first);
        edges[numBins] = (float) last;
        return edges;
    }

    /** The bin centres and the cumulative counts rescaled to {@code [min, max]}: numpy.interp's xp and fp. */
    private float[][] map(float[] edges, long[] hist) {
        float[] centres = new float[numBins], cum = new float[numBins];
        long c = 0;
        for (int i = 0; i < numBins; i++) {
            centres[i] = (edges[i] + edges[i + 1]) / 2f;
            c += hist[i];
            cum[i] = c;
        }
        ScaleIntensity.rescale(cum, 0, numBins, min, max);
        return new float[][] {centres, cum};
    }

    /**
     * The host path as tensor ops where the image lives: range by device min/max, bins by the same float32 index
     * arithmetic and edge corrections, counts by bincount, numpy.interp in float64 by a device searchsorted; only the
     * range, the {@code numBins} counts and the interpolation table cross to the host.
     */
    private MetaTensor onDevice(MetaTensor img, Tensor m) {
        Device dev = img.device();
        try (Scope s = Scope.open()) {
            Tensor x = img.array().to(DType.FLOAT32).reshape(-1);
            float[] all = {x.reshape(1, -1).amin(1).toFloatArray()[0], x.reshape(1, -1).amax(1).toFloatArray()[0]};
            if (Float.isNaN(all[0]) || Float.isNaN(all[1])) throw Voxels.nan(name(), img);
            Tensor h = m == null ? x : x.maskedSelect(m.to(dev).reshape(-1).ne(0));
            if (h.numel() == 0) throw noVoxel(img);
            double first = m == null ? all[0] : h.reshape(1, -1).amin(1).toFloatArray()[0];
            double last = m == null ? all[1] : h.reshape(1, -1).amax(1).toFloatArray()[0];
            if (first == last) { first -= 0.5; last += 0.5; }
            float[] edges = edges(first, last);
            Tensor e = Tensor.of(edges, numBins + 1).to(dev);
            float firstF = (float) first, norm = (float) (numBins / (last - first));
            Tensor idx = h.sub(firstF).mul(norm).to(DType.INT64).clamp((Number) null, numBins - 1);
            idx = idx.sub(h.lt(e.indexSelect(0, idx)).to(DType.INT64));
            Tensor up = h.ge(e.indexSelect(0, idx.add(1))).logicalAnd(idx.ne(numBins - 1));
            idx = idx.add(up.to(DType.INT64));
            float[][] map = map(edges, idx.bincount(null, numBins).toLongArray());
            // numpy.interp in float64, as interp(): below the first centre fp[0], from the last on fp[n-1]
            int n = numBins;
            double[] xp = new double[n], fp = new double[n], slope = new double[Math.max(n - 1, 1)];
            for (int i = 0; i < n; i++) { xp[i] = map[0][i]; fp[i] = map[1][i]; }
            for (int i = 0; i < n - 1; i++) slope[i] = (fp[i + 1] - fp[i]) / (xp[i + 1] - xp[i]);
            Tensor xd = x.to(DType.FLOAT64), xpT = Tensor.of(xp, n).to(dev), fpT = Tensor.of(fp, n).to(dev);
            Tensor lo = xpT.searchsorted(xd, true).sub(1).clamp(0, Math.max(n - 2, 0));
            Tensor xLo = xpT.indexSelect(0, lo), fLo = fpT.indexSelect(0, lo);
            Tensor y = Tensor.of(slope, slope.length).to(dev).indexSelect(0, lo).mul(xd.sub(xLo)).add(fLo);
            y = Tensor.where(xd.eq(xLo), fLo, y);
            y = Tensor.where(xd.lt(xp[0]), Tensor.scalar(DType.FLOAT64, dev, fp[0]), y);
            y = Tensor.where(xd.ge(xp[n - 1]), Tensor.scalar(DType.FLOAT64, dev, fp[n - 1]), y);
            return Voxels.out(s, img, y.to(DType.FLOAT32).reshape(img.shape()), dtype);
        }
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
