package dev.axial.tensor.cuda;

import dev.axial.tensor.DType;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The optimizers' fused updates on CUDA (kernels/optim.cu): one kernel per step of one parameter tensor that
 * reads parameter, gradient and state once and writes them once, the same arithmetic as the CPU's fused loops
 * (optim's FusedUpdates, which dispatches here when the parameters live on a CUDA device). Every tensor must be
 * a contiguous float32 tensor on the same CUDA device (nulls allowed where documented); anything else throws
 * before a launch. The updates are queued on the device's stream and return at once.
 *
 * <pre>{@code
 * CudaOptim.sgd(p, p.grad, null, true, 0f, 0f, 0f, false, 0.1f);   // p -= 0.1 grad, on p's device
 * }</pre>
 */
public final class CudaOptim {
    private static final String FAMILY = "optim";
    private static final int BLOCK = 256;

    private CudaOptim() {}

    /** True when every tensor (nulls ignored) is a contiguous float32 tensor on one CUDA device: what the kernels take. */
    public static boolean fusable(Tensor... ts) {
        CudaContext ctx = null;
        for (Tensor t : ts) {
            if (t == null) continue;
            if (!(t.storage() instanceof CudaStorage s) || t.dtype() != DType.FLOAT32 || !t.isContiguous()) return false;
            if (ctx == null) ctx = s.context();
            else if (ctx != s.context()) return false;
        }
        return ctx != null;
    }

    /**
     * Adam/AdamW: {@code g += l2 p; m = b1 m + (1-b1) g; v = b2 v + (1-b2) g²; vmax = max(vmax, v)} ({@code vmax}
     * null without amsgrad){@code ; p = decay p - stepSize m / (sqrt(v̂) / bc2Sqrt + eps)}.
     */
    public static void adam(Tensor p, Tensor g, Tensor m, Tensor v, Tensor vmax, float l2, float decay, float b1, float b2,
                            float stepSize, float bc2Sqrt, float eps) {
        CudaContext ctx = check("adam", p, g, m, v, vmax);
        long n = p.numel();
        if (n == 0) return;
        KernelArgs args = new KernelArgs().ptr(addr(p)).ptr(addr(g)).ptr(addr(m)).ptr(addr(v)).ptr(vmax == null ? 0 : addr(vmax)).i64(n)
                .f32(l2).f32(decay).f32(b1).f32(b2).f32(stepSize).f32(1 / bc2Sqrt).f32(eps);
        ctx.launch(FAMILY, "adam_f32", ctx.gridFor(n, BLOCK), BLOCK, 0, args);
    }

    /**
     * SGD: {@code d = g + wd p; buf = first ? d : momentum buf + (1-dampening) d; d = nesterov ? d + momentum buf : buf;
     * p -= lr d}; {@code buf} is null without momentum.
     */
    public static void sgd(Tensor p, Tensor g, Tensor buf, boolean first, float wd, float momentum, float dampening,
                           boolean nesterov, float lr) {
        CudaContext ctx = check("sgd", p, g, buf);
        long n = p.numel();
        if (n == 0) return;
        KernelArgs args = new KernelArgs().ptr(addr(p)).ptr(addr(g)).ptr(buf == null ? 0 : addr(buf)).i64(n)
                .i32(first ? 1 : 0).i32(nesterov ? 1 : 0).f32(wd).f32(momentum).f32(1 - dampening).f32(lr);
        ctx.launch(FAMILY, "sgd_f32", ctx.gridFor(n, BLOCK), BLOCK, 0, args);
    }

    /** Novograd, given the scalar denominator: {@code d = (g / denom + wd p) gScale; m = b1 m + d; p -= lr m}. */
    public static void novograd(Tensor p, Tensor g, Tensor m, float denom, float wd, float gScale, float b1, float lr) {
        CudaContext ctx = check("novograd", p, g, m);
        long n = p.numel();
        if (n == 0) return;
        KernelArgs args = new KernelArgs().ptr(addr(p)).ptr(addr(g)).ptr(addr(m)).i64(n)
                .f32(denom).f32(wd).f32(gScale).f32(b1).f32(lr);
        ctx.launch(FAMILY, "novograd_f32", ctx.gridFor(n, BLOCK), BLOCK, 0, args);
    }

    /**
     * The squared L2 norm of {@code x} as float32 (float32 squares summed in double, then rounded, as
     * {@code x.square().sum()} is on the CPU), read back to the host: one small copy that waits for the stream.
     */
    public static float sumSquares(Tensor x) {
        CudaContext ctx = check("sumSquares", x);
        long n = x.numel();
        if (n == 0) return 0f;
        try (Scope s = Scope.open(); Arena arena = Arena.ofConfined()) {
            Tensor acc = Tensor.empty(DType.FLOAT64, x.device(), 1);
            long out = CudaStorage.address(acc);
            ctx.memset(out, (byte) 0, Double.BYTES);
            KernelArgs args = new KernelArgs().ptr(addr(x)).ptr(out).i64(n);
            ctx.launch(FAMILY, "sumsq_f32", ctx.gridFor(n, BLOCK), BLOCK, 0, args);
            MemorySegment host = arena.allocate(Double.BYTES, Double.BYTES);
            ctx.copyToHost(out, host, Double.BYTES);
            return (float) host.get(ValueLayout.JAVA_DOUBLE, 0);
        }
    }

    private static long addr(Tensor t) { return CudaStorage.address(t); }

    /** The common context, or an exception naming the op and every operand when they do not fit the kernels. */
    private static CudaContext check(String op, Tensor... ts) {
        Tensor first = ts[0];
        for (Tensor t : ts) if (t != null) t.checkAlive(op);
        if (!fusable(ts)) throw TensorException.of("optim." + op, "needs contiguous float32 tensors on one CUDA device", nonNull(ts));
        for (Tensor t : ts)
            if (t != null && t.numel() != first.numel())
                throw TensorException.of("optim." + op, "needs operands of " + first.numel() + " elements", nonNull(ts));
        return CudaContext.of(first);
    }

    private static Tensor[] nonNull(Tensor... ts) {
        return java.util.Arrays.stream(ts).filter(java.util.Objects::nonNull).toArray(Tensor[]::new);
    }
}
