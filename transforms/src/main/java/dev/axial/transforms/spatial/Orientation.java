package dev.axial.transforms.spatial;

import dev.axial.tensor.AffineMath;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.AppliedOperations;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.InvertibleTransform;
import dev.axial.transforms.TransformException;
import dev.axial.transforms.lazy.Lazy;
import dev.axial.transforms.lazy.LazyTransform;

import java.util.Arrays;
import java.util.Map;

/**
 * MONAI's {@code Orientation(axcodes, as_closest_canonical=False, labels=(("L","R"),("P","A"),("I","S")))}:
 * reorders and flips the spatial axes so that +index of axis i points to {@code axcodes[i]} (nibabel's
 * {@code io_orientation} of the affine, then {@code ornt_transform} to {@code axcodes2ornt(axcodes)}): flip, then
 * permute; the affine becomes {@code A @ inv_ornt_aff(ornt, shape)} (world positions unchanged). The inverse goes
 * back to the original affine's orientation (exact).
 *
 * <pre>{@code
 * MetaTensor ras = new Orientation("RAS").apply(img);
 * MetaTensor back = new Orientation("RAS").inverse(ras);
 * }</pre>
 */
public final class Orientation extends ArrayTransform implements InvertibleTransform, LazyTransform {

    private boolean lazy;

    @Override public boolean lazy() { return lazy; }

    /** MONAI's {@code lazy}: record a pending operation instead of transforming ({@link dev.axial.transforms.lazy.Lazy}). */
    @Override public Orientation lazy(boolean lazy) { this.lazy = lazy; return this; }
    static final String ORIGINAL_AFFINE = "original_affine";
    static final String[][] DEFAULT_LABELS = {{"L", "R"}, {"P", "A"}, {"I", "S"}};

    private final String axcodes;
    private boolean asClosestCanonical;
    private String[][] labels = DEFAULT_LABELS;

    /** Reorients to {@code axcodes} (e.g. "RAS"; null needs {@code asClosestCanonical(true)}). */
    public Orientation(String axcodes) { this.axcodes = axcodes; }

    /** MONAI's as_closest_canonical (default false): reorient to the closest canonical (RAS-like) order, ignoring axcodes. */
    public Orientation asClosestCanonical(boolean b) {
        this.asClosestCanonical = b;
        return this;
    }

