package dev.axial.tensor.imaging;

import dev.axial.tensor.DType;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;

import java.util.Arrays;

/**
 * Connected-component labelling of an N-D mask on the mask's device (CPU: union-find; CUDA: min-label propagation
 * with pointer jumping, kernels/label.cu). Two voxels are neighbours when their index vectors differ by at most 1
 * in every axis and in at most {@code connectivity} axes: 1 = faces, ndim = full (scipy's
 * generate_binary_structure, skimage.measure.label's connectivity). The labels are INT64 of the mask's shape:
 * each foreground voxel carries the <b>smallest row-major linear index of its component</b> (so ascending labels
 * are the components in the raster order of their first voxels, and {@code label == index} marks those first
 * voxels); background voxels carry -1. Exact and identical on every backend.
 *
 * <pre>{@code
 * Tensor labels = Labeling.label(mask, 1);                    // mask (D, H, W) BOOL, 6-connectivity
 * Tensor sizes = labels.add(1).flatten().bincount();          // sizes[l + 1]: voxels labelled l (sizes[0]: background)
 * }</pre>
 */
public final class Labeling {
    private Labeling() {}

    /**
     * Labels {@code mask} (any dtype: non-zero is foreground; rank 1..8) with {@code connectivity} in 1..rank.
     *
     * @throws TensorException for a rank or connectivity out of range
     */
    public static Tensor label(Tensor mask, int connectivity) {
        mask.checkAlive("label");
        int nd = mask.dim();
        if (nd < 1 || nd > 8) throw TensorException.of("label", "the mask must have rank 1..8", mask);
        if (connectivity < 1 || connectivity > nd)
            throw TensorException.of("label", "connectivity " + connectivity + " must be in 1.." + nd + " for shape " + Arrays.toString(mask.shape()), mask);
        Tensor out = Tensor.empty(DType.INT64, mask.device(), mask.shape());
        if (mask.numel() == 0) return out;
        if (mask.numel() > Integer.MAX_VALUE - 8) throw TensorException.of("label", "more than 2^31 voxels", mask);
        Tensor m = mask.dtype() == DType.BOOL ? mask.contiguous() : mask.ne(0);
        try {
            mask.backend().label(out, m, connectivity);
        } finally {
            if (m != mask) m.close();
        }
        return out;
    }
}
