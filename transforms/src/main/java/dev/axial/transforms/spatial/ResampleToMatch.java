package dev.axial.transforms.spatial;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import dev.axial.transforms.lazy.Lazy;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.InvertibleTransform;
import dev.axial.transforms.TransformException;

import java.util.Map;

/**
 * MONAI's {@code ResampleToMatch(mode=bilinear, padding_mode=border, align_corners=False, dtype=float64)}: resamples
 * an image onto another image's grid (its affine and spatial shape), as {@link SpatialResample}; the result takes
 * the reference's affine and metadata, keeping its own {@code filename_or_obj}. Inverse as SpatialResample's.
 *
 * <pre>{@code
 * MetaTensor onCt = new ResampleToMatch().apply(pet, ct);
 * }</pre>
 */
public final class ResampleToMatch extends SpatialResample implements InvertibleTransform {
    public ResampleToMatch() {}

    @Override public ResampleToMatch mode(String m) { super.mode(m); return this; }

    @Override public ResampleToMatch paddingMode(String p) { super.paddingMode(p); return this; }

    @Override public ResampleToMatch alignCorners(boolean a) { super.alignCorners(a); return this; }

    @Override public ResampleToMatch dtype(DType d) { super.dtype(d); return this; }

    @Override public ResampleToMatch lazy(boolean lazy) { super.lazy(lazy); return this; }

    /** Needs a reference image: use {@link #apply(MetaTensor, MetaTensor)}. */
    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        throw new TransformException("ResampleToMatch: needs the reference image (img_dst): call apply(img, imgDst); got only an image of shape "
                + java.util.Arrays.toString(img.shape()));
    }

    /** {@code img} resampled onto {@code imgDst}'s affine and spatial shape. */
    public MetaTensor apply(MetaTensor img, MetaTensor imgDst) { return apply(img, imgDst, modeValue()); }

    /** As {@link #apply(MetaTensor, MetaTensor)} with a mode for this call. */
    public MetaTensor apply(MetaTensor img, MetaTensor imgDst, String mode) {
        if (imgDst == null) throw new TransformException("ResampleToMatch: img_dst is missing");
        // MONAI's lazy form: onto img_dst's pending geometry; the affine comes when the pending operations are applied
        if (lazyNow()) return pending(img, Lazy.peekPendingAffine(imgDst), Lazy.peekPendingShape(imgDst), mode, paddingModeValue(),
                alignCornersValue(), dtypeValue(), this);
        MetaTensor out = resample(img, imgDst.affine(), Spatial.spatialShape(imgDst), mode, paddingModeValue(), alignCornersValue(), dtypeValue(), this);
        Object name = img.meta().getOrDefault(MetaKeys.FILENAME_OR_OBJ, "resample_to_match_source");
        for (Map.Entry<String, Object> e : imgDst.meta().entrySet()) out.meta().put(e.getKey(), e.getValue());
        out.meta().put(MetaKeys.FILENAME_OR_OBJ, name);
        out.setAffine(imgDst.affine());
        return out;
    }

    @Override public MetaTensor inverse(MetaTensor img) { return undo(img, this); }
}