    /** MONAI's labels: (negative, positive) letter pairs per world axis, default ("L","R"), ("P","A"), ("I","S"). */
    public Orientation labels(String[]... pairs) {
        for (String[] p : pairs)
            if (p.length != 2) throw new TransformException("Orientation: labels must be pairs, got " + Arrays.toString(p));
        this.labels = pairs.clone();
        return this;
    }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        int sr = Spatial.spatialRank(name(), img);
        if (axcodes == null && !asClosestCanonical)
            throw new TransformException("Orientation: axcodes is null and as_closest_canonical is false");
        boolean lazyNow = Lazy.isLazy(lazy);
        double[][] current = lazyNow ? Lazy.peekPendingAffine(img) : img.affine();
        double[][] affine = AffineMath.toAffineNd(sr, current);
        int[][] src = ioOrientation(name(), affine);
        int[][] ornt;
        if (asClosestCanonical) ornt = src;
        else {
            int[][] dst = axcodes2ornt(axcodes.substring(0, Math.min(sr, axcodes.length())), labels);
            if (dst.length < sr)
                throw new TransformException("Orientation: axcodes must match the image spatially, got axcodes '" + axcodes + "' for "
                        + sr + " spatial dims (shape " + Arrays.toString(img.shape()) + ")");
            ornt = orntTransform(src, dst);
        }
        if (lazyNow) {
            long[] shape = Lazy.peekPendingShape(img), out = new long[sr];
            for (int i = 0; i < sr; i++) out[ornt[i][0]] = shape[i];
            return Lazy.push(img, this, invOrntAff(ornt, shape), out, Map.of(ORIGINAL_AFFINE, current), true);
        }
        MetaTensor out = reorient(img, ornt);
        AppliedOperations.push(out, this, Spatial.spatialShape(img), Map.of(ORIGINAL_AFFINE, img.affine()));
        return out;
    }

    /** Back to the orientation of the recorded original affine (MONAI: Orientation(aff2axcodes(original_affine))). */
    @Override public MetaTensor inverse(MetaTensor img) {
        Map<String, Object> op = AppliedOperations.last(img, this);
        double[][] orig = (double[][]) AppliedOperations.extraInfo(op).get(ORIGINAL_AFFINE);
        int sr = Spatial.spatialRank(name(), img);
        int[][] dst = Arrays.copyOf(ioOrientation(name(), orig), sr);
        MetaTensor out = reorient(img, orntTransform(ioOrientation(name(), AffineMath.toAffineNd(sr, img.affine())), dst));
        out.appliedOperations().removeLast();
        return out;
    }

    /** Applies an orientation transform {@code ornt} (rows: [new axis, flip ±1] per input spatial axis): flip, then permute. */
    static MetaTensor reorient(MetaTensor img, int[][] ornt) {
        int sr = ornt.length;
        long[] shape = Spatial.spatialShape(img);
        int[] flips = Arrays.stream(range(sr)).filter(i -> ornt[i][1] == -1).map(i -> i + 1).toArray();
        int[] perm = new int[sr + 1];
        for (int i = 0; i < sr; i++) perm[ornt[i][0] + 1] = i + 1;
        var t = img.array();
        if (flips.length > 0) t = t.flip(flips);
        boolean identity = true;
        for (int i = 0; i <= sr; i++) identity &= perm[i] == i;
        if (!identity) t = t.permute(perm);
        MetaTensor out = img.withArray(flips.length == 0 && identity ? t : t.contiguous());
        out.setAffine(Spatial.updated(img, invOrntAff(ornt, shape)));
        return out;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    /**
     * nibabel's {@code io_orientation(affine)}: for each input (voxel) axis, the world axis it is closest to and the
     * direction, from the orthogonal polar factor of the column-normalised rotation-zoom block, picked greedily
     * column by column. A singular block is an error.
     */
    static int[][] ioOrientation(String who, double[][] affine) {
        int p = affine.length - 1;
        double[][] rs = new double[p][p];
        for (int c = 0; c < p; c++) {
            double z = 0;
            for (int r = 0; r < p; r++) z += affine[r][c] * affine[r][c];
            z = Math.sqrt(z);
            if (z == 0) z = 1;
            for (int r = 0; r < p; r++) rs[r][c] = affine[r][c] / z;
        }
        double[][] q = polar(who, rs, affine);
        int[][] ornt = new int[p][2];
        for (int in = 0; in < p; in++) {
            int best = 0;
            for (int r = 1; r < p; r++) if (Math.abs(q[r][in]) > Math.abs(q[best][in])) best = r;
            if (Math.abs(q[best][in]) < 1e-8)
                throw new TransformException(who + ": the affine is singular, voxel axis " + in + " has no world direction: " + Arrays.deepToString(affine));
            ornt[in][0] = best;
            ornt[in][1] = q[best][in] < 0 ? -1 : 1;
            for (int c = 0; c < p; c++) q[best][c] = 0;
        }
        return ornt;
    }

    /** The orthogonal polar factor (U·Vᵀ of the SVD) by Newton's iteration X ← (X + X⁻ᵀ)/2. */
    private static double[][] polar(String who, double[][] m, double[][] affine) {
        int n = m.length;
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) x[i] = m[i].clone();
        for (int it = 0; it < 100; it++) {
            double[][] inv;
            try {
                inv = AffineMath.inverse(x);
            } catch (IllegalArgumentException e) {
                throw new TransformException(who + ": the affine is singular (not invertible): " + Arrays.deepToString(affine), e);
            }
            double change = 0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) {
                    double v = 0.5 * (x[i][j] + inv[j][i]);
                    change = Math.max(change, Math.abs(v - x[i][j]));
                    x[i][j] = v;
                }
            if (!(change > 1e-15)) {
                if (Double.isNaN(change)) throw new TransformException(who + ": the affine has non-finite values: " + Arrays.deepToString(affine));
                break;
            }
        }
        return x;
    }

    /** nibabel's {@code axcodes2ornt(axcodes, labels)}: per code, [world axis, -1 for the pair's first letter, +1 for its second]. */
    static int[][] axcodes2ornt(String axcodes, String[][] labels) {
        int[][] out = new int[axcodes.length()][2];
        boolean[] used = new boolean[labels.length];
        for (int i = 0; i < axcodes.length(); i++) {
            String c = String.valueOf(axcodes.charAt(i));
            int found = -1;
            for (int l = 0; l < labels.length && found < 0; l++) {
                if (labels[l][0].equals(c)) { out[i] = new int[]{l, -1}; found = l; }
                else if (labels[l][1].equals(c)) { out[i] = new int[]{l, 1}; found = l; }
            }
            if (found < 0) throw new TransformException("Orientation: axis code '" + c + "' is not in the labels " + Arrays.deepToString(labels));
            if (used[found]) throw new TransformException("Orientation: axcodes '" + axcodes + "' name world axis " + Arrays.toString(labels[found]) + " twice");
            used[found] = true;
        }
        return out;
    }

    /** nibabel's {@code ornt_transform(start, end)}: the orientation transform taking {@code start} to {@code end}. */
    static int[][] orntTransform(int[][] start, int[][] end) {
        if (start.length != end.length) throw new TransformException("Orientation: the orientations must have the same shape, got "
                + start.length + " and " + end.length + " axes");
        int[][] result = new int[start.length][];
        for (int endIn = 0; endIn < end.length; endIn++) {
            boolean found = false;
            for (int startIn = 0; startIn < start.length && !found; startIn++) {
                if (end[endIn][0] == start[startIn][0]) {
                    result[startIn] = new int[]{endIn, start[startIn][1] == end[endIn][1] ? 1 : -1};
                    found = true;
                }
            }
            if (!found) throw new TransformException("Orientation: unable to find out axis " + end[endIn][0] + " in the image's orientation");
        }
        return result;
    }

    /** nibabel's {@code inv_ornt_aff(ornt, shape)}: the voxel affine that undoes the flip-then-permute {@code ornt}. */
    static double[][] invOrntAff(int[][] ornt, long[] shape) {
        int p = ornt.length;
        double[][] undoReorder = new double[p + 1][p + 1];
        for (int i = 0; i < p; i++) undoReorder[i][ornt[i][0]] = 1;
        undoReorder[p][p] = 1;
        double[][] undoFlip = AffineMath.identity(p + 1);
        for (int i = 0; i < p; i++) {
            double c = -(shape[i] - 1) / 2.0;
            undoFlip[i][i] = ornt[i][1];
            undoFlip[i][p] = ornt[i][1] * c - c;
        }
        return AffineMath.matmul(undoFlip, undoReorder);
    }
}
