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
 * MONAI's {@code Pad}: pads the spatial dims by given widths ({@code toPad[d] = {before, after}}); the base of
 * {@link SpatialPad}, {@link BorderPad} and {@link DivisiblePad}, which compute the widths from the image. Records
 * MONAI's extra_info {@code padded} (with the channel dim's {@code {0, 0}} first) and {@code mode}; the inverse
 * crops the padding off and moves the affine back.
 *
 * <pre>{@code
 * MetaTensor p = new Pad(new long[][]{{1, 1}, {0, 2}}).mode("edge").apply(img);   // (C, H+2, W+2)
 * MetaTensor back = new Pad(new long[][]{{1, 1}, {0, 2}}).inverse(p);
 * }</pre>
 */
public class Pad extends ArrayTransform implements InvertibleTransform, LazyTransform {

    private boolean lazy;

    @Override public boolean lazy() { return lazy; }

    /** MONAI's {@code lazy}: record a pending operation instead of transforming ({@link dev.axial.transforms.lazy.Lazy}). */
    @Override public Pad lazy(boolean lazy) { this.lazy = lazy; return this; }
    public static final String PADDED = "padded";
    public static final String MODE = "mode";

    private final long[][] toPad;
    private String mode = "constant";
    private double value;

    /** Widths computed per image by {@link #computePadWidth} (subclasses). */
    protected Pad() { this.toPad = null; }

    /** Fixed widths, {@code toPad[d] = {before, after}} for every spatial dim d. */
    public Pad(long[][] toPad) {
        for (long[] p : toPad)
            if (p.length != 2 || p[0] < 0 || p[1] < 0)
                throw new IllegalArgumentException("Pad: to_pad needs non-negative {before, after} pairs, got " + Arrays.deepToString(toPad));
        this.toPad = Arrays.stream(toPad).map(long[]::clone).toArray(long[][]::new);
    }

    /** MONAI's mode (default "constant"): constant, edge, replicate, reflect, wrap, circular, symmetric. */
    public Pad mode(String mode) {
        this.mode = Regions.checkMode(name(), mode);
        return this;
    }

    public String mode() { return mode; }

    /** The fill of mode "constant" (MONAI's kwarg value, default 0). */
    public Pad value(double value) {
        this.value = value;
        return this;
    }

    /** The {before, after} widths for an image of {@code spatialShape}. */
    public long[][] computePadWidth(long[] spatialShape) {
        if (toPad == null) throw new IllegalStateException(name() + ": no pad widths");
        if (toPad.length != spatialShape.length)
            throw new TransformException(name() + ": to_pad has " + toPad.length + " dims, the image " + Arrays.toString(spatialShape));
        return Arrays.stream(toPad).map(long[]::clone).toArray(long[][]::new);
    }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) { return apply(img, computePadWidth(check(img)), mode); }

    /** Pads {@code img} by {@code widths} in {@code mode} and records it as this transform. */
    public MetaTensor apply(MetaTensor img, long[][] widths, String mode) {
        boolean lazyNow = Lazy.isLazy(lazy);
        MetaTensor out = lazyNow ? null : Regions.pad(img, widths, Regions.checkMode(name(), mode), value);
        long[][] padded = new long[widths.length + 1][];
        padded[0] = new long[]{0, 0};
        for (int d = 0; d < widths.length; d++) padded[d + 1] = widths[d].clone();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put(PADDED, padded);
        extra.put(MODE, mode);
        if (lazyNow) {
            long[] sp = Lazy.peekPendingShape(img), shape = new long[sp.length];
            double[] shift = new double[sp.length];
            for (int d = 0; d < sp.length; d++) {
                shape[d] = sp[d] + widths[d][0] + widths[d][1];
                shift[d] = -widths[d][0];
            }
            return Lazy.push(img, this, AffineMath.translate(shift), shape, extra, true);
        }
        AppliedOperations.push(out, this, Regions.spatial(img), extra);
        return out;
    }

    @Override public MetaTensor inverse(MetaTensor img) {
        Map<String, Object> op = AppliedOperations.last(img, this);
        MetaTensor back = unpad(img, op);
        return Crop.restored(img, back);
    }

    /** {@code img} with the padding of a pad record cut off and the affine moved back (no record change). */
    static MetaTensor unpad(MetaTensor img, Map<String, Object> op) {
        long[][] padded = (long[][]) AppliedOperations.extraInfo(op).get(PADDED);
        long[] sp = Regions.spatial(img);
        long[] start = new long[sp.length], end = new long[sp.length];
        for (int d = 0; d < sp.length; d++) {
            start[d] = padded[d + 1][0];
            end[d] = sp[d] - padded[d + 1][1];
        }
        return Regions.crop(img, start, end);
    }

    /** The image's spatial shape; a TransformException for a channel-less one. */
    protected final long[] check(MetaTensor img) {
        if (img.shape().length < 2)
            throw error("needs a channel-first image (C, spatial...), got shape " + Arrays.toString(img.shape()));
        return Lazy.peekPendingShape(img);
    }

}
