package dev.axial.tensor.imaging;

import dev.axial.tensor.Shapes;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;

import java.util.Arrays;

/**
 * torch.nn.functional.interpolate on (N, C, spatial...) float32/float64 input with 1, 2 or 3 spatial dims:
 * nearest, nearest-exact, linear (1D), bilinear (2D), trilinear (3D), bicubic (2D, A = -0.75, clamped
 * border access) and area (adaptive average pooling), align_corners both ways, a size or a scale factor
 * (the given factor feeds the source-index formulas unless recompute_scale_factor), and the backward.
 * As PyTorch, the input must be batched: the rank alone decides the number of spatial dims.
 *
 * <pre>{@code
 * Tensor up = Interpolation.interpolate(x, InterpolateOptions.of().scaleFactor(2).mode("trilinear"));
 * Tensor small = Interpolation.interpolate(img, new long[]{64, 64}, "bilinear");
 * }</pre>
 */
public final class Interpolation {
    private Interpolation() {}

    /** Resamples {@code x} to {@code size} with {@code mode} (align_corners unset). */
    public static Tensor interpolate(Tensor x, long[] size, String mode) {
        return interpolate(x, InterpolateOptions.of().size(size).mode(mode));
    }

    /** Resamples {@code x} by {@code scaleFactor} in every spatial dim with {@code mode}. */
    public static Tensor interpolate(Tensor x, double scaleFactor, String mode) {
        return interpolate(x, InterpolateOptions.of().scaleFactor(scaleFactor).mode(mode));
    }

    public static Tensor interpolate(Tensor x, InterpolateOptions o) {
        x.checkAlive("interpolate");
        Plan p = plan("interpolate", x.shape(), x, o);
        Pooling.checkFloat("interpolate", x);
        for (int i = 1; i < x.dim(); i++)
            if (x.size(i) == 0)
                throw TensorException.of("interpolate", "expected non-empty channel and spatial dims (only the batch may be empty)", x);
        if (p.mode == InterpolationMode.AREA) return Pooling.adaptiveAvgPool(x, p.k, p.spatialOut());
        Tensor in = x.contiguous();
        Tensor out = Tensor.empty(x.dtype(), x.device(), p.outShape);
        x.backend().interpolate(out, in, p.mode, p.alignCorners, p.scales);
        return out;
    }

    /** The input gradient of {@link #interpolate} with the same options, for an input of {@code inputShape}. */
    public static Tensor interpolateBackward(Tensor gradOut, long[] inputShape, InterpolateOptions o) {
        String op = "interpolate_backward";
        gradOut.checkAlive(op);
        Plan p = plan(op, inputShape, gradOut, o);
        Pooling.checkFloat(op, gradOut);
        if (!Arrays.equals(gradOut.shape(), p.outShape))
            throw TensorException.of(op, "gradOut must have the forward's output shape " + Shapes.str(p.outShape)
                    + " for input shape " + Shapes.str(inputShape), gradOut);
        if (p.mode == InterpolationMode.AREA) return Pooling.adaptiveAvgPoolBackward(gradOut, inputShape, p.k);
        Tensor go = gradOut.contiguous();
        Tensor gi = Tensor.empty(gradOut.dtype(), gradOut.device(), inputShape);
        gi.backend().interpolateBackward(gi, go, p.mode, p.alignCorners, p.scales);
        return gi;
    }

    /** The resolved call: spatial dims, output shape, the scales for the kernel (NaN: size ratio), align_corners. */
    private record Plan(int k, InterpolationMode mode, long[] outShape, double[] scales, boolean alignCorners) {
        long[] spatialOut() { return Arrays.copyOfRange(outShape, outShape.length - k, outShape.length); }
    }

    /** PyTorch's interpolate argument handling (torch/nn/functional.py) and upsample's size checks. */
    private static Plan plan(String op, long[] inShape, Tensor x, InterpolateOptions o) {
        InterpolationMode mode = o.mode();
        int rank = inShape.length, k = rank - 2;
        if (rank < 3 || rank > 5)
            throw TensorException.of(op, "only 3-D, 4-D and 5-D (N, C, spatial...) inputs are supported, got input shape "
                    + Shapes.str(inShape) + " for mode " + mode, x);
        if (mode.spatialDims() != 0 && mode.spatialDims() != k)
            throw TensorException.of(op, "got " + rank + "-D input shape " + Shapes.str(inShape) + ", but " + mode + " mode needs "
                    + (mode.spatialDims() + 2) + "-D input", x);
        if (!mode.takesAlignCorners() && o.alignCorners() != null)
            throw TensorException.of(op, "align_corners option can only be set with the interpolating modes: linear | bilinear"
                    + " | bicubic | trilinear (mode " + mode + ", input shape " + Shapes.str(inShape) + ")", x);
        boolean align = o.alignCorners() != null && o.alignCorners();
        long[] size = o.size();
        double[] sf = o.scaleFactor();
        if ((size == null) == (sf == null))
            throw TensorException.of(op, size == null ? "either size or scale_factor should be defined"
                    : "only one of size or scale_factor should be defined", x);
        boolean recompute = o.recomputeScaleFactor() != null && o.recomputeScaleFactor();
        if (recompute && size != null)
            throw TensorException.of(op, "recompute_scale_factor is not meaningful with an explicit size", x);
        long[] vals = size;
        if (size != null && size.length != 1 && size.length != k)
            throw TensorException.of(op, "size " + Arrays.toString(size) + " must have 1 or " + k + " values for input shape "
                    + Shapes.str(inShape), x);
        if (sf != null && sf.length != 1 && sf.length != k)
            throw TensorException.of(op, "scale_factor " + Arrays.toString(sf) + " must have 1 or " + k + " values for input shape "
                    + Shapes.str(inShape), x);
        // NOTE: area always works from sizes, as PyTorch (which switches recompute_scale_factor on for it)
        if (mode == InterpolationMode.AREA) recompute = true;
        long[] out = inShape.clone();
        double[] scales = new double[k];
        for (int i = 0; i < k; i++) {
            long in = inShape[2 + i];
            if (size != null) {
                out[2 + i] = vals[vals.length == 1 ? 0 : i];
                scales[i] = Double.NaN;
            } else {
                double f = sf[sf.length == 1 ? 0 : i];
                if (!(f > 0) || Double.isInfinite(f))
                    throw TensorException.of(op, "scale_factor must be positive and finite, got " + Arrays.toString(sf), x);
                out[2 + i] = (long) Math.floor(in * f);
                scales[i] = recompute ? Double.NaN : f;
            }
            if (out[2 + i] <= 0 || in <= 0)
                throw TensorException.of(op, "input and output sizes should be greater than 0, but got input shape "
                        + Shapes.str(inShape) + " and output size " + Arrays.toString(Arrays.copyOfRange(out, 2, rank)), x);
        }
        return new Plan(k, mode, out, scales, align);
    }
}
