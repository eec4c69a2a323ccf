package dev.axial.transforms.croppad;

import dev.axial.tensor.AffineMath;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.TransformException;

import java.util.Arrays;

/**
 * The two primitives of the crop/pad family, with MONAI's geometry: {@link #pad} (MONAI's pad_func: the affine
 * becomes {@code affine @ translate(-before)}) and {@link #crop} (crop_func: {@code affine @ translate(start)}),
 * plus the small helpers MONAI's croppad transforms share (fall_back_tuple, compute_slices,
 * compute_divisible_spatial_size). Neither primitive records an applied operation: the transforms do.
 *
 * <pre>{@code
 * MetaTensor p = Regions.pad(img, new long[][]{{1, 2}, {0, 0}, {3, 3}}, "constant", 0);
 * MetaTensor c = Regions.crop(p, new long[]{1, 0, 3}, new long[]{7, 5, 7});   // img again
 * }</pre>
 */
public final class Regions {
    private Regions() {}

    /** MONAI's pad modes: numpy names and their torch twins. */
    static String checkMode(String who, String mode) {
        return switch (mode) {
            case "constant", "edge", "replicate", "reflect", "wrap", "circular", "symmetric" -> mode;
            default -> throw new TransformException(who + ": pad mode '" + mode
                    + "' is not supported (constant, edge/replicate, reflect, wrap/circular, symmetric)");
        };
    }

    /**
     * {@code img} padded by {@code pad[d] = {before, after}} voxels on spatial dim d, the affine moved to the new
     * origin. Modes as MONAI's pad_nd: constant (with {@code value}), edge (= replicate), reflect (mirror without
     * the edge voxel, pads smaller than the size), wrap (= circular), symmetric (mirror with the edge voxel).
     */
    public static MetaTensor pad(MetaTensor img, long[][] pad, String mode, double value) {
        int sd = img.shape().length - 1;
        if (pad.length != sd)
            throw new TransformException("Pad: " + pad.length + " pad widths for an image of shape " + Arrays.toString(img.shape()));
        boolean any = false;
        double[] shift = new double[sd];
        for (int d = 0; d < sd; d++) {
            if (pad[d][0] < 0 || pad[d][1] < 0) throw new TransformException("Pad: negative pad width " + Arrays.deepToString(pad));
            any |= pad[d][0] != 0 || pad[d][1] != 0;
            shift[d] = -pad[d][0];
        }
        MetaTensor out = img.withArray(any ? padArray(img.array(), pad, checkMode("Pad", mode), value) : img.array().copy());
        if (any) out.setAffine(AffineMath.compose(img.affine(), AffineMath.translate(shift)));
        return out;
    }

    /** The padded array (channel dim 0 not padded). */
    static Tensor padArray(Tensor a, long[][] pad, String mode, double value) {
        long[] shape = a.shape();
        if (mode.equals("constant")) {
            long[] tp = new long[2 * pad.length];
            for (int d = 0; d < pad.length; d++) {
                int i = pad.length - 1 - d;
                tp[2 * i] = pad[d][0];
                tp[2 * i + 1] = pad[d][1];
            }
            return a.pad(tp, "constant", value);
        }
        try (Scope sc = Scope.open()) {
            Tensor cur = a;
            for (int d = 0; d < pad.length; d++) {
                long lo = pad[d][0], hi = pad[d][1], n = shape[d + 1];
                if (lo == 0 && hi == 0) continue;
                if (n == 0) throw new TransformException("Pad: cannot pad an empty dim in mode " + mode + ", shape " + Arrays.toString(shape));
                if (mode.equals("reflect") && (lo >= n || hi >= n))
                    throw new TransformException("Pad: reflect padding (" + lo + ", " + hi + ") must be smaller than the size " + n
                            + " of spatial dim " + d + ", shape " + Arrays.toString(shape));
                long[] idx = new long[Math.toIntExact(n + lo + hi)];
                for (int j = 0; j < idx.length; j++) idx[j] = source(j - lo, n, mode);
                cur = cur.indexSelect(d + 1, Tensor.of(idx).to(a.device()));
            }
            return sc.keep(cur == a ? a.copy() : cur);
        }
    }

    private static long source(long s, long n, String mode) {
        return switch (mode) {
            case "reflect" -> s < 0 ? -s : s >= n ? 2 * (n - 1) - s : s;
            case "wrap", "circular" -> Math.floorMod(s, n);
            case "symmetric" -> {
                long p = Math.floorMod(s, 2 * n);
                yield p < n ? p : 2 * n - 1 - p;
            }
            default -> Math.min(Math.max(s, 0), n - 1);   // edge, replicate
        };
    }

