package dev.axial.transforms.spatial;

import dev.axial.tensor.AffineMath;
import dev.axial.tensor.DType;
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

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * MONAI's {@code Zoom(zoom, mode="area", padding_mode="edge", align_corners=None, dtype=float32, keep_size=True)}:
 * interpolates to {@code floor(d·zoom)} per spatial dim (one factor: all dims), the affine updated by the centred
 * {@code scale_affine}; with {@code keepSize} the result is centre-cropped and symmetrically padded (numpy's
 * {@code padding_mode}) back to the input's size (MONAI's ResizeWithPadOrCrop), the affine shifted with it. The
 * inverse removes the pad/crop and resizes back (within interpolation error; what the crop cut is lost, zeros).
 *
 * <pre>{@code
 * MetaTensor out = new Zoom(1.2).mode("trilinear").apply(img);     // same shape, zoomed in
 * }</pre>
 */
public final class Zoom extends ArrayTransform implements InvertibleTransform, LazyTransform {

    private boolean lazy;

    @Override public boolean lazy() { return lazy; }

    /** MONAI's {@code lazy}: record a pending operation instead of transforming ({@link dev.axial.transforms.lazy.Lazy}). */
    @Override public Zoom lazy(boolean lazy) { this.lazy = lazy; return this; }
    static final String ZOOMED = "zoomed_size", CROP_START = "crop_start", PAD_BEFORE = "pad_before", DO_PADCROP = "do_padcrop";
    private final double[] zoom;
    private String mode = "area";
    private String paddingMode = "edge";
    private Boolean alignCorners;
    private DType dtype = DType.FLOAT32;
    private boolean keepSize = true;

    /** Zoom factors per spatial dim (one value: every dim); above 1 zooms in. */
    public Zoom(double... zoom) {
        if (zoom.length == 0) throw new TransformException("Zoom: zoom needs at least one value");
        this.zoom = zoom.clone();
    }

    public Zoom mode(String m) { this.mode = m; return this; }

    /** numpy's pad mode for keep_size (default "edge"; "constant", "reflect", "wrap"). */
    public Zoom paddingMode(String p) { Spatial.torchPadMode(name(), p); this.paddingMode = p; return this; }

    public Zoom alignCorners(Boolean a) { this.alignCorners = a; return this; }

    public Zoom dtype(DType d) { this.dtype = d; return this; }

    public Zoom keepSize(boolean k) { this.keepSize = k; return this; }

    String modeValue() { return mode; }

    double[] zoomValue() { return zoom.clone(); }

    String paddingModeValue() { return paddingMode; }

    Boolean alignCornersValue() { return alignCorners; }

    DType dtypeValue() { return dtype; }

    boolean keepSizeValue() { return keepSize; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) { return apply(img, factors(name(), zoom, img), mode, this); }

    MetaTensor apply(MetaTensor img, double[] factors, String mode, Transform recorder) {
        if (Lazy.isLazy(lazy)) return pending(img, factors, mode, paddingMode, alignCorners, dtype, keepSize, recorder);
        return zoom(img, factors, mode, paddingMode, alignCorners, dtype, keepSize, recorder, true);
    }

    /** MONAI's ensure_tuple_rep(zoom, spatial dims). */
    static double[] factors(String who, double[] zoom, MetaTensor img) {
        int sr = Spatial.spatialRank(who, img);
        if (zoom.length == 1) {
            double[] z = new double[sr];
            Arrays.fill(z, zoom[0]);
            return z;
        }
        if (zoom.length != sr)
            throw new TransformException(who + ": zoom needs one value or one per spatial dim (" + sr + "), got " + Arrays.toString(zoom)
                    + " for an image of shape " + Arrays.toString(img.shape()));
        return zoom.clone();
    }

    /** Zooms (when {@code doIt}) and records {@code recorder}; not zooming gives a float32 copy with doTransform false. */
    static MetaTensor zoom(MetaTensor img, double[] z, String mode, String paddingMode, Boolean alignCorners, DType dtype,
                           boolean keepSize, Transform recorder, boolean doIt, boolean lazy) {
        if (!lazy) return zoom(img, z, mode, paddingMode, alignCorners, dtype, keepSize, recorder, doIt);
        if (doIt) return pending(img, z, mode, paddingMode, alignCorners, dtype, keepSize, recorder);
        long[] in = Lazy.peekPendingShape(img);
        return Lazy.push(img, recorder, Lazy.identity(in.length), in, new HashMap<>(), false);
    }

