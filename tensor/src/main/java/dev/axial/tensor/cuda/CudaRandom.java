package dev.axial.tensor.cuda;

import dev.axial.tensor.DType;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;
import dev.axial.tensor.spi.RandomOp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Philox4x32-10 random fills on CUDA (kernels/random.cu), bit for bit the CPU backend's values (CpuRandom's
 * mappings): element i, row-major over out's shape whatever its strides, draws from counter offset + i under key
 * seed, so a Generator gives the same tensor on either device. The kernel repeats the CPU's arithmetic operation
 * for operation: float32 normal is VectorMath.log and RandomFill's polynomials with the same fused multiply-adds,
 * the double Box-Muller uses fdlibm's log and cos (StrictMath's, on the CPU too).
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
     * out[i] = 1 with probability p[i]; p has out's shape and dtype (the frontend's contract). A probability outside
     * [0, 1] (or NaN) throws as on the CPU: the kernel raises a flag that is read back after the fill (one 4-byte
     * copy, which waits for the fill).
     */
    static void bernoulli(CudaContext ctx, Tensor out, Tensor p, long seed, long offset) {
        out.checkAlive("bernoulli");
        p.checkAlive("bernoulli");
        if (p.dtype() != out.dtype())
            throw TensorException.of("bernoulli", "needs p in out's dtype " + out.dtype() + " on " + out.device(), out, p);
        long n = out.numel();
        if (n == 0) return;
        try (Scope s = Scope.open(); Arena arena = Arena.ofConfined()) {
            Tensor bad = Tensor.empty(DType.INT32, out.device(), 1);
            long flag = CudaStorage.address(bad);
            ctx.memset(flag, (byte) 0, Integer.BYTES);
            KernelArgs args = new KernelArgs().strided(out, p).i64(seed).i64(offset).ptr(flag);
            ctx.launch(FAMILY, "bernoulli_" + CudaDTypes.suffix(out.dtype()), ctx.gridFor(n, BLOCK), BLOCK, 0, args);
            MemorySegment host = arena.allocate(Integer.BYTES, Integer.BYTES);
            ctx.copyToHost(flag, host, Integer.BYTES);
            if (host.get(ValueLayout.JAVA_INT, 0) != 0)
                throw TensorException.of("bernoulli", "every probability must be in [0, 1]", p);
        }
    }
}
