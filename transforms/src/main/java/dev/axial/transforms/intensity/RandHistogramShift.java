package dev.axial.transforms.intensity;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;

/**
 * MONAI's {@code RandHistogramShift(num_control_points=10, prob=0.1)}: a random monotone piecewise-linear intensity
 * map. {@code n = randint(lo, hi+1)} control points at {@code linspace(0, 1, n)}; each inner one moves to
 * {@code U(previous moved, next)}; both scaled to the image's [min, max] (float32) and applied with MONAI's torch
 * interpolation ({@code m x + b} per segment). A constant image is returned as it is; one holding NaN is refused.
 * Params: {reference, floating} control points.
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
        float[] v = Voxels.floats(img);
        Voxels.noNaN(name(), img, v);
        float min = Voxels.min(v, 0, v.length), max = Voxels.max(v, 0, v.length);
        if (min == max) return img;
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
}
