package dev.axial.nn.layers;

import dev.axial.autograd.Variable;
import dev.axial.autograd.ops.NormOps;

/**
 * Instance normalization over 1 to 3 spatial dims, {@code torch.nn.InstanceNorm1d/2d/3d}: PyTorch's defaults eps
 * 1e-5, momentum 0.1, {@code affine=false}, {@code track_running_stats=false}, so by default it has no state-dict
 * entries (MONAI's Norm factory builds it with these defaults). Each (sample, channel) is normalized by its own
 * statistics, except in eval with tracked running statistics. Unbatched (C, spatial...) input is accepted.
 *
 * <pre>{@code
 * InstanceNormNd in = new InstanceNorm3d(16, 1e-5, 0.1, true, false);   // affine: keys weight, bias
 * }</pre>
 */
public class InstanceNormNd extends NormBase {
    protected InstanceNormNd(int spatialDims, int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(spatialDims, numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override public Variable forward(Variable input) {
        // PyTorch only warns on a channel mismatch without affine or running stats (nothing per channel is used)
        checkInput(input, true, affine || trackRunningStats);
        boolean unbatched = input.dim() == spatialDims + 1;
        Variable x = unbatched ? input.unsqueeze(0) : input;
        // NOTE: PyTorch's _InstanceNorm never increments num_batches_tracked
        Variable y = NormOps.instanceNorm(x, runningMean(), runningVar(), weight, bias, isTraining() || !trackRunningStats, momentum, eps);
        return unbatched ? y.squeeze(0) : y;
    }
}
