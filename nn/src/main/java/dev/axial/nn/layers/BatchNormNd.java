package dev.axial.nn.layers;

import dev.axial.autograd.Variable;
import dev.axial.autograd.ops.NormOps;

/**
 * Batch normalization over 1 to 3 spatial dims, {@code torch.nn.BatchNorm1d/2d/3d} (defaults eps 1e-5, momentum 0.1,
 * affine, track_running_stats). In training it normalizes with the batch statistics and, when tracking, updates the
 * running ones (unbiased variance, as PyTorch) and counts {@code num_batches_tracked}; in eval it uses the running
 * statistics, or the batch's when not tracking. PyTorch's {@code momentum=None} (cumulative average) is not offered.
 *
 * <pre>{@code
 * BatchNormNd bn = new BatchNorm3d(16);
 * Variable y = bn.forward(x);   // x: (N, 16, D, H, W)
 * }</pre>
 */
public class BatchNormNd extends NormBase {
    protected BatchNormNd(int spatialDims, int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(spatialDims, numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override public Variable forward(Variable input) {
        // BatchNorm1d takes (N, C) as well as (N, C, L); the others need the batch dim
        boolean flat1d = spatialDims == 1 && input.dim() == 2 && input.size(1) == numFeatures;
        if (!flat1d) checkInput(input, false, true);
        boolean training = isTraining();
        if (training && trackRunningStats) numBatchesTracked().add_(1);
        // without running statistics (untracked) the batch's are used in eval too, as PyTorch
        return NormOps.batchNorm(input, runningMean(), runningVar(), weight, bias, training || !trackRunningStats, momentum, eps);
    }
}
