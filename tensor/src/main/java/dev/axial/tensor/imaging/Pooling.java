package dev.axial.tensor.imaging;

import dev.axial.tensor.DType;
import dev.axial.tensor.Shapes;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;
import dev.axial.tensor.ValuesIndices;

import java.util.Arrays;

/**
 * Max, average and adaptive pooling over 1, 2 or 3 spatial dims, as torch.nn.functional's max_pool1d/2d/3d,
 * avg_pool1d/2d/3d, adaptive_avg_pool1d/2d/3d and adaptive_max_pool1d/2d/3d, on batched (N, C, spatial...)
 * or unbatched (C, spatial...) float32/float64 input, with their backward ops (for the autograd module).
 *
 * <pre>{@code
 * Tensor y = Pooling.maxPool3d(x, 2);                                  // (N, C, D/2, H/2, W/2)
 * ValuesIndices m = Pooling.maxPool2dWithIndices(x, PoolOptions.of(3).stride(2).padding(1).ceilMode(true));
 * Tensor gx = Pooling.maxPoolBackward(gy, m.indices(), x.shape(), 2);
 * }</pre>
 */
public final class Pooling {
    private Pooling() {}

    // ---- max pooling ---------------------------------------------------------------------------------

    public static Tensor maxPool1d(Tensor x, long kernelSize) { return maxPool(x, 1, PoolOptions.of(kernelSize)); }

    public static Tensor maxPool2d(Tensor x, long kernelSize) { return maxPool(x, 2, PoolOptions.of(kernelSize)); }

    public static Tensor maxPool3d(Tensor x, long kernelSize) { return maxPool(x, 3, PoolOptions.of(kernelSize)); }

    public static Tensor maxPool1d(Tensor x, PoolOptions o) { return maxPool(x, 1, o); }

    public static Tensor maxPool2d(Tensor x, PoolOptions o) { return maxPool(x, 2, o); }

    public static Tensor maxPool3d(Tensor x, PoolOptions o) { return maxPool(x, 3, o); }

    public static ValuesIndices maxPool1dWithIndices(Tensor x, PoolOptions o) { return maxPoolWithIndices(x, 1, o); }

    public static ValuesIndices maxPool2dWithIndices(Tensor x, PoolOptions o) { return maxPoolWithIndices(x, 2, o); }

    public static ValuesIndices maxPool3dWithIndices(Tensor x, PoolOptions o) { return maxPoolWithIndices(x, 3, o); }

    /** Max pooling over the last {@code spatialDims} dims, values only. */
    public static Tensor maxPool(Tensor x, int spatialDims, PoolOptions o) {
        ValuesIndices r = maxPoolWithIndices(x, spatialDims, o);
        r.indices().close();
        return r.values();
    }

    /** Max pooling over the last {@code spatialDims} dims: values and int64 flat in-plane indices (PyTorch's return_indices). */
    public static ValuesIndices maxPoolWithIndices(Tensor x, int spatialDims, PoolOptions o) {
        String op = "max_pool" + spatialDims + "d";
        Geometry g = geometry(op, x, spatialDims, o, true);
        return withIndices(op, x, spatialDims, g.outShape, (out, idx, in) ->
                in.backend().maxPool(out, idx, in, g.kernel, g.stride, g.padding, g.dilation));
    }

    /**
     * The input gradient of max pooling (or adaptive max pooling): {@code gradOut} scattered (added) through
     * {@code indices} into a zero tensor of {@code inputShape}.
     */
    public static Tensor maxPoolBackward(Tensor gradOut, Tensor indices, long[] inputShape, int spatialDims) {
        String op = "max_pool" + spatialDims + "d_backward";
        checkGrad(op, gradOut, inputShape, spatialDims);
        if (!Arrays.equals(indices.shape(), gradOut.shape()) || indices.dtype() != DType.INT64 || !indices.device().equals(gradOut.device()))
            throw TensorException.of(op, "indices must be int64 of gradOut's shape on its device", gradOut, indices);
        long plane = 1;
        for (int i = inputShape.length - spatialDims; i < inputShape.length; i++) plane *= inputShape[i];
        if (indices.numel() > 0) {
            long[] b = indices.backend().indexBounds(indices);
            // NOTE: -1 marks a window with no input tap (possible with dilation and padding); its gradient goes nowhere
            if (b[0] < -1 || b[1] >= plane)
                throw TensorException.of(op, "indices in [" + b[0] + ", " + b[1] + "] fall outside the input plane of "
                        + plane + " elements (input shape " + Shapes.str(inputShape) + ")", gradOut, indices);
        }
        Tensor go = gradOut.contiguous(), ix = indices.contiguous();
        Tensor gi = Tensor.empty(gradOut.dtype(), gradOut.device(), inputShape);
        gi.backend().maxPoolBackward(batched(gi, spatialDims), batched(go, spatialDims), batched(ix, spatialDims), spatialDims);
        return gi;
    }

