package dev.axial.transforms.utility;

import dev.axial.tensor.Tensor;
import dev.axial.transforms.TransformException;

/** What {@link FgBgToIndices} and {@link ClassesToIndices} share: MONAI's flat indices and unravel_indices. */
final class Indices {
    private Indices() {}

    /** The label array of a MetaTensor or Tensor, else a TransformException naming {@code who}. */
    static Tensor label(dev.axial.transforms.Transform who, Object data) {
        if (data instanceof dev.axial.tensor.MetaTensor m) return m.array();
        if (data instanceof Tensor t) return t;
        throw new TransformException(who.name() + ": needs a label MetaTensor or Tensor, got " + (data == null ? "null" : data.getClass().getSimpleName()));
    }

    /** Row-major flat indices of the true voxels of a spatial boolean mask (MONAI's nonzero(ravel(mask))), int64 on the CPU. */
    static Tensor flatNonzero(Tensor mask) {
        return mask.cpu().reshape(-1).nonzero().reshape(-1);
    }

    /** The voxels where any channel of {@code image} exceeds {@code threshold}: MONAI's {@code (image > thr).any(0)}. */
    static Tensor imageMask(String who, Tensor image, double threshold, long[] spatial) {
        Tensor m = image.gt(threshold).any(new int[]{0}, false);
        if (!java.util.Arrays.equals(m.shape(), spatial))
            throw new TransformException(who + ": the image " + image.describe() + " does not match the label's spatial shape "
                    + java.util.Arrays.toString(spatial));
        return m;
    }

    /** MONAI's unravel_indices: flat indices to coordinates of {@code shape}, (n, shape.length) int64. */
    static Tensor unravel(String who, Tensor flat, long[] shape) {
        long[] idx = flat.toLongArray();
        long numel = 1;
        for (long s : shape) numel *= s;
        long[] out = new long[idx.length * shape.length];
        for (int i = 0; i < idx.length; i++) {
            long v = idx[i];
            if (v >= numel) throw new TransformException(who + ": index " + v + " does not fit output_shape " + java.util.Arrays.toString(shape));
            for (int d = shape.length - 1; d >= 0; d--) {
                out[i * shape.length + d] = v % shape[d];
                v /= shape[d];
            }
        }
        return Tensor.of(out, idx.length, shape.length);
    }
}
