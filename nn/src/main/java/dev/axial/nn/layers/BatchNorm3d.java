package dev.axial.nn.layers;

/**
 * {@code torch.nn.BatchNorm3d}; see {@link BatchNormNd}.
 *
 * <pre>{@code
 * BatchNorm3d n = new BatchNorm3d(16);   // eps 1e-5, momentum 0.1, affine, tracking running statistics
 * }</pre>
 */
public class BatchNorm3d extends BatchNormNd {
    /** PyTorch's defaults: eps 1e-5, momentum 0.1, affine, tracking running statistics. */
    public BatchNorm3d(int numFeatures) { this(numFeatures, 1e-5, 0.1, true, true); }

    public BatchNorm3d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(3, numFeatures, eps, momentum, affine, trackRunningStats);
    }
}
