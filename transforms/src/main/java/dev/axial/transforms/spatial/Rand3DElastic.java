package dev.axial.transforms.spatial;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.Transform;
import dev.axial.transforms.TransformException;

import java.util.Arrays;

/**
 * MONAI's Rand3DElastic: with probability {@code prob} (default 0.1) a random elastic deformation plus a random
 * affine, in one resampling of a 3-D image. A per-voxel offset field U(-1, 1) (3 x spatial_size) is smoothed by a
 * Gaussian of sigma ~ U(sigma_range) (MONAI's GaussianFilter: erf kernel, truncation 3 sigma, not normalised, zero
 * padding), scaled by magnitude ~ U(magnitude_range) and added to the centred grid; then the random affine (as
 * {@link RandAffine}); {@link Resample} (float64) samples the image there. Not acting, it samples the identity grid.
 * Not invertible (as MONAI); the affine is not changed.
 *
 * <p>Draws as MONAI (set_random_state(s) seeds this transform and its RandAffineGrid alike; the latter is a copy of
 * the given generator taken when first seen): rand() &lt; prob; then, when acting, uniform(-1, 1, 3·N), the
 * magnitude, sigma, and the affine parameters twice on the grid generator (the second set is applied).
 *
 * <pre>{@code
 * Rand3DElastic t = new Rand3DElastic(5, 7, 50, 100).prob(0.5).rotateRange(0.1, 0.1, 0.1);
 * }</pre>
 */
public final class Rand3DElastic extends ArrayTransform {
    private final double sigmaLo, sigmaHi, magLo, magHi;
    private double prob = 0.1;
    private final RandAffine affine = new RandAffine().prob(1.0);
    private long[] spatialSize;
    private GridResampling.Mode mode = GridResampling.Mode.of("bilinear");
    private String paddingMode = "reflection";

    /** sigma ~ U(sigmaLo, sigmaHi), magnitude ~ U(magLo, magHi). */
    public Rand3DElastic(double sigmaLo, double sigmaHi, double magLo, double magHi) {
        this.sigmaLo = sigmaLo;
        this.sigmaHi = sigmaHi;
        this.magLo = magLo;
        this.magHi = magHi;
    }

    @Override public boolean isRandom() { return true; }

    public Rand3DElastic prob(double p) { prob = p; return this; }

    public Rand3DElastic rotateRange(double... f) { affine.rotateRange(f); return this; }

    public Rand3DElastic rotateRange(double[]... r) { affine.rotateRange(r); return this; }

    public Rand3DElastic shearRange(double... f) { affine.shearRange(f); return this; }

    public Rand3DElastic shearRange(double[]... r) { affine.shearRange(r); return this; }

    public Rand3DElastic translateRange(double... f) { affine.translateRange(f); return this; }

    public Rand3DElastic translateRange(double[]... r) { affine.translateRange(r); return this; }

    public Rand3DElastic scaleRange(double... f) { affine.scaleRange(f); return this; }

    public Rand3DElastic scaleRange(double[]... r) { affine.scaleRange(r); return this; }

    public Rand3DElastic spatialSize(long... size) { spatialSize = size.clone(); return this; }

    public Rand3DElastic mode(String m) { mode = GridResampling.Mode.of(m); return this; }

    public Rand3DElastic mode(int order) { mode = GridResampling.Mode.order(order); return this; }

    public Rand3DElastic paddingMode(String p) { paddingMode = GridResampling.padding(p); return this; }

    double prob() { return prob; }

    /** The generator MONAI's RandAffineGrid would draw from, for {@code rs}. */
    RandomState gridGenerator(RandomState rs) { return affine.gridGenerator(rs); }

