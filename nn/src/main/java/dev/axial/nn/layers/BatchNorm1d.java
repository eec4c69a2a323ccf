package dev.axial.nn.layers;

/**
 * {@code torch.nn.BatchNorm1d}; see {@link BatchNormNd}.
 *
 * <pre>{@code
 * BatchNorm1d n = new BatchNorm1d(16);   // eps 1e-5, momentum 0.1, affine, tracking running statistics
 * }</pre>
 */
public class BatchNorm1d extends BatchNormNd {
    /** PyTorch's defaults: eps 1e-5, momentum 0.1, affine, tracking running statistics. */
    public BatchNorm1d(int numFeatures) { this(numFeatures, 1e-5, 0.1, true, true); }

    public BatchNorm1d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(1, numFeatures, eps, momentum, affine, trackRunningStats);
    }
}
