package dev.axial.transforms.utility;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.cpu.ScalarMath;
import dev.axial.transforms.TransformBase;
import dev.axial.transforms.TransformException;

import java.util.ArrayList;
import java.util.List;

/**
 * MONAI's {@code AddExtremePointsChannel} (DeepGrow/DEXTR guidance): finds the extreme points of the label's
 * foreground (the lowest and highest voxel along each spatial axis, a tie broken by {@code R.choice}), optionally
 * perturbed by {@code pert}, paints them into a map, blurs it with MONAI's Gaussian filter ({@code sigma}, default 3;
 * erf kernel truncated at 4σ, zero padding) and rescales it to [{@code rescaleMin}, {@code rescaleMax}] (default
 * [-1, 1]); the map is appended to the image as a new channel.
 *
 * <p>Draws as MONAI: per point, {@code randint} over the tied voxels, then one {@code rand()} per axis even when
 * {@code pert} is 0. NOTE: as MONAI 1.5, the perturbation is {@code +2·pert·u} (u in [0, 1)), never negative, and
 * the coordinate is truncated toward zero, then clamped to the image.
 *
 * <pre>{@code
 * MetaTensor guided = new AddExtremePointsChannel().pert(1.0).setRandomState(0).apply(img, label);   // C+1 channels
 * }</pre>
 */
public class AddExtremePointsChannel extends TransformBase {
    private double background, pert, rescaleMin = -1, rescaleMax = 1;
    private double[] sigma = {3.0};

    public AddExtremePointsChannel background(double b) { background = b; return this; }

    public AddExtremePointsChannel pert(double p) { pert = p; return this; }

    /** One sigma for every axis, or one per spatial axis. */
    public AddExtremePointsChannel sigma(double... s) {
        if (s.length == 0) throw new IllegalArgumentException("AddExtremePointsChannel: sigma needs at least one value");
        sigma = s.clone();
        return this;
    }

    public AddExtremePointsChannel rescaleMin(double v) { rescaleMin = v; return this; }

    public AddExtremePointsChannel rescaleMax(double v) { rescaleMax = v; return this; }

    @Override public boolean isRandom() { return true; }

    @Override public AddExtremePointsChannel setRandomState(long seed) { super.setRandomState(seed); return this; }

    /** {@code img} with the guidance channel of {@code label} (one channel) appended, drawing from the own generator. */
    public MetaTensor apply(MetaTensor img, Tensor label) { return apply(img, label, R); }

    public MetaTensor apply(MetaTensor img, Tensor label, RandomState rs) {
        checkLabel(this, label);
        return withGuidance(img, guidance(label, points(label, rs)));
    }

    @Override public Object apply(Object data, RandomState rs) {
        throw error("needs a label: call apply(img, label) or use AddExtremePointsChanneld");
    }

    static void checkLabel(TransformBase who, Tensor label) {
        if (label.dim() < 2 || label.size(0) != 1)
            throw new TransformException(who.name() + ": only single channel labels (1, spatial...) are supported, got " + label.describe());
    }

    /** MONAI's get_extreme_points on the label's spatial array: min then max along each axis. */
    long[][] points(Tensor label, RandomState rs) {
        Tensor spatial = label.select(0, 0);
        long[] shape = spatial.shape();
        int nd = shape.length;
        long[] coords = spatial.ne(background).nonzero().toLongArray();
        int n = coords.length / nd;
        if (n == 0) throw error("get_extreme_points: no foreground object in mask " + label.describe());
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < nd; i++) {
            long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
            for (int p = 0; p < n; p++) {
                lo = Math.min(lo, coords[p * nd + i]);
                hi = Math.max(hi, coords[p * nd + i]);
            }
            out.add(point(coords, nd, n, i, lo, shape, rs));
            out.add(point(coords, nd, n, i, hi, shape, rs));
        }
        return out.toArray(long[][]::new);
    }

    private long[] point(long[] coords, int nd, int n, int dim, long val, long[] shape, RandomState rs) {
        List<Integer> ties = new ArrayList<>();
        for (int p = 0; p < n; p++) if (coords[p * nd + dim] == val) ties.add(p);
        int pick = ties.get((int) rs.randint(0, ties.size()));
        long[] pt = new long[nd];
        for (int j = 0; j < nd; j++) {
            long v = (long) (coords[pick * nd + j] + 2.0 * pert * rs.rand());
            pt[j] = Math.min(Math.max(v, 0), shape[j] - 1);
        }
        return pt;
    }

    /** MONAI's extreme_points_to_image: the points blurred and rescaled, one spatial map (double, row-major). */
    double[] guidance(Tensor label, long[][] points) {
        long[] shape = label.select(0, 0).shape();
        int nd = shape.length;
        int numel = 1;
        for (long s : shape) numel *= (int) s;
        double[] map = new double[numel];
        for (long[] p : points) {
            int flat = 0;
            for (int j = 0; j < nd; j++) flat = flat * (int) shape[j] + (int) p[j];
            map[flat] = 1.0;
        }
        if (sigma.length != 1 && sigma.length != nd)
            throw error("sigma needs 1 or " + nd + " values for " + label.describe() + ", got " + sigma.length);
        for (int d = 0; d < nd; d++) map = blur(map, shape, d, kernel(sigma[sigma.length == 1 ? 0 : d]));
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : map) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        for (int i = 0; i < numel; i++) map[i] = (map[i] - lo) / (hi - lo) * (rescaleMax - rescaleMin) + rescaleMin;
        return map;
    }

    MetaTensor withGuidance(MetaTensor img, double[] map) {
        Tensor a = img.array();
        long[] shape = a.shape();
        shape[0] = 1;
        Tensor channel = Tensor.of(map, shape).to(a.device(), a.dtype().isFloatingPoint() ? a.dtype() : DType.FLOAT32);
        if (!java.util.Arrays.equals(java.util.Arrays.copyOfRange(a.shape(), 1, a.dim()), java.util.Arrays.copyOfRange(shape, 1, shape.length)))
            throw error("the image " + a.describe() + " and the label's spatial shape differ");
        return img.withArray(Tensor.cat(0, a, channel.to(a.dtype())));
    }

    /** MONAI's gaussian_1d(sigma, truncated=4, approx="erf", normalize=False). */
    private static double[] kernel(double sigma) {
        int tail = (int) (Math.max(sigma * 4.0, 0.5) + 0.5);
        double t = 0.70710678 / Math.abs(sigma);
        double[] k = new double[2 * tail + 1];
        for (int i = 0; i < k.length; i++) {
            double x = i - tail;
            k[i] = Math.max(0, 0.5 * (ScalarMath.erf(t * (x + 0.5)) - ScalarMath.erf(t * (x - 0.5))));
        }
        return k;
    }

    /** Correlation with {@code k} along axis {@code dim}, zero padding, same size (MONAI's separable_filtering). */
    private static double[] blur(double[] in, long[] shape, int dim, double[] k) {
        int n = (int) shape[dim], tail = k.length / 2;
        int inner = 1;
        for (int d = dim + 1; d < shape.length; d++) inner *= (int) shape[d];
        int outer = in.length / (n * inner);
        double[] out = new double[in.length];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < n; i++)
                for (int r = 0; r < inner; r++) {
                    double s = 0;
                    for (int t = 0; t < k.length; t++) {
                        int src = i + t - tail;
                        if (src >= 0 && src < n) s += k[t] * in[(o * n + src) * inner + r];
                    }
                    out[(o * n + i) * inner + r] = s;
                }
        return out;
    }
}