    // ---- average pooling -----------------------------------------------------------------------------

    public static Tensor avgPool1d(Tensor x, long kernelSize) { return avgPool(x, 1, PoolOptions.of(kernelSize)); }

    public static Tensor avgPool2d(Tensor x, long kernelSize) { return avgPool(x, 2, PoolOptions.of(kernelSize)); }

    public static Tensor avgPool3d(Tensor x, long kernelSize) { return avgPool(x, 3, PoolOptions.of(kernelSize)); }

    public static Tensor avgPool1d(Tensor x, PoolOptions o) { return avgPool(x, 1, o); }

    public static Tensor avgPool2d(Tensor x, PoolOptions o) { return avgPool(x, 2, o); }

    public static Tensor avgPool3d(Tensor x, PoolOptions o) { return avgPool(x, 3, o); }

    /** Average pooling over the last {@code spatialDims} dims (dilation must be 1). */
    public static Tensor avgPool(Tensor x, int spatialDims, PoolOptions o) {
        String op = "avg_pool" + spatialDims + "d";
        Geometry g = geometry(op, x, spatialDims, o, false);
        Tensor in = x.contiguous();
        Tensor out = Tensor.empty(x.dtype(), x.device(), g.outShape);
        x.backend().avgPool(batched(out, spatialDims), batched(in, spatialDims), g.kernel, g.stride, g.padding,
                o.countIncludePad(), (int) o.divisorOverride());
        return out;
    }

    /** The input gradient of {@link #avgPool}, for an input of {@code inputShape}. */
    public static Tensor avgPoolBackward(Tensor gradOut, long[] inputShape, int spatialDims, PoolOptions o) {
        String op = "avg_pool" + spatialDims + "d_backward";
        checkGrad(op, gradOut, inputShape, spatialDims);
        Geometry g = geometry(op, inputShape, gradOut, spatialDims, o, false);
        checkOutShape(op, gradOut, g.outShape, inputShape);
        Tensor go = gradOut.contiguous();
        Tensor gi = Tensor.empty(gradOut.dtype(), gradOut.device(), inputShape);
        gi.backend().avgPoolBackward(batched(gi, spatialDims), batched(go, spatialDims), g.kernel, g.stride, g.padding,
                o.countIncludePad(), (int) o.divisorOverride());
        return gi;
    }

    // ---- adaptive pooling ----------------------------------------------------------------------------

    public static Tensor adaptiveAvgPool1d(Tensor x, long... outputSize) { return adaptiveAvgPool(x, 1, outputSize); }

    public static Tensor adaptiveAvgPool2d(Tensor x, long... outputSize) { return adaptiveAvgPool(x, 2, outputSize); }

    public static Tensor adaptiveAvgPool3d(Tensor x, long... outputSize) { return adaptiveAvgPool(x, 3, outputSize); }

    /** Adaptive average pooling of the last {@code spatialDims} dims to {@code outputSize} (one value or one per dim). */
    public static Tensor adaptiveAvgPool(Tensor x, int spatialDims, long... outputSize) {
        String op = "adaptive_avg_pool" + spatialDims + "d";
        long[] os = adaptiveShape(op, x, spatialDims, outputSize);
        Tensor in = x.contiguous();
        Tensor out = Tensor.empty(x.dtype(), x.device(), os);
        x.backend().adaptivePool(batched(out, spatialDims), null, batched(in, spatialDims), spatialDims);
        return out;
    }

