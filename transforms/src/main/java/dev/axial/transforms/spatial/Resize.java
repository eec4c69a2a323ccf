package dev.axial.transforms.spatial;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.imaging.InterpolateOptions;
import dev.axial.tensor.imaging.Interpolation;
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
 * MONAI's {@code Resize(spatial_size, size_mode="all", mode="area", align_corners=None, anti_aliasing=False,
 * dtype=float32)}: torch's interpolate to {@code spatialSize} (-1 or 0 keeps a dim; more entries than spatial dims
 * add trailing size-1 dims first); {@code sizeMode("longest")} scales the longest side to the single size given,
 * the others by {@code round(d·L/max)}. The linear modes follow the dims (linear, bilinear, trilinear); the affine
 * is updated by MONAI's centred {@code scale_affine}; the output is float32. The inverse resizes back (within
 * interpolation error). Anti-aliasing is not supported yet (an error when asked for while downsampling).
 *
 * <pre>{@code
 * MetaTensor out = new Resize(64, 64, -1).mode("trilinear").apply(img);
 * }</pre>
 */
public final class Resize extends ArrayTransform implements InvertibleTransform, LazyTransform {
    private boolean lazy;

    @Override public boolean lazy() { return lazy; }

    /** MONAI's {@code lazy}: record a pending operation instead of transforming ({@link dev.axial.transforms.lazy.Lazy}). */
    @Override public Resize lazy(boolean lazy) { this.lazy = lazy; return this; }

    static final String MODE = "mode", ALIGN = "align_corners", DTYPE = "dtype", NEW_DIM = "new_dim";
    private final long[] spatialSize;
    private String sizeMode = "all";
    private String mode = "area";
    private Boolean alignCorners;
    private boolean antiAliasing;
    private DType dtype = DType.FLOAT32;

    public Resize(long... spatialSize) {
        if (spatialSize.length == 0) throw new TransformException("Resize: spatial_size needs at least one value");
        this.spatialSize = spatialSize.clone();
    }

    /** "all" (default) or "longest". */
    public Resize sizeMode(String m) {
        if (!m.equals("all") && !m.equals("longest")) throw error("size_mode must be 'all' or 'longest', got '" + m + "'");
        this.sizeMode = m;
        return this;
    }

    /** torch's interpolate mode (default "area"). */
    public Resize mode(String m) { this.mode = m; return this; }

    /** align_corners for the linear and cubic modes (default null: torch's default). */
    public Resize alignCorners(Boolean a) { this.alignCorners = a; return this; }

    /** MONAI's anti_aliasing (default false; true is not supported yet when downsampling). */
    public Resize antiAliasing(boolean a) { this.antiAliasing = a; return this; }

    /** The computation dtype (default float32; null: the input's). */
    public Resize dtype(DType d) { this.dtype = d; return this; }

    String modeValue() { return mode; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) { return apply(img, mode, this); }

