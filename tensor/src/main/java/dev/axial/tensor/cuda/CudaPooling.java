package dev.axial.tensor.cuda;

import dev.axial.tensor.DType;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;

/**
 * Max, average and adaptive pooling (1-D, 2-D, 3-D) and their input gradients on CUDA (kernels/pool.cu), with
 * the semantics of the CPU reference (cpu.CpuPool): PyTorch's in-plane int64 indices (-1 for an empty window,
 * NaN wins), ATen's avg_pool divisor, adaptive windows [floor(o*in/out), ceil((o+1)*in/out)). Every tensor is
 * contiguous (N, C, spatial...), float32 or float64; 1-D and 2-D run as 3-D with leading size-1 dims, which
 * leaves the flat in-plane indices unchanged. Max-pool backward scatters with atomics; the average backwards
 * gather per input element (no atomics, a fixed order).
 */
final class CudaPooling {
    private static final String FAMILY = "pool";
    static final int BLOCK = 256;

    private CudaPooling() {}

    static void maxPool(CudaContext ctx, Tensor out, Tensor indices, Tensor in, int[] kernel, int[] stride, int[] padding,
                        int[] dilation) {
        int k = kernel.length;
        check("max_pool" + k + "d", k, out, in);
        checkIndices("max_pool" + k + "d", indices, out);
        launch(ctx, "max_pool", out.numel(), () -> args(out, in, indices, k, out, in, kernel, stride, padding, dilation, false, 0));
    }

    /** gradIn is zeroed, then gradOut is added through indices (-1: nowhere); also adaptive max pooling's backward. */
    static void maxPoolBackward(CudaContext ctx, Tensor gradIn, Tensor gradOut, Tensor indices, int spatialDims) {
        String op = "max_pool" + spatialDims + "d_backward";
        check(op, spatialDims, gradIn, gradOut);
        checkIndices(op, indices, gradOut);
        zero(ctx, gradIn);
        launch(ctx, "max_pool_backward", gradOut.numel(),
                () -> args(gradIn, gradOut, indices, spatialDims, gradOut, gradIn, null, null, null, null, false, 0));
    }

    static void avgPool(CudaContext ctx, Tensor out, Tensor in, int[] kernel, int[] stride, int[] padding, boolean countIncludePad,
                        int divisorOverride) {
        int k = kernel.length;
        check("avg_pool" + k + "d", k, out, in);
        launch(ctx, "avg_pool", out.numel(), () -> args(out, in, null, k, out, in, kernel, stride, padding, null, countIncludePad, divisorOverride));
    }

    static void avgPoolBackward(CudaContext ctx, Tensor gradIn, Tensor gradOut, int[] kernel, int[] stride, int[] padding,
                                boolean countIncludePad, int divisorOverride) {
        int k = kernel.length;
        check("avg_pool" + k + "d_backward", k, gradIn, gradOut);
        launch(ctx, "avg_pool_backward", gradIn.numel(),
                () -> args(gradIn, gradOut, null, k, gradOut, gradIn, kernel, stride, padding, null, countIncludePad, divisorOverride));
    }

    /** Adaptive average ({@code indices} null) or max pooling over the last {@code spatialDims} dims. */
    static void adaptivePool(CudaContext ctx, Tensor out, Tensor indices, Tensor in, int spatialDims) {
        String op = (indices == null ? "adaptive_avg_pool" : "adaptive_max_pool") + spatialDims + "d";
        check(op, spatialDims, out, in);
        if (indices != null) checkIndices(op, indices, out);
        // NOTE: one block per output where windows are large and outputs too few to fill the GPU (global pooling)
        long window = 1;
        for (int i = 0; i < spatialDims; i++) {
            long is = in.size(in.dim() - 1 - i), os = out.size(out.dim() - 1 - i);
            window *= (is + os - 1) / os + (is % os == 0 ? 0 : 1);
        }
        boolean block = window >= 1024 || window >= 32 && out.numel() < (long) ctx.multiProcessorCount() * BLOCK;
        launch(ctx, block ? "adaptive_pool_block" : "adaptive_pool", block ? out.numel() * BLOCK : out.numel(),
                () -> args(out, in, indices, spatialDims, out, in, null, null, null, null, false, 0));
    }

    static void adaptiveAvgPoolBackward(CudaContext ctx, Tensor gradIn, Tensor gradOut, int spatialDims) {
        String op = "adaptive_avg_pool" + spatialDims + "d_backward";
        check(op, spatialDims, gradIn, gradOut);
        launch(ctx, "adaptive_avg_pool_backward", gradIn.numel(),
                () -> args(gradIn, gradOut, null, spatialDims, gradOut, gradIn, null, null, null, null, false, 0));
    }

