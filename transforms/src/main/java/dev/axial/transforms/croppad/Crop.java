package dev.axial.transforms.croppad;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.AppliedOperations;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.InvertibleTransform;
import dev.axial.transforms.TransformException;
import dev.axial.transforms.lazy.Lazy;
import dev.axial.transforms.lazy.LazyTransform;
import dev.axial.tensor.AffineMath;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MONAI's {@code Crop}: the base of the crops. {@link #crop} cuts {@code [start, end)} per spatial dim (clipped to
 * the image as Python slices), moves the affine by the start and records MONAI's extra_info {@code cropped}
 * ({@code [before0, after0, before1, after1, ...]}); {@link #inverse} pads that back with zeros.
 */
public abstract class Crop extends ArrayTransform implements InvertibleTransform, LazyTransform {

    private boolean lazy;

    @Override public boolean lazy() { return lazy; }

    /** MONAI's {@code lazy}: record a pending operation instead of transforming ({@link dev.axial.transforms.lazy.Lazy}). */
    @Override public Crop lazy(boolean lazy) { this.lazy = lazy; return this; }
    public static final String CROPPED = "cropped";

    /** Crops {@code img} to {@code [start, end)} and records it as this transform. */
    public MetaTensor crop(MetaTensor img, long[] start, long[] end) {
        long[] sp = spatialShape(img);
        if (Lazy.isLazy(lazy) && !requiresCurrentData()) return pending(img, this, sp, start, end);
        MetaTensor out = Regions.crop(img, start, end);
        AppliedOperations.push(out, this, sp, extra(sp, start, end));
        return out;
    }

    /** The lazy crop of {@code img} (pending spatial shape {@code sp}) to {@code [start, end)}, recorded as {@code who} as eagerly. */
    static MetaTensor pending(MetaTensor img, dev.axial.transforms.Transform who, long[] sp, long[] start, long[] end) {
        long[] c = Regions.cropped(sp, start, end), out = new long[sp.length];
        double[] shift = new double[sp.length];
        for (int d = 0; d < sp.length; d++) {
            out[d] = sp[d] - c[2 * d] - c[2 * d + 1];
            shift[d] = start[d] < 0 ? sp[d] + start[d] : start[d];
        }
        return Lazy.push(img, who, AffineMath.translate(shift), out, extra(sp, start, end), true);
    }

    static Map<String, Object> extra(long[] sp, long[] start, long[] end) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put(CROPPED, Regions.cropped(sp, start, end));
        return extra;
    }

    @Override public MetaTensor inverse(MetaTensor img) { return uncropLast(img, this); }

    /** Undoes {@code t}'s crop record on {@code img}: pads the cut-off voxels back (zeros) and restores the affine. */
    static MetaTensor uncropLast(MetaTensor img, dev.axial.transforms.Transform t) {
        Map<String, Object> op = AppliedOperations.last(img, t);
        MetaTensor back = uncrop(img, op);
        return restored(img, back);
    }

    /** An inverse's result: {@code back}'s array and affine over {@code img}'s metadata, without its last record. */
    static MetaTensor restored(MetaTensor img, MetaTensor back) {
        MetaTensor out = AppliedOperations.undone(img, back.array());
        out.setAffine(back.affine());
        return out;
    }

    /** {@code img} with the voxels a crop record cut off padded back as zeros (no record change). */
    static MetaTensor uncrop(MetaTensor img, Map<String, Object> op) {
        long[] c = (long[]) AppliedOperations.extraInfo(op).get(CROPPED);
        long[][] w = new long[c.length / 2][];
        for (int d = 0; d < w.length; d++) w[d] = new long[]{c[2 * d], c[2 * d + 1]};
        return Regions.pad(img, w, "constant", 0);
    }

    /** The spatial shape of a channel-first image (once its pending operations are applied), or a TransformException naming this transform. */
    protected final long[] spatialShape(MetaTensor img) {
        if (img.shape().length < 2)
            throw error("needs a channel-first image (C, spatial...), got shape " + Arrays.toString(img.shape()));
        return Lazy.peekPendingShape(img);
    }

    /** Checks that a roi has as many dims as the image. */
    protected final void checkDims(long[] roi, long[] sp, String what) {
        if (roi.length != sp.length)
            throw new TransformException(name() + ": " + what + " " + Arrays.toString(roi) + " does not match the " + sp.length
                    + " spatial dims of an image of spatial shape " + Arrays.toString(sp));
    }

    @Override public abstract MetaTensor apply(MetaTensor img, RandomState rs);
}
