package dev.axial.transforms.spatial;

import dev.axial.tensor.AffineMath;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.AppliedOperations;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.InvertibleTransform;
import dev.axial.transforms.Transform;
import dev.axial.transforms.TransformException;
import dev.axial.transforms.lazy.Lazy;
import dev.axial.transforms.lazy.LazyTransform;

import java.util.HashMap;
import java.util.Map;

/**
 * MONAI's {@code Rotate90(k=1, spatial_axes=(0, 1))}: {@code torch.rot90(img, k, (a0 + 1, a1 + 1))} on a
 * channel-first image, the affine updated as MONAI's rotate90 ({@code A @ T((d-1)/2) @ Rot^k @ T(-(d'-1)/2)}).
 * The inverse rotates {@code 4 - k} times (exact).
 *
 * <pre>{@code
 * MetaTensor out = new Rotate90(1, 0, 2).apply(img);    // (C, H, W, D) -> (C, D, W, H)
 * }</pre>
 */
public final class Rotate90 extends ArrayTransform implements InvertibleTransform, LazyTransform {
    static final String K = "k", AXES = "axes";
    private final int k;
    private final int[] spatialAxes;

    private boolean lazy;

    @Override public boolean lazy() { return lazy; }

    /** MONAI's {@code lazy}: record a pending operation instead of transforming ({@link dev.axial.transforms.lazy.Lazy}). */
    @Override public Rotate90 lazy(boolean lazy) { this.lazy = lazy; return this; }

    /** One quarter turn in the plane of spatial axes 0 and 1. */
    public Rotate90() { this(1, 0, 1); }

    /** {@code k} quarter turns (any integer, taken mod 4) in the plane of two spatial axes (negative counts from the end). */
    public Rotate90(int k, int... spatialAxes) {
        if (spatialAxes.length != 2)
            throw new TransformException("Rotate90: spatial_axes must be 2 numbers to define the plane to rotate, got " + spatialAxes.length);
        this.k = Math.floorMod(k, 4);
        this.spatialAxes = spatialAxes.clone();
    }

    public int k() { return k; }