    /** The input gradient of {@link #adaptiveAvgPool}. */
    public static Tensor adaptiveAvgPoolBackward(Tensor gradOut, long[] inputShape, int spatialDims) {
        String op = "adaptive_avg_pool" + spatialDims + "d_backward";
        checkGrad(op, gradOut, inputShape, spatialDims);
        Tensor go = gradOut.contiguous();
        Tensor gi = Tensor.empty(gradOut.dtype(), gradOut.device(), inputShape);
        gi.backend().adaptiveAvgPoolBackward(batched(gi, spatialDims), batched(go, spatialDims), spatialDims);
        return gi;
    }

    public static Tensor adaptiveMaxPool1d(Tensor x, long... outputSize) { return values(adaptiveMaxPoolWithIndices(x, 1, outputSize)); }

    public static Tensor adaptiveMaxPool2d(Tensor x, long... outputSize) { return values(adaptiveMaxPoolWithIndices(x, 2, outputSize)); }

    public static Tensor adaptiveMaxPool3d(Tensor x, long... outputSize) { return values(adaptiveMaxPoolWithIndices(x, 3, outputSize)); }

    /** Adaptive max pooling: values and int64 flat in-plane indices; the backward is {@link #maxPoolBackward}. */
    public static ValuesIndices adaptiveMaxPoolWithIndices(Tensor x, int spatialDims, long... outputSize) {
        String op = "adaptive_max_pool" + spatialDims + "d";
        long[] os = adaptiveShape(op, x, spatialDims, outputSize);
        return withIndices(op, x, spatialDims, os, (out, idx, in) -> in.backend().adaptivePool(out, idx, in, spatialDims));
    }

    // ---- shared checks and shapes ----------------------------------------------------------------------

    private static Tensor values(ValuesIndices r) {
        r.indices().close();
        return r.values();
    }

    @FunctionalInterface
    private interface IndexedKernel {
        void run(Tensor out, Tensor indices, Tensor in);
    }

    private static ValuesIndices withIndices(String op, Tensor x, int k, long[] outShape, IndexedKernel kernel) {
        Tensor in = x.contiguous();
        Tensor out = Tensor.empty(x.dtype(), x.device(), outShape);
        Tensor idx = Tensor.empty(DType.INT64, x.device(), outShape);
        kernel.run(batched(out, k), batched(idx, k), batched(in, k));
        return new ValuesIndices(out, idx);
    }

    /** The (N, C, spatial...) view of a contiguous batched or unbatched tensor. */
    static Tensor batched(Tensor t, int k) { return t.dim() == k + 1 ? t.unsqueeze(0) : t; }

    /** Checks rank (k+1 or k+2), dtype (float32/64) and non-empty channel and spatial dims of a pooling input. */
    static void checkInput(String op, Tensor x, int k) {
        if (k < 1 || k > 3) throw TensorException.of(op, "pooling needs 1, 2 or 3 spatial dims, got " + k, x);
        x.checkAlive(op);
        if (x.dim() != k + 1 && x.dim() != k + 2)
            throw TensorException.of(op, "expected a " + (k + 1) + "-D (unbatched) or " + (k + 2) + "-D (batched) input, got "
                    + x.dim() + "-D", x);
        checkFloat(op, x);
        for (int i = x.dim() - k - 1; i < x.dim(); i++)
            if (x.size(i) == 0)
                throw TensorException.of(op, "expected non-empty channel and spatial dims (only the batch may be empty), got "
                        + Shapes.str(x.shape()), x);
    }

    static void checkFloat(String op, Tensor x) {
        if (x.dtype() != DType.FLOAT32 && x.dtype() != DType.FLOAT64)
            throw TensorException.of(op, "supports float32 and float64, got " + x.dtype(), x);
    }

    /** gradOut matches the input's rank, batch and channel dims and dtype checks. */
    static void checkGrad(String op, Tensor gradOut, long[] inputShape, int k) {
        gradOut.checkAlive(op);
        checkFloat(op, gradOut);
        if ((inputShape.length != k + 1 && inputShape.length != k + 2) || gradOut.dim() != inputShape.length)
            throw TensorException.of(op, "gradOut and input shape " + Shapes.str(inputShape) + " must both have rank "
                    + (k + 1) + " or " + (k + 2), gradOut);
        for (int i = 0; i < inputShape.length - k; i++)
            if (gradOut.size(i) != inputShape[i])
                throw TensorException.of(op, "gradOut's batch/channel dims differ from input shape " + Shapes.str(inputShape), gradOut);
    }