    long[] outSize(MetaTensor img, Transform who) {
        if (GridResampling.checkImage(who.name(), img) != 3)
            throw new TransformException(who.name() + ": needs a 3-D image (C, H, W, D), got shape " + Arrays.toString(img.shape()));
        return GridResampling.fallBack(spatialSize, GridResampling.spatial(img.shape()), who.name());
    }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        long[] sp = outSize(img, this);
        RandomState gridR = gridGenerator(rs);   // NOTE: taken before rs draws, as a sibling seeded alike
        boolean act = rs.rand() < prob;
        double[][] coords = act ? deformedGrid(draw(rs, sp), gridR) : GridResampling.centredGrid(sp);
        return Rand2DElastic.resample(img, coords, sp, mode, paddingMode);
    }

    /** MONAI's randomize after the prob draw: the offset field, magnitude, sigma, and one (unused) affine parameter set. */
    Draw draw(RandomState rs, long[] sp) {
        int n = Math.toIntExact(GridResampling.numel(sp));
        double[] off = rs.uniform(-1, 1, 3 * n);
        double mag = rs.uniform(magLo, magHi), sigma = rs.uniform(sigmaLo, sigmaHi);
        affine.drawMatrix(affine.gridGenerator(rs), 3);
        return new Draw(sp, off, mag, sigma);
    }

    record Draw(long[] size, double[] offset, double magnitude, double sigma) {}

    /** The centred grid plus the smoothed, scaled offsets, moved by the affine drawn now from {@code gridR}. */
    double[][] deformedGrid(Draw d, RandomState gridR) {
        long[] sp = d.size();
        int n = Math.toIntExact(GridResampling.numel(sp));
        double[][] grid = GridResampling.centredGrid(sp);
        float[] kernel = kernel(d.sigma());
        for (int c = 0; c < 3; c++) {
            float[] f = new float[n];
            for (int p = 0; p < n; p++) f[p] = (float) d.offset()[c * n + p];
            for (int dim = 2; dim >= 0; dim--) f = convolve(f, sp, dim, kernel);
            for (int p = 0; p < n; p++) grid[c][p] = (float) grid[c][p] + (float) (f[p] * (float) d.magnitude());
        }
        return GridResampling.transform(affine.drawMatrix(gridR, 3), grid);
    }

    /** MONAI's gaussian_1d(sigma, truncated=3, approx="erf", normalize=False), in float32. */
    static float[] kernel(double sigma) {
        int tail = (int) (Math.max((float) sigma * 3.0, 0.5) + 0.5);
        float t = (float) (0.70710678 / Math.abs((float) sigma));
        float[] k = new float[2 * tail + 1];
        for (int i = 0; i < k.length; i++) {
            int x = i - tail;
            k[i] = (float) Math.max(0, 0.5 * (erf(t * (x + 0.5f)) - erf(t * (x - 0.5f))));
        }
        return k;
    }

    /** Correlation along {@code dim} with zero padding (the kernel is symmetric). */
    private static float[] convolve(float[] f, long[] size, int dim, float[] k) {
        int tail = k.length / 2;
        long stride = 1;
        for (int i = size.length - 1; i > dim; i--) stride *= size[i];
        long d = size[dim];
        float[] out = new float[f.length];
        for (int p = 0; p < f.length; p++) {
            long pos = (p / stride) % d;
            float s = 0;
            for (int j = -tail; j <= tail; j++) {
                long q = pos + j;
                if (q >= 0 && q < d) s += k[j + tail] * f[(int) (p + j * stride)];
            }
            out[p] = s;
        }
        return out;
    }

    /** erf to about 1e-14: the Taylor series below 2.5, the continued fraction of erfc above. */
    static double erf(double x) {
        double ax = Math.abs(x);
        if (ax < 2.5) {
            // Taylor series: converges fast for small |x|
            double sum = x, term = x, x2 = x * x;
            for (int n = 1; n < 40; n++) {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
            }
            return 2 / Math.sqrt(Math.PI) * sum;
        }
        return Math.signum(x) * (1 - erfc(ax));
    }

    /** erfc for x >= 2.5 by the continued fraction (Lentz), accurate to ~1e-15. */
    private static double erfc(double x) {
        if (x > 27) return 0;
        // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + 2/(x + ...)))))
        double tiny = 1e-300, f = x, c = x, dd = 0;
        for (int n = 1; n < 500; n++) {
            double a = n / 2.0;
            dd = x + a * dd;
            dd = Math.abs(dd) < tiny ? tiny : dd;
            c = x + a / c;
            c = Math.abs(c) < tiny ? tiny : c;
            dd = 1 / dd;
            double delta = c * dd;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) break;
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }
}
