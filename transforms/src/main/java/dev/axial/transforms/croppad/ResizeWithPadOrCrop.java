package dev.axial.transforms.croppad;

import dev.axial.tensor.AffineMath;
import dev.axial.tensor.MetaTensor;
import dev.axial.transforms.lazy.Lazy;
import dev.axial.transforms.lazy.LazyAttr;
import dev.axial.transforms.lazy.LazyTransform;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.AppliedOperations;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.InvertibleTransform;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MONAI's {@code ResizeWithPadOrCrop}: a {@link CenterSpatialCrop} to {@code spatialSize} where the image is larger,
 * then a {@link SpatialPad} where it is smaller (method and mode as SpatialPad's). One record, holding the crop's
 * and the pad's under {@code crop_info} and {@code pad_info}; the inverse undoes the pad, then the crop.
 *
 * <pre>{@code
 * MetaTensor r = new ResizeWithPadOrCrop(96, 96, 64).apply(img);   // exactly (C, 96, 96, 64)
 * }</pre>
 */
public class ResizeWithPadOrCrop extends ArrayTransform implements InvertibleTransform, LazyTransform {
    private boolean lazy;

    @Override public boolean lazy() { return lazy; }

    /** MONAI's {@code lazy}: record a pending operation instead of transforming ({@link dev.axial.transforms.lazy.Lazy}). */
    @Override public ResizeWithPadOrCrop lazy(boolean lazy) { this.lazy = lazy; return this; }

    public static final String CROP_INFO = "crop_info";

    private final SpatialPad padder;
    private final CenterSpatialCrop cropper;

    public ResizeWithPadOrCrop(long... spatialSize) {
        this.padder = new SpatialPad(spatialSize);
        this.cropper = new CenterSpatialCrop(spatialSize);
    }

    /** SpatialPad's method: "symmetric" (default) or "end". */
    public ResizeWithPadOrCrop method(String m) { padder.method(m); return this; }

    /** The pad mode (default constant). */
    public ResizeWithPadOrCrop mode(String m) { padder.mode(m); return this; }

    /** The constant pad value (default 0). */
    public ResizeWithPadOrCrop value(double v) { padder.value(v); return this; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        if (Lazy.isLazy(lazy)) {
            // MONAI's lazy form: the crop's and the pad's pending operations become one, map crop @ pad, with both records
            MetaTensor out = Lazy.with(true, () -> padder.apply(cropper.apply(img, rs), rs));
            Map<String, Object> padInfo = out.pendingOperations().removeLast();
            Map<String, Object> cropInfo = out.pendingOperations().removeLast();
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put(CropForeground.PAD_INFO, padInfo);
            extra.put(CROP_INFO, cropInfo);
            double[][] map = AffineMath.matmul((double[][]) cropInfo.get(LazyAttr.AFFINE), (double[][]) padInfo.get(LazyAttr.AFFINE));
            return Lazy.push(out, this, map, (long[]) padInfo.get(LazyAttr.SHAPE), extra, true);
        }
        MetaTensor out = padder.apply(cropper.apply(img, rs), rs);
        Map<String, Object> padInfo = out.appliedOperations().removeLast();
        Map<String, Object> cropInfo = out.appliedOperations().removeLast();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put(CropForeground.PAD_INFO, padInfo);
        extra.put(CROP_INFO, cropInfo);
        AppliedOperations.push(out, this, (long[]) cropInfo.get(AppliedOperations.ORIG_SIZE), extra);
        return out;
    }

    @SuppressWarnings("unchecked")
    @Override public MetaTensor inverse(MetaTensor img) {
        Map<String, Object> op = AppliedOperations.last(img, this);
        Map<String, Object> extra = AppliedOperations.extraInfo(op);
        MetaTensor back = Crop.uncrop(Pad.unpad(img, (Map<String, Object>) extra.get(CropForeground.PAD_INFO)),
                (Map<String, Object>) extra.get(CROP_INFO));
        return Crop.restored(img, back);
    }
}
