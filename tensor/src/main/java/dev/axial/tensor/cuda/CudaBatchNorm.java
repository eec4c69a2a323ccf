package dev.axial.tensor.cuda;

import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;
import dev.axial.tensor.cuda.ffi.Cudnn;

/**
 * Batch normalization on CUDA through cuDNN (CUDNN_BATCHNORM_SPATIAL): training forward, inference forward and
 * backward, float32 and float64. x (N, C, spatial...) is described to cuDNN as (N, C, S, 1), S the product of the
 * spatial dims (statistics are per channel, so the spatial layout does not matter); the per-channel tensors as
 * (1, C, 1, 1). A null weight is a vector of ones, a null bias zeros, a gradient not wanted goes to scratch.
 *
 * <p>cuDNN's conventions match the Backend contract: saveMean / saveInvVariance are the batch mean and
 * 1/sqrt(var + eps); running stats become factor * stat + (1 - factor) * running with the unbiased variance.
 * Eval-mode backward (which cuDNN has no call for) is composed of cuDNN calls: the parameter gradients from
 * cudnnBatchNormalizationBackward given the running statistics as the "saved" ones, and
 * dx = g * (invstd * weight) from two inference-mode calls with mean 0 and variance 1 - eps.
 */
final class CudaBatchNorm {
    private CudaBatchNorm() {}

    /** eps used where cuDNN needs one but the saved statistics make it irrelevant. */
    private static final double EPS_UNUSED = 1e-5;

    static void forwardTraining(CudaContext ctx, Tensor y, Tensor x, Tensor weight, Tensor bias, Tensor runningMean,
                                Tensor runningVar, double momentum, double eps, Tensor saveMean, Tensor saveInvstd) {
        CudnnState.guarded("batchNormForwardTraining", () -> forwardTrainingImpl(ctx, y, x, weight, bias, runningMean, runningVar,
                momentum, eps, saveMean, saveInvstd), x, weight, bias, runningMean, runningVar);
    }

    private static void forwardTrainingImpl(CudaContext ctx, Tensor y, Tensor x, Tensor weight, Tensor bias, Tensor runningMean,
                                            Tensor runningVar, double momentum, double eps, Tensor saveMean, Tensor saveInvstd) {
        String op = "batchNormForwardTraining";
        CudnnState st = CudnnState.of(ctx);
        Shape s = Shape.of(op, st, x, eps);
        try (Scope sc = Scope.open()) {
            Tensor w = weight != null ? weight : st.constant(x, s.c, 1), b = bias != null ? bias : st.constant(x, s.c, 0);
            // NOTE: cuDNN takes both running buffers or neither; a lone one gets a scratch partner
            Tensor rm = runningMean, rv = runningVar;
            if (rm == null ^ rv == null) {
                if (rm == null) rm = st.constant(x, s.c, 0);
                else rv = st.constant(x, s.c, 1);
            }
            synchronized (st) {
                long xd = s.x(st), bd = s.bn(st);
                st.dnn.batchNormForwardTraining(st.handle, Cudnn.BATCHNORM_SPATIAL, s.dt, 1, 0, xd, CudaStorage.address(x), xd,
                        CudaStorage.address(y), bd, CudaStorage.address(w), CudaStorage.address(b), momentum, addr(rm), addr(rv),
                        eps, CudaStorage.address(saveMean), CudaStorage.address(saveInvstd));
            }
        }
    }

    static void forwardInference(CudaContext ctx, Tensor y, Tensor x, Tensor weight, Tensor bias, Tensor runningMean,
                                 Tensor runningVar, double eps) {
        CudnnState.guarded("batchNormForwardInference", () -> forwardInferenceImpl(ctx, y, x, weight, bias, runningMean,
                runningVar, eps), x, weight, bias, runningMean, runningVar);
    }

    private static void forwardInferenceImpl(CudaContext ctx, Tensor y, Tensor x, Tensor weight, Tensor bias,
                                             Tensor runningMean, Tensor runningVar, double eps) {
        String op = "batchNormForwardInference";
        CudnnState st = CudnnState.of(ctx);
        Shape s = Shape.of(op, st, x, eps);
        try (Scope sc = Scope.open()) {
            Tensor w = weight != null ? weight : st.constant(x, s.c, 1), b = bias != null ? bias : st.constant(x, s.c, 0);
            synchronized (st) {
                long xd = s.x(st);
                st.dnn.batchNormForwardInference(st.handle, Cudnn.BATCHNORM_SPATIAL, s.dt, 1, 0, xd, CudaStorage.address(x), xd,
                        CudaStorage.address(y), s.bn(st), CudaStorage.address(w), CudaStorage.address(b),
                        CudaStorage.address(runningMean), CudaStorage.address(runningVar), eps);
            }
        }
    }

