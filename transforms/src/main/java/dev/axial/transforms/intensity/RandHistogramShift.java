package dev.axial.transforms.intensity;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.RandomState;

/**
 * MONAI's {@code RandHistogramShift(num_control_points=10, prob=0.1)}: a random monotone piecewise-linear intensity
 * map. {@code n = randint(lo, hi+1)} control points at {@code linspace(0, 1, n)}; each inner one moves to
 * {@code U(previous moved, next)}; both scaled to the image's [min, max] (float32) and applied with MONAI's torch
 * interpolation ({@code m x + b} per segment). A constant image is returned as it is; one holding NaN is refused.
 * Params: {reference, floating} control points. An image on a GPU is mapped there (device searchsorted and
 * gathers; only its min, max and the control points cross to the host).
 *
 * <pre>{@code
 * var t = new RandHistogramShift().numControlPoints(5, 15).prob(0.3);
 * }</pre>
 */
public class RandHistogramShift extends RandomIntensity<double[][]> {
    private int lo = 10, hi = 10;

    public RandHistogramShift() { super(0.1); }

    public RandHistogramShift prob(double prob) { this.prob = checkProb(prob); return this; }

    public RandHistogramShift numControlPoints(int n) { return numControlPoints(n, n); }

    public RandHistogramShift numControlPoints(int a, int b) {
        if (Math.min(a, b) <= 2) throw new IllegalArgumentException(name() + ": num_control_points should be greater than or equal to 3");
        lo = Math.min(a, b);
        hi = Math.max(a, b);
        return this;
    }

    @Override public double[][] randomize(RandomState rs, MetaTensor img) {
        int n = (int) rs.randint(lo, hi + 1);
        double[] ref = new double[n];
        double step = 1.0 / (n - 1);
        for (int i = 0; i < n; i++) ref[i] = i * step;
        ref[n - 1] = 1.0;
        double[] fl = ref.clone();
        for (int i = 1; i < n - 1; i++) fl[i] = rs.uniform(fl[i - 1], fl[i + 1]);
        return new double[][] {ref, fl};
    }

    @Override public MetaTensor apply(MetaTensor img, double[][] cp) {
        if (Voxels.onDevice(img)) return onDevice(img, cp);
        float[] v = Voxels.floats(img);
        Voxels.noNaN(name(), img, v);
        float min = Voxels.min(v, 0, v.length), max = Voxels.max(v, 0, v.length);
        if (min == max) return img;
        float[][] c = curve(cp, min, max);
        float[] xp = c[0], fp = c[1], m = c[2], b = c[3];
        int n = xp.length;
        for (int i = 0; i < v.length; i++) {
            float x = v[i];
            if (x < xp[0]) { v[i] = fp[0]; continue; }
            if (x > xp[n - 1]) { v[i] = fp[n - 1]; continue; }
            int k = 0;  // searchsorted(xp, x, left) - 1, clipped to [0, n-2]
            while (k < n && xp[k] < x) k++;
            k = Math.min(Math.max(k - 1, 0), n - 2);
            v[i] = m[k] * x + b[k];
        }
        return Voxels.out(img, v, null);
    }

    /** The control points scaled to the image's range and the segments' slopes and intercepts: {xp, fp, m, b}. */
    private static float[][] curve(double[][] cp, float min, float max) {
        int n = cp[0].length;
        float range = max - min;
        float[] xp = new float[n], fp = new float[n];
        for (int i = 0; i < n; i++) {
            xp[i] = (float) cp[0][i] * range + min;
            fp[i] = (float) cp[1][i] * range + min;
        }
        float[] m = new float[n - 1], b = new float[n - 1];
        for (int i = 0; i < n - 1; i++) {
            m[i] = (fp[i + 1] - fp[i]) / (xp[i + 1] - xp[i]);
            b[i] = fp[i] - m[i] * xp[i];
        }
        return new float[][] {xp, fp, m, b};
    }

    /**
     * The loop above as float32 tensor ops where the image lives: min and max reduced there (they and the few control
     * points cross to the host), the segment of each voxel by a device searchsorted, slope and intercept gathered.
     */
    private MetaTensor onDevice(MetaTensor img, double[][] cp) {
        try (Scope s = Scope.open()) {
            Tensor r = Voxels.rows(img, 1);
            float min = r.amin(1).toFloatArray()[0], max = r.amax(1).toFloatArray()[0];
            if (Float.isNaN(min) || Float.isNaN(max)) throw Voxels.nan(name(), img);
            if (min == max) return img;
            float[][] c = curve(cp, min, max);
            float[] xp = c[0], fp = c[1];
            int n = xp.length;
            Device dev = img.device();
            Tensor x = img.array().to(DType.FLOAT32), flat = x.reshape(-1);
            Tensor k = Tensor.of(xp, n).to(dev).searchsorted(flat, false).sub(1).clamp(0, n - 2);
            Tensor m = Tensor.of(c[2], n - 1).to(dev).indexSelect(0, k), b = Tensor.of(c[3], n - 1).to(dev).indexSelect(0, k);
            Tensor y = m.mul(flat).add(b);
            y = Tensor.where(flat.lt(xp[0]), Tensor.scalar(DType.FLOAT32, dev, fp[0]), y);
            y = Tensor.where(flat.gt(xp[n - 1]), Tensor.scalar(DType.FLOAT32, dev, fp[n - 1]), y);
            return Voxels.out(s, img, y.reshape(img.shape()), null);
        }
    }
}