    public int[] spatialAxes() { return spatialAxes.clone(); }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) { return apply(img, k, spatialAxes, this, true, Lazy.isLazy(lazy)); }

    @Override public MetaTensor inverse(MetaTensor img) { return undo(img, this); }

    /** Rotates {@code img} when {@code doIt} and records {@code recorder} with k and the axes. */
    static MetaTensor apply(MetaTensor img, int k, int[] axes, Transform recorder, boolean doIt) { return apply(img, k, axes, recorder, doIt, false); }

    /** As {@link #apply(MetaTensor, int, int[], Transform, boolean)}; {@code lazy}: the same record pending, with the turn's voxel map. */
    static MetaTensor apply(MetaTensor img, int k, int[] axes, Transform recorder, boolean doIt, boolean lazy) {
        if (lazy) {
            long[] size = Lazy.peekPendingShape(img), shape = new long[size.length + 1];
            System.arraycopy(size, 0, shape, 1, size.length);
            int[] ax = planeAxes(recorder.name(), shape.length, axes);
            long[] out = size.clone();
            if (doIt && Math.floorMod(k, 2) == 1) {
                out[ax[0] - 1] = size[ax[1] - 1];
                out[ax[1] - 1] = size[ax[0] - 1];
            }
            Map<String, Object> extra = new HashMap<>();
            extra.put(K, k);
            extra.put(AXES, axes.clone());
            double[][] m = doIt ? xform(recorder.name(), shape, size.length, k, axes) : Lazy.identity(size.length);
            return Lazy.push(img, recorder, m, out, extra, doIt);
        }
        MetaTensor out = doIt ? rot90(img, k, recorder.name(), axes) : img.withArray(img.array());
        Map<String, Object> extra = new HashMap<>();
        extra.put(K, k);
        extra.put(AXES, axes.clone());
        AppliedOperations.push(out, recorder, Spatial.spatialShape(img), extra, doIt);
        return out;
    }

    /** Undoes the rotation {@code recorder} recorded last on {@code img}. */
    static MetaTensor undo(MetaTensor img, Transform recorder) {
        Map<String, Object> op = AppliedOperations.last(img, recorder);
        if (!(Boolean) op.get(AppliedOperations.DO_TRANSFORM)) return AppliedOperations.undone(img, img.array());
        Map<String, Object> extra = AppliedOperations.extraInfo(op);
        MetaTensor out = rot90(img, 4 - (Integer) extra.get(K) % 4, recorder.name(), (int[]) extra.get(AXES));
        out.appliedOperations().removeLast();
        return out;
    }

    /** {@code torch.rot90(img, k, (a0 + 1, a1 + 1))} on a channel-first tensor, as a contiguous copy. */
    public static Tensor rot90(Tensor img, int k, int... spatialAxes) {
        int[] ax = planeAxes("Rotate90", img.dim(), spatialAxes);
        Tensor out = switch (Math.floorMod(k, 4)) {
            case 0 -> img;
            case 1 -> img.flip(ax[1]).transpose(ax[0], ax[1]);
            case 2 -> img.flip(ax[0], ax[1]);
            default -> img.flip(ax[0]).transpose(ax[0], ax[1]);
        };
        return out.copy();
    }

    /** The rotated MetaTensor with its affine updated as MONAI's rotate90; no record. */
    public static MetaTensor rot90(MetaTensor img, int k, int... spatialAxes) { return rot90(img, k, "Rotate90", spatialAxes); }

    static MetaTensor rot90(MetaTensor img, int k, String who, int... spatialAxes) {
        MetaTensor out = img.withArray(rot90(img.array(), k, spatialAxes));
        out.setAffine(AffineMath.matmul(img.affine(), xform(who, img.shape(), img.affine().length - 1, k, spatialAxes)));
        return out;
    }

    /** MONAI's rotate90 voxel map ({@code r}+1 square) for a channel-first {@code shape}. */
    static double[][] xform(String who, long[] shape, int r, int k, int... spatialAxes) {
        int[] ax = planeAxes(who, shape.length, spatialAxes);
        k = Math.floorMod(k, 4);
        int sr = shape.length - 1;
        double[] ori = new double[sr], neu = new double[sr];
        for (int d = 0; d < sr; d++) ori[d] = neu[d] = -(shape[d + 1] - 1) / 2.0;
        if (k == 1 || k == 3) {
            neu[ax[0] - 1] = ori[ax[1] - 1];
            neu[ax[1] - 1] = ori[ax[0] - 1];
        }
        double s = (ax[0] - ax[1] == -1 || ax[0] - ax[1] == 2) ? -1.0 : 1.0;
        double[][] rot = AffineMath.toAffineNd(r, rotation(who, sr, ax, s * Math.PI / 2));
        double[][] x = AffineMath.toAffineNd(r, AffineMath.translate(neu));
        for (int i = 0; i < k; i++) x = AffineMath.matmul(rot, x);
        for (int d = 0; d < sr; d++) ori[d] = -ori[d];
        return AffineMath.matmul(AffineMath.toAffineNd(r, AffineMath.translate(ori)), x);
    }

    /** MONAI's create_rotate for a quarter turn in the plane of array axes {@code ax} (1-based spatial). */
    private static double[][] rotation(String who, int sr, int[] ax, double angle) {
        double c = Math.cos(angle), sn = Math.sin(angle);
        if (sr == 2) return new double[][]{{c, -sn, 0}, {sn, c, 0}, {0, 0, 1}};
        if (sr != 3) throw new TransformException(who + ": MetaTensor affines are updated for 2 or 3 spatial dims, got " + sr);
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

    private static int[] planeAxes(String who, int ndim, int[] spatialAxes) {
        if (spatialAxes.length != 2)
            throw new TransformException(who + ": spatial_axes must be 2 numbers to define the plane to rotate, got " + spatialAxes.length);
        int sr = ndim - 1;
        int[] ax = new int[2];
        for (int i = 0; i < 2; i++) {
            int a = spatialAxes[i] < 0 ? spatialAxes[i] + sr : spatialAxes[i];
            if (a < 0 || a >= sr)
                throw new TransformException(who + ": spatial axis " + spatialAxes[i] + " out of range for " + sr + " spatial dims (shape of " + ndim + " dims)");
            ax[i] = a + 1;
        }
        if (ax[0] == ax[1]) throw new TransformException(who + ": the two spatial axes must differ, got " + ax[0] + " twice");
        return ax;
    }
}
