package dev.axial.tensor.cuda;

import dev.axial.tensor.DType;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;

/**
 * grid_sample forward and backward on CUDA (kernels/grid_sample.cu): ATen's grid_sampler_2d/3d with the CPU
 * backend's stencil (cpu/CpuGridSampleTaps), one thread per output point reused across channels, computed in double
 * whatever the dtype. The input gradient is scattered with atomics into a zeroed buffer (its summation order is
 * not fixed: equal to the CPU's within the dtype's tolerance), the grid gradient is one thread's per point.
 * Tensors arrive contiguous: input (N, C, [D,] H, W), grid (N, [Do,] Ho, Wo, k), out (N, C, [Do,] Ho, Wo).
 */
final class CudaGridSample {
    private CudaGridSample() {}

    private static final int BLOCK = 256;
    private static final String FAMILY = "grid_sample";

    static void forward(CudaContext ctx, Tensor out, Tensor input, Tensor grid, int mode, int padding, boolean alignCorners) {
        check("grid_sample", input, grid, mode, padding);
        KernelArgs a = args(out, null, null, input, grid, mode, padding, alignCorners);
        long work = input.size(0) * points(grid, input.dim() - 2);
        if (work == 0 || out.numel() == 0) return;
        ctx.launch(FAMILY, "grid_sample_" + CudaDTypes.suffix(input.dtype()), ctx.gridFor(work, BLOCK), BLOCK, 0, a);
    }

    static void backward(CudaContext ctx, Tensor gradInput, Tensor gradGrid, Tensor gradOut, Tensor input, Tensor grid, int mode,
                         int padding, boolean alignCorners) {
        check("grid_sample_backward", input, grid, mode, padding);
        if (gradInput == null && gradGrid == null) return;
        // the input gradient is added into with atomics: start from zeros (also what an empty grid leaves)
        if (gradInput != null && gradInput.numel() > 0)
            ctx.memset(CudaStorage.address(gradInput), (byte) 0, gradInput.numel() * gradInput.dtype().byteSize());
        long work = input.size(0) * points(grid, input.dim() - 2);
        if (work == 0) return;
        KernelArgs a = args(gradInput, gradGrid, gradOut, input, grid, mode, padding, alignCorners);
        ctx.launch(FAMILY, "grid_sample_backward_" + CudaDTypes.suffix(input.dtype()), ctx.gridFor(work, BLOCK), BLOCK, 0, a);
    }

    /** GridSampleArgs: out (or gradInput), gradGrid, gradOut, input, grid, n, c, id, ih, iw, points, k, mode, padding, align. */
    private static KernelArgs args(Tensor out, Tensor gradGrid, Tensor gradOut, Tensor input, Tensor grid, int mode, int padding,
                                   boolean alignCorners) {
        int k = input.dim() - 2;
        long[] s = input.shape();
        return new KernelArgs()
                .ptr(address(out)).ptr(address(gradGrid)).ptr(address(gradOut)).ptr(address(input)).ptr(address(grid))
                .i64(s[0]).i64(s[1]).i64(k == 3 ? s[2] : 1).i64(s[s.length - 2]).i64(s[s.length - 1]).i64(points(grid, k))
                .i32(k).i32(mode).i32(padding).i32(alignCorners ? 1 : 0);
    }

    private static long address(Tensor t) { return t == null || t.numel() == 0 ? 0 : CudaStorage.address(t); }

    private static long points(Tensor grid, int k) {
        long p = 1;
        for (int d = 1; d <= k; d++) p *= grid.size(d);
        return p;
    }

    /** The frontend has checked shapes; what would make the kernel read out of bounds or misread is refused here. */
    private static void check(String op, Tensor input, Tensor grid, int mode, int padding) {
        DType dt = input.dtype();
        if (dt != DType.FLOAT32 && dt != DType.FLOAT64)
            throw new TensorException(op + ": the CUDA backend samples float32 or float64, got " + input.describe());
        if (grid.dtype() != dt)
            throw new TensorException(op + ": grid " + grid.describe() + " must have the input's dtype " + dt);
        int k = input.dim() - 2;
        if ((k != 2 && k != 3) || grid.dim() != k + 2 || grid.size(k + 1) != k)
            throw new TensorException(op + ": input " + input.describe() + " and grid " + grid.describe() + " are not a 2-D or 3-D pair");
        if (mode < 0 || mode > 2 || (mode == 2 && k != 2) || padding < 0 || padding > 2)
            throw new TensorException(op + ": mode " + mode + " / padding " + padding + " not supported for " + k + "-D on " + input.device());
    }
}
