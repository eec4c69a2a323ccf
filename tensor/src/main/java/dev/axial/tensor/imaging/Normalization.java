package dev.axial.tensor.imaging;

import dev.axial.tensor.DType;
import dev.axial.tensor.Shapes;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * Normalization layers' functional forms, as torch.nn.functional: batch norm (training: batch statistics and the
 * running-stat update; eval: running statistics), instance norm, group norm, layer norm and local response norm,
 * each with its backward. Inputs are (N, C, spatial...) float32 or float64; statistics are computed two-pass in
 * double, so inputs with a large mean (CT intensities around 1e3..1e4) normalize as exactly as centred ones.
 *
 * <pre>{@code
 * Tensor runMean = Tensor.zeros(16), runVar = Tensor.ones(16);
 * NormResult r = Normalization.batchNorm(x, runMean, runVar, w, b, true);   // updates runMean, runVar in place
 * NormGrads g = Normalization.batchNormBackward(gy, x, w, r.mean(), r.invstd(), true);
 * }</pre>
 */
public final class Normalization {
    private Normalization() {}

    /** PyTorch's default eps for every norm here. */
    public static final double EPS = 1e-5;
    /** PyTorch's default momentum of the running statistics. */
    public static final double MOMENTUM = 0.1;

    // ---- batch norm ------------------------------------------------------------------------------------------

    /** Eval-mode batch norm with running statistics and no affine parameters (F.batch_norm's defaults). */
    public static NormResult batchNorm(Tensor input, Tensor runningMean, Tensor runningVar) {
        return batchNorm(input, runningMean, runningVar, null, null, false, MOMENTUM, EPS);
    }