    static void backward(CudaContext ctx, Tensor gradIn, Tensor gradWeight, Tensor gradBias, Tensor gradOut, Tensor x,
                         Tensor weight, Tensor mean, Tensor invstd, boolean training) {
        CudnnState.guarded("batchNormBackward", () -> backwardImpl(ctx, gradIn, gradWeight, gradBias, gradOut, x, weight, mean,
                invstd, training), gradOut, x, weight, mean, invstd);
    }

    private static void backwardImpl(CudaContext ctx, Tensor gradIn, Tensor gradWeight, Tensor gradBias, Tensor gradOut,
                                     Tensor x, Tensor weight, Tensor mean, Tensor invstd, boolean training) {
        String op = "batchNormBackward";
        CudnnState st = CudnnState.of(ctx);
        Shape s = Shape.of(op, st, x, EPS_UNUSED);
        try (Scope sc = Scope.open()) {
            Tensor w = weight != null ? weight : st.constant(x, s.c, 1);
            boolean params = gradWeight != null || gradBias != null;
            if (!training && !params && gradIn == null) return;
            Tensor gw = gradWeight != null ? gradWeight : Tensor.empty(x.dtype(), x.device(), s.c);
            Tensor gb = gradBias != null ? gradBias : Tensor.empty(x.dtype(), x.device(), s.c);
            Tensor gi = gradIn != null && training ? gradIn : Tensor.empty(x.dtype(), x.device(), x.shape());
            synchronized (st) {
                long xd = s.x(st), bd = s.bn(st);
                if (training || params) {
                    st.dnn.batchNormBackward(st.handle, Cudnn.BATCHNORM_SPATIAL, s.dt, 1, 0, 1, 0, xd, CudaStorage.address(x), xd,
                            CudaStorage.address(gradOut), xd, CudaStorage.address(gi), bd, CudaStorage.address(w),
                            CudaStorage.address(gw), CudaStorage.address(gb), EPS_UNUSED, CudaStorage.address(mean),
                            CudaStorage.address(invstd));
                }
                if (training || gradIn == null) return;
                // eval: dx = g * k with k = invstd * w, both as inference-mode BN with mean 0 and variance 1 - eps
                Tensor zeros = st.constant(x, s.c, 0), unit = st.constant(x, s.c, 1 - EPS_UNUSED);
                Tensor k = Tensor.empty(x.dtype(), x.device(), s.c);
                long cd = st.tensor(s.dt, new int[]{1, s.c, 1, 1});
                st.dnn.batchNormForwardInference(st.handle, Cudnn.BATCHNORM_SPATIAL, s.dt, 1, 0, cd, CudaStorage.address(w), cd,
                        CudaStorage.address(k), bd, CudaStorage.address(invstd), CudaStorage.address(zeros),
                        CudaStorage.address(zeros), CudaStorage.address(unit), EPS_UNUSED);
                st.dnn.batchNormForwardInference(st.handle, Cudnn.BATCHNORM_SPATIAL, s.dt, 1, 0, xd, CudaStorage.address(gradOut),
                        xd, CudaStorage.address(gradIn), bd, CudaStorage.address(k), CudaStorage.address(zeros),
                        CudaStorage.address(zeros), CudaStorage.address(unit), EPS_UNUSED);
            }
        }
    }

    private static long addr(Tensor t) { return t == null ? 0 : CudaStorage.address(t); }

    /** x as (N, C, S, 1) for cuDNN. */
    private record Shape(int dt, int n, int c, int s) {
        static Shape of(String op, CudnnState st, Tensor x, double eps) {
            int dt = CudnnState.dataType(op, x);
            if (x.dim() < 2) throw TensorException.of(op, "expected (N, C, spatial...) input", x);
            if (!(eps >= st.dnn.bnMinEpsilon()))
                throw TensorException.of(op, "eps " + eps + " is below cuDNN's CUDNN_BN_MIN_EPSILON " + st.dnn.bnMinEpsilon()
                        + " (cuDNN " + st.dnn.version() + ")", x);
            long spatial = 1;
            for (int i = 2; i < x.dim(); i++) spatial *= x.size(i);
            return new Shape(dt, CudnnState.dim(op, x.size(0), x), CudnnState.dim(op, x.size(1), x),
                    CudnnState.dim(op, spatial, x));
        }

        long x(CudnnState st) { return st.tensor(dt, new int[]{n, c, s, 1}); }

        long bn(CudnnState st) { return st.tensor(dt, new int[]{1, c, 1, 1}); }
    }
}
