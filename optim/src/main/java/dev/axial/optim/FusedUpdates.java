package dev.axial.optim;

import dev.axial.tensor.Tensor;
import dev.axial.tensor.cuda.CudaOptim;

/**
 * The optimizers' fused updates, one table row per device type: the one place that decides where an update
 * runs. {@link #on} picks the row whose kernels take every operand (contiguous float32, all on the CPU or all on
 * one CUDA device), or null, and the optimizer then takes its composite path (any dtype, layout or device), the
 * specification both rows are tested against.
 *
 * <pre>{@code
 * FusedUpdates k = FusedUpdates.on(p, g, buf);
 * if (k != null) k.sgd(p, g, buf, true, 0f, 0f, 0f, false, 0.1f);   // p -= 0.1 g where p lives
 * }</pre>
 */
enum FusedUpdates {
    /** Vector API loops over host memory ({@link CpuFusedUpdates}). */
    CPU {
        @Override void adam(Tensor p, Tensor g, Tensor m, Tensor v, Tensor vmax, float l2, float decay, float b1, float b2,
                            float stepSize, float bc2Sqrt, float eps) {
            CpuFusedUpdates.adam(p, g, m, v, vmax, l2, decay, b1, b2, stepSize, bc2Sqrt, eps);
        }

        @Override void sgd(Tensor p, Tensor g, Tensor buf, boolean first, float wd, float momentum, float dampening, boolean nesterov, float lr) {
            CpuFusedUpdates.sgd(p, g, buf, first, wd, momentum, dampening, nesterov, lr);
        }

        @Override void novograd(Tensor p, Tensor g, Tensor m, float denom, float wd, float gScale, float b1, float lr) {
            CpuFusedUpdates.novograd(p, g, m, denom, wd, gScale, b1, lr);
        }

        @Override double squaredNorm(Tensor g) { return compositeSquaredNorm(g); }
    },
    /** CUDA kernels (kernels/optim.cu through {@link CudaOptim}), queued on the parameters' device. */
    CUDA {
        @Override void adam(Tensor p, Tensor g, Tensor m, Tensor v, Tensor vmax, float l2, float decay, float b1, float b2,
                            float stepSize, float bc2Sqrt, float eps) {
            CudaOptim.adam(p, g, m, v, vmax, l2, decay, b1, b2, stepSize, bc2Sqrt, eps);
        }

        @Override void sgd(Tensor p, Tensor g, Tensor buf, boolean first, float wd, float momentum, float dampening, boolean nesterov, float lr) {
            CudaOptim.sgd(p, g, buf, first, wd, momentum, dampening, nesterov, lr);
        }

        @Override void novograd(Tensor p, Tensor g, Tensor m, float denom, float wd, float gScale, float b1, float lr) {
            CudaOptim.novograd(p, g, m, denom, wd, gScale, b1, lr);
        }

        @Override double squaredNorm(Tensor g) { return CudaOptim.sumSquares(g); }
    };

    /** The row whose kernels take every tensor (nulls ignored), or null: the caller takes its composite path. */
    static FusedUpdates on(Tensor... ts) {
        if (CpuFusedUpdates.fusable(ts)) return CPU;
        if (CudaOptim.fusable(ts)) return CUDA;
        return null;
    }

    /** {@code g.square().sum()} as a double (float32 squares summed in double, rounded to float32), read to the host. */
    static double compositeSquaredNorm(Tensor g) { return g.square().sum().item(); }

    /**
     * Adam/AdamW: {@code g += l2*p; m = b1 m + (1-b1) g; v = b2 v + (1-b2) g²; vmax = max(vmax, v) (amsgrad);
     * p = decay*p - stepSize * m / (sqrt(v̂)/bc2Sqrt + eps)}.
     */
    abstract void adam(Tensor p, Tensor g, Tensor m, Tensor v, Tensor vmax, float l2, float decay, float b1, float b2,
                       float stepSize, float bc2Sqrt, float eps);

    /**
     * SGD: {@code d = g + wd p; buf = first ? d : momentum buf + (1-dampening) d; d = nesterov ? d + momentum buf : buf;
     * p -= lr d}. {@code buf} is null without momentum.
     */
    abstract void sgd(Tensor p, Tensor g, Tensor buf, boolean first, float wd, float momentum, float dampening, boolean nesterov, float lr);

    /** Novograd, given the scalar denominator: {@code d = g/denom + wd p; d *= gScale; m = b1 m + d; p -= lr m}. */
    abstract void novograd(Tensor p, Tensor g, Tensor m, float denom, float wd, float gScale, float b1, float lr);

    /** The squared L2 norm of {@code g} as {@link #compositeSquaredNorm} computes it, read back to the host. */
    abstract double squaredNorm(Tensor g);
}