    /** Batch norm with momentum 0.1 and eps 1e-5. */
    public static NormResult batchNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias, boolean training) {
        return batchNorm(input, runningMean, runningVar, weight, bias, training, MOMENTUM, EPS);
    }

    /**
     * F.batch_norm over dim 1 of input (N, C, spatial...). Training normalizes with the batch mean and biased
     * variance and, where given, updates {@code runningMean}/{@code runningVar} in place:
     * {@code r = (1 - momentum) r + momentum stat}, with the unbiased variance. Eval normalizes with the running
     * statistics (required). weight, bias, runningMean, runningVar: 1-D of C elements, input's dtype, or null.
     * The result holds save_mean and save_invstd for {@link #batchNormBackward} (in eval: the running mean and
     * 1/sqrt(running_var + eps)).
     */
    public static NormResult batchNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                       boolean training, double momentum, double eps) {
        String op = "batchNorm";
        long c = checkInput(op, input, 2);
        checkParams(op, input, c, runningMean, runningVar, weight, bias, training);
        if (!training && (runningMean == null || runningVar == null))
            throw TensorException.of(op, "running_mean and running_var must be defined in evaluation mode", input);
        if (training && input.numel() / Math.max(1, c) == 1)
            throw TensorException.of(op, "Expected more than 1 value per channel when training, got input size " + Shapes.str(input.shape()), input);
        return batchNormImpl(input, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    private static NormResult batchNormImpl(Tensor input, Tensor rMean, Tensor rVar, Tensor weight, Tensor bias,
                                            boolean training, double momentum, double eps) {
        long c = input.size(1);
        try (Temps t = new Temps()) {
            Tensor x = t.contig(input), w = t.contig(weight), b = t.contig(bias);
            Tensor rm = t.contig(rMean), rv = t.contig(rVar);
            Tensor y = Tensor.empty(input.dtype(), input.device(), input.shape());
            if (training) {
                Tensor mean = Tensor.empty(input.dtype(), input.device(), c), invstd = Tensor.empty(input.dtype(), input.device(), c);
                if (input.numel() == 0) {
                    // NOTE: the statistics of nothing (mean 0, variance 0); running stats stay as they were
                    mean.fill_(0);
                    invstd.fill_(1 / Math.sqrt(eps));
                } else {
                    input.backend().batchNormForwardTraining(y, x, w, b, rm, rv, momentum, eps, mean, invstd);
                    if (rm != rMean) rMean.copy_(rm);
                    if (rv != rVar) rVar.copy_(rv);
                }
                return new NormResult(y, mean, invstd);
            }
            if (input.numel() > 0) input.backend().batchNormForwardInference(y, x, w, b, rm, rv, eps);
            Tensor shifted = t.add(rv.add(eps));
            return new NormResult(y, rm.copy(), shifted.rsqrt());
        }
    }

    /**
     * Gradients of {@link #batchNorm} from the upstream gradient and the saved statistics. With {@code training} the
     * gradient flows through the batch statistics too; without (eval), input's gradient is gradOut * weight * invstd.
     */
    public static NormGrads batchNormBackward(Tensor gradOut, Tensor input, Tensor weight, Tensor saveMean, Tensor saveInvstd, boolean training) {
        String op = "batchNormBackward";
        long c = checkInput(op, input, 2);
        checkGrad(op, gradOut, input);
        checkParams(op, input, c, saveMean, saveInvstd, weight, null, false);
        if (saveMean == null || saveInvstd == null) throw TensorException.of(op, "saveMean and saveInvstd are required", input);
        return batchNormBackwardImpl(gradOut, input, weight, saveMean, saveInvstd, training);
    }

    private static NormGrads batchNormBackwardImpl(Tensor gradOut, Tensor input, Tensor weight, Tensor mean, Tensor invstd, boolean training) {
        long c = input.size(1);
        DType dt = input.dtype();
        try (Temps t = new Temps()) {
            Tensor gi = Tensor.empty(dt, input.device(), input.shape());
            Tensor gw = Tensor.zeros(dt, input.device(), c), gb = Tensor.zeros(dt, input.device(), c);
            if (input.numel() > 0) {
                input.backend().batchNormBackward(gi, gw, gb, t.contig(gradOut), t.contig(input), t.contig(weight),
                        t.contig(mean), t.contig(invstd), training);
            }
            return new NormGrads(gi, gw, gb);
        }
    }

    // ---- instance norm ---------------------------------------------------------------------------------------

    /** F.instance_norm's defaults: input statistics, no running stats, no affine, eps 1e-5. */
    public static NormResult instanceNorm(Tensor input) {
        return instanceNorm(input, null, null, null, null, true, MOMENTUM, EPS);
    }

    /**
     * F.instance_norm: each (n, c) plane normalized with its own statistics ({@code useInputStats}), or with the
     * running statistics (per channel) when not. Running stats, where given with {@code useInputStats}, are updated
     * with the average over the batch of the per-instance statistics. Computed as batch norm on the (1, N*C, ...)
     * view; the result's mean and invstd have N*C elements.
     */
    public static NormResult instanceNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                          boolean useInputStats, double momentum, double eps) {
        String op = "instanceNorm";
        long c = checkInput(op, input, 2);
        checkParams(op, input, c, runningMean, runningVar, weight, bias, useInputStats);
        if (!useInputStats && (runningMean == null || runningVar == null))
            throw TensorException.of(op, "Expected running_mean and running_var to be defined when use_input_stats is false", input);
        long n = input.size(0);
        if (useInputStats && n * c > 0 && input.numel() / (n * c) == 1)
            throw TensorException.of(op, "Expected more than 1 spatial element when training, got input size " + Shapes.str(input.shape()), input);
        try (Temps t = new Temps()) {
            Tensor x = t.contig(input).view(planes(input));
            Tensor rm = t.add(repeat(runningMean, n)), rv = t.add(repeat(runningVar, n));
            NormResult r = batchNormImpl(x, rm, rv, t.add(repeat(weight, n)), t.add(repeat(bias, n)), useInputStats, momentum, eps);
            if (useInputStats) {
                if (runningMean != null) runningMean.copy_(t.add(rm.view(n, c).mean(0)));
                if (runningVar != null) runningVar.copy_(t.add(rv.view(n, c).mean(0)));
            }
            return new NormResult(r.output().view(input.shape()), r.mean(), r.invstd());
        }
    }

    /** Gradients of {@link #instanceNorm} from its saved statistics (N*C elements); weight/bias grads summed over N. */
    public static NormGrads instanceNormBackward(Tensor gradOut, Tensor input, Tensor weight, Tensor saveMean, Tensor saveInvstd,
                                                 boolean useInputStats) {
        String op = "instanceNormBackward";
        long c = checkInput(op, input, 2);
        checkGrad(op, gradOut, input);
        checkParams(op, input, c, null, null, weight, null, false);
        long n = input.size(0);
        for (Tensor s : new Tensor[]{saveMean, saveInvstd}) {
            if (s == null || s.numel() != n * c || s.dtype() != input.dtype() || !s.device().equals(input.device()))
                throw TensorException.of(op, "saveMean and saveInvstd must hold N*C = " + n * c + " values of the input's dtype", input, s);
        }
        try (Temps t = new Temps()) {
            Tensor x = t.contig(input).view(planes(input)), g = t.contig(gradOut).view(planes(input));
            NormGrads r = batchNormBackwardImpl(g, x, t.add(repeat(weight, n)), t.contig(saveMean).reshape(n * c), t.contig(saveInvstd).reshape(n * c),
                    useInputStats);
            t.add(r.gradWeight());
            t.add(r.gradBias());
            return new NormGrads(r.gradInput().view(input.shape()), r.gradWeight().view(n, c).sum(0), r.gradBias().view(n, c).sum(0));
        }
    }

    /** (1, N*C, spatial...): instance norm's batch-norm view. */
    private static long[] planes(Tensor input) {
        long[] s = input.shape();
        s[1] *= s[0];
        s[0] = 1;
        return s;
    }

    /** t (C) repeated n times as a new contiguous (n*C) tensor, or null. */
    private static Tensor repeat(Tensor t, long n) {
        if (t == null) return null;
        long c = t.numel();
        return t.reshape(1, c).expand(n, c).copy().view(n * c);
    }

    // ---- group norm ------------------------------------------------------------------------------------------

    /** Group norm with no affine parameters and eps 1e-5. */
    public static NormResult groupNorm(Tensor input, int numGroups) { return groupNorm(input, numGroups, null, null, EPS); }

    /**
     * F.group_norm: the C channels of input (N, C, spatial...) split into {@code numGroups} groups, each (n, group)
     * normalized with its own statistics, then y * weight[c] + bias[c]. The result's mean and invstd are (N, numGroups).
     */
    public static NormResult groupNorm(Tensor input, int numGroups, Tensor weight, Tensor bias, double eps) {
        String op = "groupNorm";
        long c = checkInput(op, input, 2);
        checkGroups(op, input, c, numGroups);
        checkParams(op, input, c, null, null, weight, bias, false);
        long n = input.size(0);
        try (Temps t = new Temps()) {
            Tensor y = Tensor.empty(input.dtype(), input.device(), input.shape());
            Tensor mean = Tensor.empty(input.dtype(), input.device(), n, numGroups), rstd = Tensor.empty(input.dtype(), input.device(), n, numGroups);
            input.backend().groupNormForward(y, mean, rstd, t.contig(input), t.contig(weight), t.contig(bias), numGroups, eps);
            return new NormResult(y, mean, rstd);
        }
    }

    /** Gradients of {@link #groupNorm} from its saved mean and rstd (N, numGroups). */
    public static NormGrads groupNormBackward(Tensor gradOut, Tensor input, Tensor mean, Tensor rstd, Tensor weight, int numGroups) {
        String op = "groupNormBackward";
        long c = checkInput(op, input, 2);
        checkGrad(op, gradOut, input);
        checkGroups(op, input, c, numGroups);
        checkParams(op, input, c, null, null, weight, null, false);
        long n = input.size(0);
        checkStats(op, input, n * numGroups, mean, rstd);
        try (Temps t = new Temps()) {
            DType dt = input.dtype();
            Tensor gi = Tensor.empty(dt, input.device(), input.shape());
            Tensor gw = Tensor.empty(dt, input.device(), c), gb = Tensor.empty(dt, input.device(), c);
            input.backend().groupNormBackward(gi, gw, gb, t.contig(gradOut), t.contig(input), t.contig(mean), t.contig(rstd),
                    t.contig(weight), numGroups);
            return new NormGrads(gi, gw, gb);
        }
    }

    // ---- layer norm ------------------------------------------------------------------------------------------

    /** Layer norm with no affine parameters and eps 1e-5. */
    public static NormResult layerNorm(Tensor input, long... normalizedShape) { return layerNorm(input, normalizedShape, null, null, EPS); }

    /**
     * F.layer_norm: normalizes over the trailing dims {@code normalizedShape}, then y * weight + bias elementwise
     * (weight, bias of shape normalizedShape, or null). The result's mean and invstd have input's leading dims and
     * size 1 in the normalized ones, as torch.native_layer_norm.
     */
    public static NormResult layerNorm(Tensor input, long[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        String op = "layerNorm";
        long[] rc = checkLayer(op, input, normalizedShape, weight, bias);
        try (Temps t = new Temps()) {
            Tensor y = Tensor.empty(input.dtype(), input.device(), input.shape());
            long[] statShape = statShape(input, normalizedShape.length);
            Tensor mean = Tensor.empty(input.dtype(), input.device(), statShape), rstd = Tensor.empty(input.dtype(), input.device(), statShape);
            input.backend().layerNormForward(y, mean, rstd, t.contig(input), t.contig(weight), t.contig(bias), rc[0], rc[1], eps);
            return new NormResult(y, mean, rstd);
        }
    }

    /** Gradients of {@link #layerNorm} from its saved mean and rstd; weight and bias grads have normalizedShape. */
    public static NormGrads layerNormBackward(Tensor gradOut, Tensor input, long[] normalizedShape, Tensor mean, Tensor rstd, Tensor weight) {
        String op = "layerNormBackward";
        long[] rc = checkLayer(op, input, normalizedShape, weight, null);
        checkGrad(op, gradOut, input);
        checkStats(op, input, rc[0], mean, rstd);
        try (Temps t = new Temps()) {
            DType dt = input.dtype();
            Tensor gi = Tensor.empty(dt, input.device(), input.shape());
            Tensor gw = Tensor.zeros(dt, input.device(), normalizedShape), gb = Tensor.zeros(dt, input.device(), normalizedShape);
            if (rc[0] * rc[1] > 0) {
                input.backend().layerNormBackward(gi, gw, gb, t.contig(gradOut), t.contig(input), t.contig(mean), t.contig(rstd),
                        t.contig(weight), rc[0], rc[1]);
            }
            return new NormGrads(gi, gw, gb);
        }
    }

    /** {rows, cols} of input viewed as (rows, prod(normalizedShape)), after checking the shapes. */
    private static long[] checkLayer(String op, Tensor input, long[] normalizedShape, Tensor weight, Tensor bias) {
        checkFloat(op, input);
        int k = normalizedShape.length, r = input.dim();
        long[] s = input.shape();
        boolean ok = k >= 1 && k <= r;
        for (int i = 0; ok && i < k; i++) ok = s[r - k + i] == normalizedShape[i];
        if (!ok)
            throw TensorException.of(op, "Given normalized_shape=" + Shapes.str(normalizedShape) + ", expected input with shape [*, "
                    + Shapes.str(normalizedShape).substring(1) + ", but got input of size " + Shapes.str(s), input);
        for (Tensor p : new Tensor[]{weight, bias}) {
            if (p == null) continue;
            checkSame(op, input, p);
            if (!Arrays.equals(p.shape(), normalizedShape))
                throw TensorException.of(op, "Expected weight and bias to be of the same shape as normalized_shape "
                        + Shapes.str(normalizedShape), input, p);
        }
        long cols = Shapes.numel(normalizedShape);
        return new long[]{cols == 0 ? 0 : input.numel() / cols, cols};
    }

    private static long[] statShape(Tensor input, int k) {
        long[] s = input.shape();
        for (int i = s.length - k; i < s.length; i++) s[i] = 1;
        return s;
    }

    // ---- local response norm ---------------------------------------------------------------------------------

    /** Local response norm with alpha 1e-4, beta 0.75, k 1 (PyTorch's defaults). */
    public static Tensor localResponseNorm(Tensor input, int size) { return localResponseNorm(input, size, 1e-4, 0.75, 1.0); }

    /**
     * F.local_response_norm over channels of input (N, C, spatial...), rank 3 or more:
     * {@code y = x / (k + alpha / size * sum of x^2 over the channels [c - size/2, c + (size-1)/2])^beta},
     * channels outside [0, C) counting as 0.
     */
    public static Tensor localResponseNorm(Tensor input, int size, double alpha, double beta, double k) {
        String op = "localResponseNorm";
        checkLrn(op, input, size);
        try (Temps t = new Temps()) {
            Tensor y = Tensor.empty(input.dtype(), input.device(), input.shape());
            if (input.numel() > 0) input.backend().localResponseNorm(y, t.contig(input), size, alpha, beta, k);
            return y;
        }
    }

    /** Gradient of {@link #localResponseNorm} with respect to its input. */
    public static Tensor localResponseNormBackward(Tensor gradOut, Tensor input, int size, double alpha, double beta, double k) {
        String op = "localResponseNormBackward";
        checkLrn(op, input, size);
        checkGrad(op, gradOut, input);
        try (Temps t = new Temps()) {
            Tensor gi = Tensor.empty(input.dtype(), input.device(), input.shape());
            if (input.numel() > 0) input.backend().localResponseNormBackward(gi, t.contig(gradOut), t.contig(input), size, alpha, beta, k);
            return gi;
        }
    }

    private static void checkLrn(String op, Tensor input, int size) {
        checkFloat(op, input);
        if (input.dim() < 3)
            throw TensorException.of(op, "Expected 3D or higher dimensionality input (got " + input.dim() + " dimensions)", input);
        if (size < 1) throw TensorException.of(op, "size must be >= 1, got " + size, input);
    }

    // ---- checks ----------------------------------------------------------------------------------------------

    /** Checks dtype and rank of an (N, C, ...) input; returns C. */
    private static long checkInput(String op, Tensor input, int minRank) {
        checkFloat(op, input);
        if (input.dim() < minRank)
            throw TensorException.of(op, "expected an input of rank >= " + minRank + " (N, C, spatial...), got rank " + input.dim(), input);
        return input.size(1);
    }

    private static void checkFloat(String op, Tensor input) {
        if (input == null) throw new TensorException(op + ": input is null");
        input.checkAlive(op);
        if (input.dtype() != DType.FLOAT32 && input.dtype() != DType.FLOAT64)
            throw TensorException.of(op, "expected a float32 or float64 input, got " + input.dtype(), input);
    }

    private static void checkSame(String op, Tensor input, Tensor p) {
        p.checkAlive(op);
        if (p.dtype() != input.dtype())
            throw TensorException.of(op, "expected parameters of the input's dtype " + input.dtype() + ", got " + p.dtype(), input, p);
        if (!p.device().equals(input.device()))
            throw TensorException.of(op, "expected parameters on the input's device " + input.device(), input, p);
    }

    /** Running stats (written in place when {@code writes}), weight and bias: 1-D of C elements, input's dtype and device. */
    private static void checkParams(String op, Tensor input, long c, Tensor rMean, Tensor rVar, Tensor weight, Tensor bias, boolean writes) {
        String[] names = {"running_mean", "running_var", "weight", "bias"};
        Tensor[] ps = {rMean, rVar, weight, bias};
        for (int i = 0; i < 4; i++) {
            Tensor p = ps[i];
            if (p == null) continue;
            checkSame(op, input, p);
            if (p.dim() != 1 || p.numel() != c)
                throw TensorException.of(op, names[i] + " should contain " + c + " elements not " + p.numel()
                        + " (input has " + c + " channels)", input, p);
            if (writes && i < 2 && c > 1 && p.stride(0) == 0)
                throw TensorException.of(op, names[i] + " is updated in place but is a broadcast (stride 0) view", input, p);
        }
    }

    private static void checkGroups(String op, Tensor input, long c, int numGroups) {
        if (numGroups <= 0 || c % numGroups != 0)
            throw TensorException.of(op, "Expected number of channels in input to be divisible by num_groups, but got input of shape "
                    + Shapes.str(input.shape()) + " and num_groups=" + numGroups, input);
    }

    private static void checkGrad(String op, Tensor gradOut, Tensor input) {
        if (gradOut == null) throw TensorException.of(op, "gradOut is null", input);
        checkSame(op, input, gradOut);
        if (!Arrays.equals(gradOut.shape(), input.shape()))
            throw TensorException.of(op, "gradOut must have the input's shape", gradOut, input);
    }

    private static void checkStats(String op, Tensor input, long count, Tensor mean, Tensor rstd) {
        for (Tensor s : new Tensor[]{mean, rstd}) {
            if (s == null) throw TensorException.of(op, "mean and rstd are required", input);
            checkSame(op, input, s);
            if (s.numel() != count)
                throw TensorException.of(op, "expected saved statistics of " + count + " elements, got " + s.numel(), input, s);
        }
    }

    /** Contiguous copies made on the way in, freed on the way out (the caller's tensors are never closed). */
    private static final class Temps implements AutoCloseable {
        private final ArrayList<Tensor> owned = new ArrayList<>();

        Tensor contig(Tensor t) {
            if (t == null) return null;
            Tensor c = t.contiguous();
            if (c != t) owned.add(c);
            return c;
        }

        Tensor add(Tensor t) {
            if (t != null) owned.add(t);
            return t;
        }

        @Override public void close() {
            for (Tensor t : owned) t.close();
        }
    }
}