    private static void checkOutShape(String op, Tensor gradOut, long[] outShape, long[] inputShape) {
        if (!Arrays.equals(gradOut.shape(), outShape))
            throw TensorException.of(op, "gradOut must have the forward's output shape " + Shapes.str(outShape) + " for input shape "
                    + Shapes.str(inputShape), gradOut);
    }

    /** A per-dim parameter expanded to k values. */
    static int[] perDim(String op, String name, long[] v, int k, Tensor x) {
        if (v.length != 1 && v.length != k)
            throw TensorException.of(op, name + " must have 1 or " + k + " values, got " + Arrays.toString(v), x);
        int[] r = new int[k];
        for (int i = 0; i < k; i++) r[i] = Math.toIntExact(v[v.length == 1 ? 0 : i]);
        return r;
    }

    private record Geometry(int[] kernel, int[] stride, int[] padding, int[] dilation, long[] outShape) {}

    private static Geometry geometry(String op, Tensor x, int k, PoolOptions o, boolean max) {
        checkInput(op, x, k);
        return geometry(op, x.shape(), x, k, o, max);
    }

    /** Resolves the options against an input shape: PyTorch's pooling_output_shape and pool shape checks. */
    private static Geometry geometry(String op, long[] inShape, Tensor x, int k, PoolOptions o, boolean max) {
        int[] ks = perDim(op, "kernel_size", o.kernelSize(), k, x);
        int[] st = o.stride().length == 0 ? ks.clone() : perDim(op, "stride", o.stride(), k, x);
        int[] pd = perDim(op, "padding", o.padding(), k, x);
        int[] dl = perDim(op, "dilation", o.dilation(), k, x);
        if (!max && Arrays.stream(dl).anyMatch(d -> d != 1))
            throw TensorException.of(op, "average pooling has no dilation, got " + Arrays.toString(o.dilation()), x);
        if (!max && (o.divisorOverride() < 0 || o.divisorOverride() > Integer.MAX_VALUE))
            throw TensorException.of(op, "divisor_override must be positive (0: none), got " + o.divisorOverride(), x);
        long[] out = inShape.clone();
        for (int i = 0; i < k; i++) {
            if (ks[i] <= 0 || st[i] <= 0 || dl[i] <= 0 || pd[i] < 0)
                throw TensorException.of(op, "kernel_size, stride and dilation must be > 0 and padding >= 0, got kernel_size "
                        + Arrays.toString(ks) + ", stride " + Arrays.toString(st) + ", padding " + Arrays.toString(pd)
                        + ", dilation " + Arrays.toString(dl), x);
            if (pd[i] > ks[i] / 2)
                throw TensorException.of(op, "pad should be at most half of kernel size, but got padding " + Arrays.toString(pd)
                        + " and kernel_size " + Arrays.toString(ks), x);
            long in = inShape[inShape.length - k + i];
            long span = (long) dl[i] * (ks[i] - 1) + 1;
            long n = Math.floorDiv(in + 2L * pd[i] - span + (o.ceilMode() ? st[i] - 1 : 0), st[i]) + 1;
            // PyTorch's ceil_mode rule: the last window must start inside the input or the left padding
            if (o.ceilMode() && (n - 1) * st[i] >= in + pd[i]) n--;
            if (n < 1)
                throw TensorException.of(op, "input size " + Shapes.str(inShape) + " is too small for kernel_size " + Arrays.toString(ks)
                        + " (dilation " + Arrays.toString(dl) + ", padding " + Arrays.toString(pd) + "): calculated output size "
                        + n + " in spatial dim " + i, x);
            out[inShape.length - k + i] = n;
        }
        return new Geometry(ks, st, pd, dl, out);
    }

    private static long[] adaptiveShape(String op, Tensor x, int k, long[] outputSize) {
        checkInput(op, x, k);
        if (outputSize.length != 1 && outputSize.length != k)
            throw TensorException.of(op, "output_size must have 1 or " + k + " values, got " + Arrays.toString(outputSize), x);
        long[] out = x.shape();
        for (int i = 0; i < k; i++) {
            long s = outputSize[outputSize.length == 1 ? 0 : i];
            if (s <= 0) throw TensorException.of(op, "output_size must be > 0, got " + Arrays.toString(outputSize), x);
            out[x.dim() - k + i] = s;
        }
        return out;
    }
}