    /** With a mode for this call (dictionary forms' per-key modes), recorded as {@code recorder}. */
    MetaTensor apply(MetaTensor img, String mode, Transform recorder) {
        int inputNdim = Spatial.spatialRank(name(), img);
        boolean lazyNow = Lazy.isLazy(lazy);
        MetaTensor src = img;
        long[] out;
        if (sizeMode.equals("all")) {
            int outNdim = spatialSize.length;
            if (outNdim < inputNdim)
                throw error("len(spatial_size) must be greater or equal to img spatial dimensions, got spatial_size "
                        + Arrays.toString(spatialSize) + " for an image of shape " + Arrays.toString(img.shape()));
            if (outNdim > inputNdim && lazyNow)
                throw error("cannot add spatial dims lazily: spatial_size " + Arrays.toString(spatialSize) + " for an image of shape "
                        + Arrays.toString(img.shape()));
            if (outNdim > inputNdim) {
                long[] s = Arrays.copyOf(img.shape(), outNdim + 1);
                for (int i = img.shape().length; i < s.length; i++) s[i] = 1;
                src = img.withArray(img.array().reshape(s));
            }
            long[] sp = lazyNow ? Lazy.peekPendingShape(src) : Spatial.spatialShape(src);
            out = new long[outNdim];
            for (int i = 0; i < outNdim; i++) out[i] = spatialSize[i] > 0 ? spatialSize[i] : sp[i];
        } else {
            if (spatialSize.length != 1) throw error("spatial_size must be an int number if size_mode is 'longest', got " + Arrays.toString(spatialSize));
            long[] sp = lazyNow ? Lazy.peekPendingShape(img) : Spatial.spatialShape(img);
            double scale = (double) spatialSize[0] / Arrays.stream(sp).max().orElseThrow();
            out = new long[sp.length];
            for (int i = 0; i < sp.length; i++) out[i] = (long) Math.rint(sp[i] * scale);
        }
        Map<String, Object> extra = new HashMap<>();
        extra.put(MODE, mode);
        extra.put(ALIGN, alignCorners);
        extra.put(DTYPE, dtype);
        extra.put(NEW_DIM, Spatial.spatialShape(src).length - inputNdim);
        if (lazyNow) {
            // MONAI's lazy resize: the centred scale as the pending map (anti_aliasing has no lazy form: MONAI only warns)
            long[] in = Lazy.peekPendingShape(img);
            for (long s : out) if (s <= 0) throw error("the output spatial size must be positive, got " + Arrays.toString(out));
            return Lazy.push(img, recorder, Spatial.scaleAffine(in, out), out, extra, true);
        }
        MetaTensor r = resize(name(), src, out, mode, alignCorners, dtype, antiAliasing);
        AppliedOperations.push(r, recorder, Spatial.spatialShape(src), extra);
        return r;
    }

    @Override public MetaTensor inverse(MetaTensor img) { return undo(img, this); }

    static MetaTensor undo(MetaTensor img, Transform recorder) {
        Map<String, Object> op = AppliedOperations.last(img, recorder);
        Map<String, Object> ex = AppliedOperations.extraInfo(op);
        MetaTensor out = resize(recorder.name(), img, (long[]) op.get(AppliedOperations.ORIG_SIZE), (String) ex.get(MODE),
                (Boolean) ex.get(ALIGN), (DType) ex.get(DTYPE), false);
        int newDim = (Integer) ex.get(NEW_DIM);
        if (newDim > 0) {
            long[] s = Arrays.copyOf(out.shape(), out.shape().length - newDim);
            MetaTensor sq = out.withArray(out.array().reshape(s));
            out = sq;
        }
        out.appliedOperations().removeLast();
        return out;
    }

    /** MONAI's resize: interpolate to {@code size}, affine {@code A @ scale_affine(in, size)}, float32; no record. */
    static MetaTensor resize(String who, MetaTensor img, long[] size, String mode, Boolean alignCorners, DType dtype, boolean antiAliasing) {
        long[] in = Spatial.spatialShape(img);
        MetaTensor out;
        if (Arrays.equals(in, size)) {
            out = img.withArray(img.array().to(DType.FLOAT32).contiguous());
        } else {
            for (long s : size) if (s <= 0) throw new TransformException(who + ": the output spatial size must be positive, got " + Arrays.toString(size));
            boolean down = false;
            for (int i = 0; i < size.length; i++) down |= size[i] < in[i];
            if (antiAliasing && down) throw new TransformException(who + ": anti_aliasing is not supported yet");
            String m = Spatial.interpolateMode(mode, size.length);
            InterpolateOptions o = InterpolateOptions.of().size(size).mode(m);
            if (alignCorners != null) o = o.alignCorners(alignCorners);
            Tensor r;
            try (Scope s = Scope.open()) {
                Tensor x = img.array().to(dtype != null ? dtype : img.dtype().isFloatingPoint() ? img.dtype() : DType.FLOAT32);
                r = s.keep(Interpolation.interpolate(x.unsqueeze(0), o).squeeze(0).to(DType.FLOAT32).contiguous());
            } catch (IllegalArgumentException e) {
                throw new TransformException(who + ": cannot interpolate an image of shape " + Arrays.toString(img.shape()) + " to "
                        + Arrays.toString(size) + " with mode '" + mode + "': " + e.getMessage(), e);
            }
            out = img.withArray(r);
        }
        out.setAffine(Spatial.updated(img, Spatial.scaleAffine(in, size)));
        return out;
    }
}
