package dev.axial.autograd.ops;

import dev.axial.autograd.Graph;
import dev.axial.autograd.Variable;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.ValuesIndices;
import dev.axial.tensor.imaging.PoolOptions;
import dev.axial.tensor.imaging.Pooling;

import static dev.axial.autograd.Graph.grads;

/**
 * The backward table of pooling (see {@link MathOps} for the conventions): max, average and adaptive pooling over
 * 1, 2 or 3 spatial dims, batched or unbatched, as torch.nn.functional. Max pooling's indices are not
 * differentiable: its gradient is scattered back through them ({@link Pooling#maxPoolBackward}).
 *
 * <pre>{@code
 * Variable y = PoolOps.maxPool3d(x, 2);
 * Variable z = PoolOps.avgPool2d(x, PoolOptions.of(3).stride(2).padding(1).countIncludePad(false));
 * Variable g = PoolOps.adaptiveAvgPool3d(x, 1);     // global average pooling
 * }</pre>
 */
public final class PoolOps {
    private PoolOps() {}

    /** Max pooling's values (differentiable) and int64 in-plane indices (the caller's; keep them alive until backward). */
    public record MaxPoolResult(Variable values, Tensor indices) {}

    public static Variable maxPool1d(Variable x, long kernelSize) { return maxPool(x, 1, PoolOptions.of(kernelSize)); }

    public static Variable maxPool2d(Variable x, long kernelSize) { return maxPool(x, 2, PoolOptions.of(kernelSize)); }

    public static Variable maxPool3d(Variable x, long kernelSize) { return maxPool(x, 3, PoolOptions.of(kernelSize)); }

    public static Variable maxPool1d(Variable x, PoolOptions o) { return maxPool(x, 1, o); }

    public static Variable maxPool2d(Variable x, PoolOptions o) { return maxPool(x, 2, o); }

    public static Variable maxPool3d(Variable x, PoolOptions o) { return maxPool(x, 3, o); }

    /** max_pool over the last {@code spatialDims} dims: d/dx = g scattered (added) through the argmax indices. */
    public static Variable maxPool(Variable x, int spatialDims, PoolOptions o) {
        return recordMax("max_pool" + spatialDims + "d", x, spatialDims, Pooling.maxPoolWithIndices(x.data(), spatialDims, o), true);
    }

    /** max_pool with return_indices: the indices stay the caller's (not freed by backward). */
    public static MaxPoolResult maxPoolWithIndices(Variable x, int spatialDims, PoolOptions o) {
        ValuesIndices r = Pooling.maxPoolWithIndices(x.data(), spatialDims, o);
        return new MaxPoolResult(recordMax("max_pool" + spatialDims + "d", x, spatialDims, r, false), r.indices());
    }

    public static Variable avgPool1d(Variable x, long kernelSize) { return avgPool(x, 1, PoolOptions.of(kernelSize)); }

    public static Variable avgPool2d(Variable x, long kernelSize) { return avgPool(x, 2, PoolOptions.of(kernelSize)); }

    public static Variable avgPool3d(Variable x, long kernelSize) { return avgPool(x, 3, PoolOptions.of(kernelSize)); }

    public static Variable avgPool1d(Variable x, PoolOptions o) { return avgPool(x, 1, o); }

    public static Variable avgPool2d(Variable x, PoolOptions o) { return avgPool(x, 2, o); }

    public static Variable avgPool3d(Variable x, PoolOptions o) { return avgPool(x, 3, o); }

    /** avg_pool: linear, d/dx = g spread evenly over each window (with the forward's divisor). */
    public static Variable avgPool(Variable x, int spatialDims, PoolOptions o) {
        long[] shape = x.shape();
        return Graph.record("avg_pool" + spatialDims + "d", Pooling.avgPool(x.data(), spatialDims, o),
                (g, need) -> grads(Pooling.avgPoolBackward(g, shape, spatialDims, o)), x);
    }

    public static Variable adaptiveAvgPool1d(Variable x, long... outputSize) { return adaptiveAvgPool(x, 1, outputSize); }

    public static Variable adaptiveAvgPool2d(Variable x, long... outputSize) { return adaptiveAvgPool(x, 2, outputSize); }

    public static Variable adaptiveAvgPool3d(Variable x, long... outputSize) { return adaptiveAvgPool(x, 3, outputSize); }

    /** adaptive_avg_pool: d/dx = g / window size over each adaptive window. */
    public static Variable adaptiveAvgPool(Variable x, int spatialDims, long... outputSize) {
        long[] shape = x.shape();
        return Graph.record("adaptive_avg_pool" + spatialDims + "d", Pooling.adaptiveAvgPool(x.data(), spatialDims, outputSize.clone()),
                (g, need) -> grads(Pooling.adaptiveAvgPoolBackward(g, shape, spatialDims)), x);
    }

    public static Variable adaptiveMaxPool1d(Variable x, long... outputSize) { return adaptiveMaxPool(x, 1, outputSize); }

    public static Variable adaptiveMaxPool2d(Variable x, long... outputSize) { return adaptiveMaxPool(x, 2, outputSize); }

    public static Variable adaptiveMaxPool3d(Variable x, long... outputSize) { return adaptiveMaxPool(x, 3, outputSize); }

    /** adaptive_max_pool: d/dx = g scattered through the argmax indices, as max pooling. */
    public static Variable adaptiveMaxPool(Variable x, int spatialDims, long... outputSize) {
        return recordMax("adaptive_max_pool" + spatialDims + "d", x, spatialDims,
                Pooling.adaptiveMaxPoolWithIndices(x.data(), spatialDims, outputSize.clone()), true);
    }

    /**
     * Records a max pooling (plain or adaptive) whose forward gave {@code r}: d/dx = g scattered through r's indices.
     * With {@code ownsIndices} the indices were made only for backward and are freed once it has run.
     */
    private static Variable recordMax(String op, Variable x, int spatialDims, ValuesIndices r, boolean ownsIndices) {
        Tensor idx = r.indices();
        long[] shape = x.shape();
        return Graph.record(op, r.values(), (g, need) -> grads(Pooling.maxPoolBackward(g, idx, shape, spatialDims)),
                ownsIndices ? new Tensor[]{idx} : null, x);
    }
}