    static MetaTensor zoom(MetaTensor img, double[] z, String mode, String paddingMode, Boolean alignCorners, DType dtype,
                           boolean keepSize, Transform recorder, boolean doIt) {
        long[] in = Spatial.spatialShape(img);
        Map<String, Object> extra = new HashMap<>();
        MetaTensor out;
        if (!doIt) {
            out = img.withArray(img.array().to(DType.FLOAT32).contiguous());
        } else {
            long[] size = new long[in.length];
            for (int i = 0; i < in.length; i++) size[i] = (long) Math.floor(in[i] * z[i]);
            out = Resize.resize(recorder.name(), img, size, mode, alignCorners, dtype, false);
            boolean padCrop = keepSize && !Arrays.equals(size, in);
            putRecord(extra, mode, alignCorners, dtype, size, padCrop);
            if (padCrop) {
                long[] crop = new long[in.length], pad = new long[in.length];
                Tensor t = Spatial.padOrCrop(recorder.name(), out.array(), in, paddingMode, crop, pad);
                double[] shift = new double[in.length];
                for (int i = 0; i < in.length; i++) shift[i] = crop[i] - pad[i];
                MetaTensor pc = out.withArray(t);
                pc.setAffine(Spatial.updated(out, AffineMath.translate(shift)));
                out = pc;
                extra.put(CROP_START, crop);
                extra.put(PAD_BEFORE, pad);
            }
        }
        AppliedOperations.push(out, recorder, in, extra, doIt);
        return out;
    }

    /** The extra_info entries Zoom records, eager or lazy (MONAI's keys). */
    private static void putRecord(Map<String, Object> extra, String mode, Boolean alignCorners, DType dtype, long[] size,
                                  boolean padCrop) {
        extra.put(Resize.MODE, mode);
        extra.put(Resize.ALIGN, alignCorners);
        extra.put(Resize.DTYPE, dtype);
        extra.put(ZOOMED, size);
        extra.put(DO_PADCROP, padCrop);
    }

    /** The lazy form of {@link #zoom}: the same record, pending, with the centred scale (and keep_size shift) as its map. */
    static MetaTensor pending(MetaTensor img, double[] z, String mode, String paddingMode, Boolean alignCorners, DType dtype,
                              boolean keepSize, Transform recorder) {
        long[] in = Lazy.peekPendingShape(img), size = new long[in.length];
        for (int i = 0; i < in.length; i++) size[i] = (long) Math.floor(in[i] * z[i]);
        double[][] xform = Spatial.scaleAffine(in, size);
        Map<String, Object> extra = new HashMap<>();
        boolean padCrop = keepSize && !Arrays.equals(size, in);
        putRecord(extra, mode, alignCorners, dtype, size, padCrop);
        long[] out = size;
        if (padCrop) {
            long[] crop = new long[in.length], pad = new long[in.length];
            double[] shift = new double[in.length];
            for (int i = 0; i < in.length; i++) {
                if (size[i] > in[i]) crop[i] = Math.max(size[i] / 2 - in[i] / 2, 0);
                pad[i] = (in[i] - Math.min(size[i], in[i])) / 2;
                shift[i] = crop[i] - pad[i];
            }
            xform = AffineMath.matmul(xform, AffineMath.translate(shift));
            extra.put(CROP_START, crop);
            extra.put(PAD_BEFORE, pad);
            out = in;
        }
        return Lazy.push(img, recorder, xform, out, extra, true);
    }

    @Override public MetaTensor inverse(MetaTensor img) { return undo(img, this); }

    static MetaTensor undo(MetaTensor img, Transform recorder) {
        Map<String, Object> op = AppliedOperations.last(img, recorder);
        if (!(Boolean) op.get(AppliedOperations.DO_TRANSFORM)) return AppliedOperations.undone(img, img.array());
        Map<String, Object> ex = AppliedOperations.extraInfo(op);
        long[] orig = (long[]) op.get(AppliedOperations.ORIG_SIZE), zoomed = (long[]) ex.get(ZOOMED);
        MetaTensor cur = img;
        if ((Boolean) ex.get(DO_PADCROP)) {
            long[] crop = (long[]) ex.get(CROP_START), pad = (long[]) ex.get(PAD_BEFORE);
            long[] kept = new long[orig.length];
            double[] shift = new double[orig.length];
            for (int i = 0; i < orig.length; i++) {
                kept[i] = Math.min(zoomed[i], orig[i]);
                shift[i] = pad[i] - crop[i];
            }
            MetaTensor un = img.withArray(Spatial.unPadOrCrop(img.array(), zoomed, crop, pad, kept));
            un.setAffine(Spatial.updated(img, AffineMath.translate(shift)));
            cur = un;
        }
        MetaTensor out = Resize.resize(recorder.name(), cur, orig, (String) ex.get(Resize.MODE), (Boolean) ex.get(Resize.ALIGN),
                (DType) ex.get(Resize.DTYPE), false);
        out.appliedOperations().removeLast();
        return out;
    }
}
