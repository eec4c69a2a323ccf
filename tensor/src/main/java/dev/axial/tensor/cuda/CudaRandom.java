package dev.axial.tensor.cuda;

import dev.axial.tensor.DType;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;
import dev.axial.tensor.spi.RandomOp;

/**
 * Philox4x32-10 random fills on CUDA (kernels/random.cu), bit for bit the CPU backend's values (CpuRandom's
 * mappings): element i, row-major over out's shape whatever its strides, draws from counter offset + i under key
 * seed, so a Generator gives the same tensor on either device. One exception to bitwise equality: float64 and
 * float16/bfloat16 NORMAL go through the platform's double log and cos (Java's Math on the CPU, the CUDA math
 * library here), which may differ in the last bit of a double.
 */
final class CudaRandom {
    private static final String FAMILY = "random";
    private static final int BLOCK = 256;

    private CudaRandom() {}

    static void random(CudaContext ctx, RandomOp op, Tensor out, long seed, long offset, double a, double b) {
        out.checkAlive(op.opName());
        DType t = out.dtype();
        switch (op) {
            case UNIFORM, NORMAL -> {
                if (!t.isFloatingPoint()) throw TensorException.of(op.opName(), "needs a floating output dtype", out);
            }
            case RANDINT -> {
                if ((long) b - (long) a <= 0) throw TensorException.of("randint", "empty range [" + a + ", " + b + ")", out);
            }
            case BERNOULLI -> {
                if (!(a >= 0 && a <= 1)) throw TensorException.of("bernoulli", "p must be in [0, 1], got " + a, out);
            }
        }
        long n = out.numel();
        if (n == 0) return;
        KernelArgs args = new KernelArgs().strided(out).i32(op.ordinal()).i64(seed).i64(offset).f64(a).f64(b);
        ctx.launch(FAMILY, "random_" + CudaDTypes.suffix(t), ctx.gridFor(n, BLOCK), BLOCK, 0, args);
    }

    /**
     * out[i] = 1 with probability p[i]; p has out's shape and dtype (the frontend's contract). Unlike the CPU,
     * probabilities outside [0, 1] are not rejected (checking would cost a host sync): p &lt; 0 or NaN gives 0,
     * p &gt; 1 gives 1.
     */
    static void bernoulli(CudaContext ctx, Tensor out, Tensor p, long seed, long offset) {
        out.checkAlive("bernoulli");
        p.checkAlive("bernoulli");
        if (p.dtype() != out.dtype())
            throw TensorException.of("bernoulli", "needs p in out's dtype " + out.dtype() + " on " + out.device(), out, p);
        long n = out.numel();
        if (n == 0) return;
        KernelArgs args = new KernelArgs().strided(out, p).i64(seed).i64(offset);
        ctx.launch(FAMILY, "bernoulli_" + CudaDTypes.suffix(out.dtype()), ctx.gridFor(n, BLOCK), BLOCK, 0, args);
    }
}
