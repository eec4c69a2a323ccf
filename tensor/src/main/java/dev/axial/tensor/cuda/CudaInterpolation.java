package dev.axial.tensor.cuda;

import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;
import dev.axial.tensor.imaging.InterpolationMode;

/**
 * interpolate (nearest, nearest-exact, linear, bilinear, trilinear, bicubic; AREA is adaptive average pooling)
 * and its input gradient on CUDA (kernels/interpolate.cu), with the CPU reference's source-index arithmetic
 * (cpu.CpuInterpolate: ATen's formulas, nearest in float), so nearest picks the same pixel. Contiguous
 * (N, C, spatial...) float32/float64; the backward scatters with atomics into a zeroed gradIn.
 */
final class CudaInterpolation {
    private static final String FAMILY = "interpolate";

    private CudaInterpolation() {}

    static void interpolate(CudaContext ctx, Tensor out, Tensor in, InterpolationMode mode, boolean alignCorners, double[] scales) {
        check("interpolate", mode, scales, out, in);
        if (out.numel() == 0) return;
        CudaPooling.launch(ctx, FAMILY, "interpolate", out.dtype(), out.numel(), args(out, in, out, in, mode, alignCorners, scales));
    }

    static void interpolateBackward(CudaContext ctx, Tensor gradIn, Tensor gradOut, InterpolationMode mode, boolean alignCorners,
                                    double[] scales) {
        check("interpolate_backward", mode, scales, gradIn, gradOut);
        CudaPooling.zero(ctx, gradIn);
        if (gradOut.numel() == 0) return;
        CudaPooling.launch(ctx, FAMILY, "interpolate_backward", gradIn.dtype(), gradOut.numel(),
                args(gradIn, gradOut, gradOut, gradIn, mode, alignCorners, scales));
    }

    private static void check(String op, InterpolationMode mode, double[] scales, Tensor a, Tensor b) {
        if (mode == InterpolationMode.AREA)
            throw TensorException.of(op, "mode area is adaptive average pooling, not an interpolate kernel", a, b);
        CudaPooling.check(op, scales.length, a, b);
    }

    /** InterpArgs: {@code outSide} and {@code inSide} give the output and input spatial sizes. */
    private static KernelArgs args(Tensor out, Tensor in, Tensor outSide, Tensor inSide, InterpolationMode mode, boolean alignCorners,
                                   double[] scales) {
        int k = scales.length;
        double[] s3 = {0, 0, 0};   // <= 0: from the sizes, as CpuInterpolate's NaN
        for (int i = 0; i < k; i++) s3[3 - k + i] = Double.isNaN(scales[i]) ? 0 : scales[i];
        return new KernelArgs()
                .ptr(CudaStorage.address(out)).ptr(CudaStorage.address(in))
                .i64(CudaPooling.planes(in, k))
                .i64s(CudaPooling.spatial3(inSide, k), 3).i64s(CudaPooling.spatial3(outSide, k), 3)
                .f64(s3[0]).f64(s3[1]).f64(s3[2])
                .i32(mode.ordinal()).i32(alignCorners ? 1 : 0).i32(k);
    }
}
