package dev.axial.transforms;

import dev.axial.tensor.MetaTensor;

/**
 * A transform that records what it did on the image's applied operations (MONAI's {@code TraceKeys}: class, id,
 * orig_size, extra_info, do_transforms, lazy) and can undo it: {@link #inverse} pops the last entry, checks
 * that it is this transform's, and brings the image back (up to interpolation error).
 *
 * <pre>{@code
 * MetaTensor padded = pad.apply(img);
 * MetaTensor back = pad.inverse(padded);          // img's shape and affine again
 * }</pre>
 */
public interface InvertibleTransform {
    /** Undoes the last operation recorded on {@code img}, which must be this transform's. */
    MetaTensor inverse(MetaTensor img);
}
