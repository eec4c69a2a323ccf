package dev.axial.transforms.spatial;

import dev.axial.tensor.AffineMath;
import dev.axial.tensor.imaging.AffineResampling;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.TransformException;

import java.util.Arrays;

/** What the spatial transforms share: MONAI's map_spatial_axes, affine updates, shape checks, modes and pad/crop. */
final class Spatial {
    private Spatial() {}

    /** MONAI's AFFINE_TOL. */
    static final double AFFINE_TOL = 1e-3;

    /** The number of spatial dims of a channel-first image, at least one, else an error naming {@code who}. */
    static int spatialRank(String who, MetaTensor img) {
        int sr = img.array().dim() - 1;
        if (sr < 1) throw new TransformException(who + ": needs a channel-first image (C, spatial...), got shape " + Arrays.toString(img.shape()));
        return sr;
    }

    /** MONAI's map_spatial_axes: spatial axes (null: all; negative counts from the end) as array axes (channel first). */
    static int[] arrayAxes(String who, int ndim, int[] spatialAxes) {
        if (spatialAxes == null) {
            int[] all = new int[ndim - 1];
            for (int i = 0; i < all.length; i++) all[i] = i + 1;
            return all;
        }
        int[] out = new int[spatialAxes.length];
        for (int i = 0; i < out.length; i++) {
            int a = spatialAxes[i] < 0 ? Math.floorMod(spatialAxes[i], ndim) : spatialAxes[i] + 1;
            if (a < 1 || a >= ndim)
                throw new TransformException(who + ": spatial axis " + spatialAxes[i] + " is out of range for " + (ndim - 1) + " spatial dims");
            out[i] = a;
        }
        return out;
    }

    /** {@code img}'s affine updated by a spatial transform {@code xform} ((sr+1)-square) as MONAI's track_transform_meta. */
    static double[][] updated(MetaTensor img, double[][] xform) { return AffineMath.compose(img.affine(), xform); }

    /** MONAI's scale_affine(spatial_size, new_spatial_size, centered=True). */
    static double[][] scaleAffine(long[] size, long[] newSize) {
        int r = Math.max(size.length, newSize.length);
        if (Arrays.equals(size, newSize)) return AffineMath.identity(r + 1);
        double[][] m = AffineMath.identity(r + 1);
        for (int i = 0; i < Math.min(size.length, newSize.length); i++) {
            m[i][i] = (double) size[i] / Math.max(newSize[i], 1);
            m[i][r] = (m[i][i] - 1) / 2.0;
        }
        return m;
    }

    static long[] spatialShape(MetaTensor img) { return Arrays.copyOfRange(img.shape(), 1, img.shape().length); }

    /** torch interpolate's mode for {@code nd} spatial dims (MONAI's resolves_modes: the linear family follows nd). */
    static String interpolateMode(String mode, int nd) {
        String m = mode.toLowerCase(java.util.Locale.ROOT);
        if (m.endsWith("linear")) return nd == 1 ? "linear" : nd == 3 ? "trilinear" : "bilinear";
        return m;
    }

    /** The inverse of an affine; singular is a TransformException naming {@code who} and the matrix. */
    static double[][] inverse(String who, double[][] a) {
        try {
            return AffineMath.inverse(a);
        } catch (IllegalArgumentException e) {
            throw new TransformException(who + ": the affine is singular (not invertible): " + Arrays.deepToString(a), e);
        }
    }

    /** MONAI's compute_shape_offset ({@link AffineResampling#shapeOffset}); a singular affine is an error naming {@code who}. */
    static AffineResampling.ShapeOffset shapeOffset(String who, long[] spatialShape, double[][] inAffine, double[][] outAffine, boolean scaleExtent) {
        try {
            return AffineResampling.shapeOffset(spatialShape, inAffine, outAffine, scaleExtent);
        } catch (IllegalArgumentException e) {
            throw new TransformException(who + ": the affine is singular (not invertible): " + Arrays.deepToString(outAffine), e);
        }
    }

    static long[] copyLongs(Object o) { return ((long[]) o).clone(); }

    /**
     * MONAI's ResizeWithPadOrCrop(spatial_size=target, method symmetric, mode): CenterSpatialCrop first (start
     * {@code max(d//2 - r//2, 0)}), then SpatialPad (before {@code diff//2}); {@code padMode} numpy's ("edge",
     * "constant", "reflect", ...). Fills {@code cropStart} and {@code padBefore} (one per spatial dim) for the inverse
     * and returns the array; the affine moves by {@code translate(cropStart - padBefore)}.
     */
    static Tensor padOrCrop(String who, Tensor img, long[] target, String padMode, long[] cropStart, long[] padBefore) {
        int sr = target.length;
        Tensor t = img;
        for (int i = 0; i < sr; i++) {
            long d = t.size(i + 1);
            if (d > target[i]) {
                cropStart[i] = Math.max(d / 2 - target[i] / 2, 0);
                t = t.narrow(i + 1, cropStart[i], target[i]);
            }
        }
        long[] pads = new long[2 * sr];
        boolean any = false;
        for (int i = 0; i < sr; i++) {
            long diff = Math.max(target[i] - t.size(i + 1), 0);
            padBefore[i] = diff / 2;
            pads[2 * (sr - 1 - i)] = diff / 2;
            pads[2 * (sr - 1 - i) + 1] = diff - diff / 2;
            any |= diff > 0;
        }
        if (!any) return t.contiguous();
        return t.pad(pads, torchPadMode(who, padMode), 0).contiguous();
    }

    /** Undoes {@link #padOrCrop}: removes the padding, then pads back what the crop removed (with zeros, as MONAI's inverse crop). */
    static Tensor unPadOrCrop(Tensor img, long[] origSize, long[] cropStart, long[] padBefore, long[] cropSize) {
        int sr = origSize.length;
        Tensor t = img;
        for (int i = 0; i < sr; i++) if (padBefore[i] > 0 || t.size(i + 1) > cropSize[i]) t = t.narrow(i + 1, padBefore[i], cropSize[i]);
        long[] pads = new long[2 * sr];
        boolean any = false;
        for (int i = 0; i < sr; i++) {
            long after = origSize[i] - cropStart[i] - t.size(i + 1);
            pads[2 * (sr - 1 - i)] = cropStart[i];
            pads[2 * (sr - 1 - i) + 1] = after;
            any |= cropStart[i] > 0 || after > 0;
        }
        return any ? t.pad(pads, "constant", 0).contiguous() : t.contiguous();
    }

    /** numpy's pad mode name as torch's (MONAI's NumpyPadMode to PytorchPadMode). */
    static String torchPadMode(String who, String mode) {
        return switch (mode.toLowerCase(java.util.Locale.ROOT)) {
            case "edge", "replicate" -> "replicate";
            case "constant", "zeros" -> "constant";
            case "reflect" -> "reflect";
            case "wrap", "circular" -> "circular";
            default -> throw new TransformException(who + ": padding_mode '" + mode + "' is not supported (edge, constant, reflect, wrap)");
        };
    }
}