    /**
     * {@code img[:, start[0]:end[0], ...]} as a contiguous copy, the bounds clipped to the image as Python slices
     * are; the affine moves by {@code start} (MONAI's crop_func shifts by the slice start as given).
     */
    public static MetaTensor crop(MetaTensor img, long[] start, long[] end) {
        long[] shape = img.shape();
        int sd = shape.length - 1;
        if (start.length != sd || end.length != sd)
            throw new TransformException("Crop: roi " + Arrays.toString(start) + ".." + Arrays.toString(end) + " does not match the "
                    + sd + " spatial dims of shape " + Arrays.toString(shape));
        Tensor v = img.array();
        double[] shift = new double[sd];
        for (int d = 0; d < sd; d++) {
            long n = shape[d + 1], s = clip(start[d], n), e = Math.max(clip(end[d], n), s);
            v = v.slice(d + 1, s, e);
            shift[d] = start[d] < 0 ? n + start[d] : start[d];
        }
        MetaTensor out = img.withArray(v.copy());
        out.setAffine(AffineMath.compose(img.affine(), AffineMath.translate(shift)));
        return out;
    }

    private static long clip(long i, long n) { return i < 0 ? Math.max(n + i, 0) : Math.min(i, n); }

    /** What {@link #crop} cuts off: {@code [before0, after0, before1, after1, ...]} (MONAI's extra_info "cropped"). */
    static long[] cropped(long[] spatialShape, long[] start, long[] end) {
        long[] c = new long[2 * spatialShape.length];
        for (int d = 0; d < spatialShape.length; d++) {
            long n = spatialShape[d], s = clip(start[d], n), e = Math.max(clip(end[d], n), s);
            c[2 * d] = s;
            c[2 * d + 1] = n - e;
        }
        return c;
    }

    /** MONAI's fall_back_tuple: one value for every dim, or one per dim; non-positive entries take the default. */
    public static long[] fallBack(long[] user, long[] dflt) {
        if (user.length != 1 && user.length != dflt.length)
            throw new TransformException("spatial_size " + Arrays.toString(user) + " does not match the " + dflt.length
                    + " spatial dims of " + Arrays.toString(dflt));
        long[] out = new long[dflt.length];
        for (int i = 0; i < out.length; i++) {
            long u = user[user.length == 1 ? 0 : i];
            out[i] = u > 0 ? u : dflt[i];
        }
        return out;
    }

    /** {@code v} repeated to {@code n} dims when it holds one value (MONAI's ensure_tuple_rep). */
    static long[] rep(long[] v, int n, String what) {
        if (v.length == n) return v.clone();
        if (v.length == 1) {
            long[] o = new long[n];
            Arrays.fill(o, v[0]);
            return o;
        }
        throw new TransformException(what + " " + Arrays.toString(v) + " does not match " + n + " spatial dims");
    }

    /** MONAI's compute_slices from roi_center and roi_size: {start, end} with start = max(c - s // 2, 0), end = max(start + s, start). */
    public static long[][] centerSizeToStartEnd(long[] center, long[] size) {
        long[] s = new long[center.length], e = new long[center.length];
        for (int d = 0; d < center.length; d++) {
            s[d] = Math.max(center[d] - Math.floorDiv(size[d], 2), 0);
            e[d] = Math.max(s[d] + size[d], s[d]);
        }
        return new long[][]{s, e};
    }

    /** MONAI's compute_slices from roi_start and roi_end: start clamped to 0, end to at least start. */
    public static long[][] startEnd(long[] start, long[] end) {
        long[] s = new long[start.length], e = new long[start.length];
        for (int d = 0; d < start.length; d++) {
            s[d] = Math.max(start[d], 0);
            e[d] = Math.max(end[d], s[d]);
        }
        return new long[][]{s, e};
    }

    /** MONAI's compute_divisible_spatial_size: each dim up to a multiple of k (k <= 0 leaves it). */
    public static long[] divisibleSize(long[] shape, long[] k) {
        long[] kk = rep(k, shape.length, "k");
        long[] out = new long[shape.length];
        for (int d = 0; d < shape.length; d++) out[d] = kk[d] > 0 ? (long) (Math.ceil((double) shape[d] / kk[d]) * kk[d]) : shape[d];
        return out;
    }

    /** The spatial shape of a channel-first image. */
    static long[] spatial(MetaTensor img) { return Arrays.copyOfRange(img.shape(), 1, img.shape().length); }
}
