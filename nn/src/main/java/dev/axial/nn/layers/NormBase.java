package dev.axial.nn.layers;

import dev.axial.autograd.Variable;
import dev.axial.nn.Module;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Shapes;
import dev.axial.tensor.Tensor;

/**
 * What batch and instance norm share, PyTorch's {@code _NormBase}: with {@code affine}, parameters {@code weight}
 * (ones) and {@code bias} (zeros) of [numFeatures]; with {@code trackRunningStats}, buffers {@code running_mean}
 * (zeros), {@code running_var} (ones) and {@code num_batches_tracked} (an int64 scalar, 0). Without them the
 * entries are absent from the state dict, as in PyTorch.
 *
 * <pre>{@code
 * NormBase bn = new BatchNorm3d(16);   // keys weight, bias, running_mean, running_var, num_batches_tracked
 * }</pre>
 */
public abstract class NormBase extends Module {
    protected final int spatialDims, numFeatures;
    protected final double eps, momentum;
    protected final boolean affine, trackRunningStats;
    protected final Variable weight, bias;

    protected NormBase(int spatialDims, int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        if (spatialDims < 1 || spatialDims > 3) throw new IllegalArgumentException(getClass().getSimpleName() + ": spatial dims must be 1, 2 or 3");
        if (numFeatures <= 0) throw new IllegalArgumentException(getClass().getSimpleName() + ": num_features must be positive, got " + numFeatures);
        if (!(eps > 0)) throw new IllegalArgumentException(getClass().getSimpleName() + ": eps must be > 0, got " + eps);
        if (!(momentum >= 0 && momentum <= 1))
            throw new IllegalArgumentException(getClass().getSimpleName() + ": momentum must be in [0, 1], got " + momentum);
        this.spatialDims = spatialDims;
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.trackRunningStats = trackRunningStats;
        weight = affine ? registerParameter("weight", Tensor.ones(numFeatures)) : null;
        bias = affine ? registerParameter("bias", Tensor.zeros(numFeatures)) : null;
        registerBuffer("running_mean", trackRunningStats ? Tensor.zeros(numFeatures) : null);
        registerBuffer("running_var", trackRunningStats ? Tensor.ones(numFeatures) : null);
        registerBuffer("num_batches_tracked", trackRunningStats ? Tensor.zeros(DType.INT64, Device.CPU) : null);
    }

    /** Null without affine. */
    public final Variable weight() { return weight; }

    /** Null without affine. */
    public final Variable bias() { return bias; }

    /** The running mean (null without trackRunningStats); read it at each use, {@link #to} replaces it. */
    public final Tensor runningMean() { return buffer("running_mean"); }

    public final Tensor runningVar() { return buffer("running_var"); }

    /** How many training forwards updated the running statistics (null without trackRunningStats). */
    public final Tensor numBatchesTracked() { return buffer("num_batches_tracked"); }

    public final int numFeatures() { return numFeatures; }

    public final double eps() { return eps; }

    public final double momentum() { return momentum; }

    public final boolean affine() { return affine; }

    public final boolean trackRunningStats() { return trackRunningStats; }

    /** Checks (N, C, spatial...) or, where {@code unbatchedOk}, (C, spatial...) with C = numFeatures. */
    protected final void checkInput(Variable input, boolean unbatchedOk, boolean checkChannels) {
        int d = input.dim();
        boolean rankOk = d == spatialDims + 2 || (unbatchedOk && d == spatialDims + 1);
        if (!rankOk || (checkChannels && input.size(d - spatialDims - 1) != numFeatures))
            throw new IllegalArgumentException(getClass().getSimpleName() + "(" + numFeatures + "): expected input (N, "
                    + numFeatures + ", " + spatialDims + " spatial dims)" + (unbatchedOk ? " or unbatched" : "") + ", got "
                    + Shapes.str(input.shape()));
    }

    @Override protected String extraRepr() {
        return numFeatures + ", eps=" + py(eps) + ", momentum=" + py(momentum) + ", affine=" + (affine ? "True" : "False")
                + ", track_running_stats=" + (trackRunningStats ? "True" : "False");
    }

    /** A double as Python's repr writes the usual values (1e-05, 0.1). */
    static String py(double v) {
        String s = Double.toString(v);
        int e = s.indexOf('E');
        if (e < 0) return s;
        String mant = s.substring(0, e);
        if (mant.endsWith(".0")) mant = mant.substring(0, mant.length() - 2);
        int exp = Integer.parseInt(s.substring(e + 1));
        return mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
}
