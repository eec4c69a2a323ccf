package dev.axial.nn.layers;

/**
 * {@code torch.nn.InstanceNorm2d}; see {@link InstanceNormNd}.
 *
 * <pre>{@code
 * InstanceNorm2d n = new InstanceNorm2d(16);   // eps 1e-5, momentum 0.1, no affine, no running statistics
 * }</pre>
 */
public class InstanceNorm2d extends InstanceNormNd {
    /** PyTorch's defaults: eps 1e-5, momentum 0.1, no affine, no running statistics. */
    public InstanceNorm2d(int numFeatures) { this(numFeatures, 1e-5, 0.1, false, false); }

    public InstanceNorm2d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(2, numFeatures, eps, momentum, affine, trackRunningStats);
    }
}
