package dev.axial.nn.layers;

/**
 * {@code torch.nn.BatchNorm2d}; see {@link BatchNormNd}.
 *
 * <pre>{@code
 * BatchNorm2d n = new BatchNorm2d(16);   // eps 1e-5, momentum 0.1, affine, tracking running statistics
 * }</pre>
 */
public class BatchNorm2d extends BatchNormNd {
    /** PyTorch's defaults: eps 1e-5, momentum 0.1, affine, tracking running statistics. */
    public BatchNorm2d(int numFeatures) { this(numFeatures, 1e-5, 0.1, true, true); }

    public BatchNorm2d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(2, numFeatures, eps, momentum, affine, trackRunningStats);
    }
}
