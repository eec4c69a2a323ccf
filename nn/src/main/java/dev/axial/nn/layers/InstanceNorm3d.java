package dev.axial.nn.layers;

/**
 * {@code torch.nn.InstanceNorm3d}; see {@link InstanceNormNd}.
 *
 * <pre>{@code
 * InstanceNorm3d n = new InstanceNorm3d(16);   // eps 1e-5, momentum 0.1, no affine, no running statistics
 * }</pre>
 */
public class InstanceNorm3d extends InstanceNormNd {
    /** PyTorch's defaults: eps 1e-5, momentum 0.1, no affine, no running statistics. */
    public InstanceNorm3d(int numFeatures) { this(numFeatures, 1e-5, 0.1, false, false); }

    public InstanceNorm3d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(3, numFeatures, eps, momentum, affine, trackRunningStats);
    }
}
