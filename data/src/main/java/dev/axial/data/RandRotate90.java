package dev.axial.data;

import dev.axial.tensor.RandomState;
import dev.axial.tensor.AffineMath;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;

/**
 * MONAI's {@code RandRotate90} (minimal: no lazy mode, no inverse): with probability {@code prob} rotates a
 * channel-first tensor by {@code k·90°}, k drawn in [1, maxK], in the plane of two spatial axes (as
 * {@code torch.rot90(img, k, (a0 + 1, a1 + 1))}). Draws as MONAI's array transform: {@code rand() < prob}, then
 * {@code randint(maxK)} only when it rotates.
 *
 * <pre>{@code
 * var rot = new RandRotate90().prob(0.5).spatialAxes(0, 2).setRandomState(0);
 * Tensor out = rot.apply(img);     // (C, H, W, D), maybe rotated
 * }</pre>
 *
 * When it does not rotate, {@code apply} returns its input itself (as MONAI); a rotation is a new contiguous
 * tensor owned by the current scope.
 */
public final class RandRotate90 {
    private double prob = 0.1;
    private int maxK = 3;
    private int[] spatialAxes = {0, 1};
    private RandomState R = new RandomState(0);

    public RandRotate90() {}

    /** Probability of rotating (MONAI's default 0.1). */
    public RandRotate90 prob(double p) {
        if (p < 0 || p > 1) throw new IllegalArgumentException("RandRotate90: prob must be in [0, 1], got " + p);
        this.prob = p;
        return this;
    }

    /** Largest number of quarter turns (MONAI's default 3). */
    public RandRotate90 maxK(int k) {
        if (k < 1) throw new IllegalArgumentException("RandRotate90: max_k must be positive, got " + k);
        this.maxK = k;
        return this;
    }

    /** The two spatial axes of the rotation plane (MONAI's default (0, 1)); negative counts from the end. */
    public RandRotate90 spatialAxes(int a0, int a1) {
        this.spatialAxes = new int[]{a0, a1};
        return this;
    }

    /** MONAI's {@code set_random_state(seed)}. */
    public RandRotate90 setRandomState(long seed) { this.R = new RandomState(Math.floorMod(seed, 1L << 32)); return this; }

    /** MONAI's {@code set_random_state(state=...)}. */
    public RandRotate90 setRandomState(RandomState state) { this.R = state; return this; }

    /** Randomizes from {@code R} and applies. */
    public Tensor apply(Tensor img) { return apply(img, R); }

    /** Randomizes from {@code rs} and applies. */
    public Tensor apply(Tensor img, RandomState rs) {
        int k = randomize(rs);
        return k == 0 ? img : rot90(img, k, spatialAxes);
    }

    /** MetaTensor version: a rotation also updates the affine as MONAI's rotate90. */
    public MetaTensor apply(MetaTensor img, RandomState rs) {
        int k = randomize(rs);
        return k == 0 ? img : rot90(img, k, spatialAxes);
    }

    /** The number of quarter turns for one call (0: no rotation), drawing in MONAI's array-transform order. */
    public int randomize(RandomState rs) {
        if (!(rs.rand() < prob)) return 0;
        return (int) rs.randint(maxK) + 1;
    }

    int maxKValue() { return maxK; }

    double probValue() { return prob; }

    int[] axes() { return spatialAxes.clone(); }

    /** {@code torch.rot90(img, k, (a0 + 1, a1 + 1))} on a channel-first tensor, as a contiguous copy. */
    public static Tensor rot90(Tensor img, int k, int... spatialAxes) {
        int[] ax = arrayAxes(img.dim(), spatialAxes);
        k = Math.floorMod(k, 4);
        Tensor out = switch (k) {
            case 0 -> img;
            case 1 -> img.flip(ax[1]).transpose(ax[0], ax[1]);
            case 2 -> img.flip(ax[0], ax[1]);
            default -> img.flip(ax[0]).transpose(ax[0], ax[1]);
        };
        return out.copy();
    }

    /** MetaTensor rotation: affine {@code A @ T((d-1)/2) @ Rot^k @ T(-(d'-1)/2)}, as MONAI's rotate90. */
    public static MetaTensor rot90(MetaTensor img, int k, int... spatialAxes) {
        long[] shape = img.shape();
        int[] ax = arrayAxes(shape.length, spatialAxes);
        k = Math.floorMod(k, 4);
        int sr = shape.length - 1;
        double[] ori = new double[sr], neu = new double[sr];
        for (int d = 0; d < sr; d++) ori[d] = neu[d] = -(shape[d + 1] - 1) / 2.0;
        if (k == 1 || k == 3) {
            neu[ax[0] - 1] = ori[ax[1] - 1];
            neu[ax[1] - 1] = ori[ax[0] - 1];
        }
        int r = img.affine().length - 1;
        double s = (ax[0] - ax[1] == -1 || ax[0] - ax[1] == 2) ? -1.0 : 1.0;
        double[][] rot = AffineMath.toAffineNd(r, rotation(sr, ax, s * Math.PI / 2));
        double[][] x = AffineMath.toAffineNd(r, AffineMath.translate(neu));
        for (int i = 0; i < k; i++) x = AffineMath.matmul(rot, x);
        for (int d = 0; d < sr; d++) ori[d] = -ori[d];
        x = AffineMath.matmul(AffineMath.toAffineNd(r, AffineMath.translate(ori)), x);
        MetaTensor out = img.withArray(rot90(img.array(), k, spatialAxes));
        out.setAffine(AffineMath.matmul(img.affine(), x));
        return out;
    }

    /** MONAI's create_rotate for a quarter turn in the plane of array axes {@code ax} (1-based spatial). */
    private static double[][] rotation(int sr, int[] ax, double angle) {
        double c = Math.cos(angle), sn = Math.sin(angle);
        if (sr == 2) return new double[][]{{c, -sn, 0}, {sn, c, 0}, {0, 0, 1}};
        if (sr != 3) throw new IllegalArgumentException("RandRotate90: MetaTensor affines are updated for 2 or 3 spatial dims, got " + sr);
        int about = 6 - ax[0] - ax[1];   // the remaining array axis, 1..3
        double[][] m = AffineMath.identity(4);
        int p = about == 1 ? 1 : 0, q = about == 3 ? 1 : 2;
        // rotations about x and z are [[c,-s],[s,c]] on their plane; about y it is [[c,s],[-s,c]] (MONAI's order)
        double sg = about == 2 ? -1 : 1;
        m[p][p] = c;
        m[p][q] = -sg * sn;
        m[q][p] = sg * sn;
        m[q][q] = c;
        return m;
    }

    private static int[] arrayAxes(int ndim, int[] spatialAxes) {
        if (spatialAxes.length != 2)
            throw new IllegalArgumentException("RandRotate90: spatial_axes must be 2 numbers to define the plane to rotate, got " + spatialAxes.length);
        int sr = ndim - 1;
        int[] ax = new int[2];
        for (int i = 0; i < 2; i++) {
            int a = spatialAxes[i] < 0 ? spatialAxes[i] + sr : spatialAxes[i];
            if (a < 0 || a >= sr)
                throw new IllegalArgumentException("RandRotate90: spatial axis " + spatialAxes[i] + " out of range for " + sr + " spatial dims");
            ax[i] = a + 1;
        }
        if (ax[0] == ax[1]) throw new IllegalArgumentException("RandRotate90: the two spatial axes must differ, got " + ax[0] + " twice");
        return ax;
    }
}
