package dev.axial.transforms;

import dev.axial.tensor.MetaTensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading and writing MONAI's applied-operation records ({@link MetaTensor#appliedOperations()}), with MONAI's
 * {@code TraceKeys} names, so that inversion and MONAI-style inspection work the same way.
 *
 * <pre>{@code
 * MetaTensor out = img.withArray(padded);
 * AppliedOperations.push(out, this, img.shape(), Map.of("padded", pads));
 * ...
 * // in inverse(): read the record, then build the result without it (the input is not changed)
 * Map<String, Object> op = AppliedOperations.last(img, this);
 * return AppliedOperations.undone(img, img.array().narrow(...));
 * }</pre>
 */
public final class AppliedOperations {
    public static final String CLASS_NAME = "class";
    public static final String ID = "id";
    public static final String ORIG_SIZE = "orig_size";
    public static final String EXTRA_INFO = "extra_info";
    public static final String DO_TRANSFORM = "do_transforms";
    public static final String LAZY = "lazy";

    private AppliedOperations() {}

    /**
     * Records that {@code transform} made {@code out} from an image of spatial size {@code origSpatialSize};
     * {@code extraInfo} holds what the inverse needs. {@code doTransform} false records a random transform
     * that chose not to act (its inverse is then a no-op), as MONAI does.
     */
    public static void push(MetaTensor out, Transform transform, long[] origSpatialSize, Map<String, Object> extraInfo, boolean doTransform) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put(CLASS_NAME, transform.name());
        op.put(ID, System.identityHashCode(transform));
        op.put(ORIG_SIZE, origSpatialSize.clone());
        op.put(EXTRA_INFO, extraInfo == null ? Map.of() : new LinkedHashMap<>(extraInfo));
        op.put(DO_TRANSFORM, doTransform);
        op.put(LAZY, false);
        out.appliedOperations().add(op);
    }

    public static void push(MetaTensor out, Transform transform, long[] origSpatialSize, Map<String, Object> extraInfo) {
        push(out, transform, origSpatialSize, extraInfo, true);
    }

    /** The last record, which must be {@code transform}'s (same class name), else a clear error; {@code img} is not changed. */
    public static Map<String, Object> last(MetaTensor img, Transform transform) {
        List<Map<String, Object>> ops = img.appliedOperations();
        if (ops.isEmpty())
            throw new TransformException(transform.name() + ".inverse: the image has no applied operations to undo");
        Map<String, Object> last = ops.getLast();
        if (!transform.name().equals(last.get(CLASS_NAME)))
            throw new TransformException(transform.name() + ".inverse: the last applied operation is " + last.get(CLASS_NAME)
                    + ", not " + transform.name() + "; invert in reverse order");
        return last;
    }

    /** {@code img}'s metadata over {@code array}, without {@code img}'s last applied operation: an inverse's result. */
    public static MetaTensor undone(MetaTensor img, dev.axial.tensor.Tensor array) {
        MetaTensor out = img.withArray(array);
        out.appliedOperations().removeLast();
        return out;
    }

    /** The extra_info map of a record. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> extraInfo(Map<String, Object> record) {
        return (Map<String, Object>) record.get(EXTRA_INFO);
    }

    /** The spatial size of a channel-first shape. */
    public static long[] spatialSize(long[] channelFirstShape) {
        return java.util.Arrays.copyOfRange(channelFirstShape, 1, channelFirstShape.length);
    }
}