    // ---- shared with CudaInterpolation ---------------------------------------------------------------

    /**
     * Checks that {@code a} and {@code b} are contiguous float32/float64 tensors of one dtype on one device, with
     * {@code k} (1..3) spatial dims after the same (N, C) planes.
     */
    static void check(String op, int k, Tensor a, Tensor b) {
        DType t = a.dtype();
        if (t != DType.FLOAT32 && t != DType.FLOAT64 || b.dtype() != t)
            throw TensorException.of(op, "CUDA pooling and interpolation support float32 and float64 of one dtype", a, b);
        if (k < 1 || k > 3 || a.dim() != k + 2 || b.dim() != k + 2)
            throw TensorException.of(op, "expected (N, C, spatial...) tensors with 1, 2 or 3 spatial dims, got " + k, a, b);
        if (a.size(0) != b.size(0) || a.size(1) != b.size(1))
            throw TensorException.of(op, "the (N, C) dims of the operands differ", a, b);
        if (!a.isContiguous() || !b.isContiguous())
            throw TensorException.of(op, "expected contiguous operands", a, b);
        if (!a.device().equals(b.device()))
            throw TensorException.of(op, "operands on different devices", a, b);
    }

    private static void checkIndices(String op, Tensor indices, Tensor like) {
        if (indices.dtype() != DType.INT64 || !indices.isContiguous() || !java.util.Arrays.equals(indices.shape(), like.shape())
                || !indices.device().equals(like.device()))
            throw TensorException.of(op, "indices must be contiguous int64 of the output's shape on its device", like, indices);
    }

    /** The last {@code k} sizes of t padded on the left with 1s to three: (D, H, W). */
    static long[] spatial3(Tensor t, int k) {
        long[] s = {1, 1, 1};
        for (int i = 0; i < k; i++) s[3 - k + i] = t.size(t.dim() - k + i);
        return s;
    }

    /** The (N, C) plane count of a tensor with {@code k} spatial dims. */
    static long planes(Tensor t, int k) {
        long n = 1;
        for (int i = 0; i < t.dim() - k; i++) n *= t.size(i);
        return n;
    }

    /** Fills t (contiguous) with zero bytes, which is 0.0 in every float dtype. */
    static void zero(CudaContext ctx, Tensor t) {
        if (t.numel() > 0) ctx.memset(CudaStorage.address(t), (byte) 0, t.numel() * t.dtype().byteSize());
    }

    /** Launches {@code kernel}_{dtype} of {@code family} over n elements (nothing when n is 0). */
    static void launch(CudaContext ctx, String family, String kernel, DType dtype, long n, KernelArgs args) {
        if (n == 0) return;
        ctx.launch(family, kernel + "_" + CudaDTypes.suffix(dtype), ctx.gridFor(n, BLOCK), BLOCK, 0, args);
    }

    // ---- PoolArgs ------------------------------------------------------------------------------------

    /** A kernel of pool.cu over n elements; the dtype is in the args' first operand. */
    private static void launch(CudaContext ctx, String kernel, long n, java.util.function.Supplier<Args> a) {
        if (n == 0) return;   // NOTE: before the args, so an empty tensor's address is never asked for
        Args args = a.get();
        launch(ctx, FAMILY, kernel, args.dtype, n, args.args);
    }

    private record Args(DType dtype, KernelArgs args) {}

    /** A per-dim parameter padded on the left to three with {@code fill} (null: all fill), as longs. */
    private static long[] pad3(int[] p, long fill) {
        long[] s = {fill, fill, fill};
        if (p != null) for (int i = 0; i < p.length; i++) s[3 - p.length + i] = p[i];
        return s;
    }

    /** PoolArgs: {@code outSide} and {@code inSide} give the output and input spatial sizes. */
    private static Args args(Tensor out, Tensor in, Tensor indices, int k, Tensor outSide, Tensor inSide, int[] kernel, int[] stride,
                             int[] padding, int[] dilation, boolean countIncludePad, int divisorOverride) {
        KernelArgs a = new KernelArgs()
                .ptr(CudaStorage.address(out)).ptr(CudaStorage.address(in)).ptr(indices == null ? 0 : CudaStorage.address(indices))
                .i64(planes(in, k))
                .i64s(spatial3(inSide, k), 3).i64s(spatial3(outSide, k), 3)
                .i64s(pad3(kernel, 1), 3).i64s(pad3(stride, 1), 3).i64s(pad3(padding, 0), 3).i64s(pad3(dilation, 1), 3)
                .i32(countIncludePad ? 1 : 0).i32(divisorOverride);
        return new Args(out.dtype(), a);
    }
}
