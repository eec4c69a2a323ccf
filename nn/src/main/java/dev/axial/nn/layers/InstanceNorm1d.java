package dev.axial.nn.layers;

/**
 * {@code torch.nn.InstanceNorm1d}; see {@link InstanceNormNd}.
 *
 * <pre>{@code
 * InstanceNorm1d n = new InstanceNorm1d(16);   // eps 1e-5, momentum 0.1, no affine, no running statistics
 * }</pre>
 */
public class InstanceNorm1d extends InstanceNormNd {
    /** PyTorch's defaults: eps 1e-5, momentum 0.1, no affine, no running statistics. */
    public InstanceNorm1d(int numFeatures) { this(numFeatures, 1e-5, 0.1, false, false); }

    public InstanceNorm1d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(1, numFeatures, eps, momentum, affine, trackRunningStats);
    }
}
