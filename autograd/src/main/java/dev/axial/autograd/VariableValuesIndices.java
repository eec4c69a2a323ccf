package dev.axial.autograd;

import dev.axial.tensor.Tensor;

/**
 * The (values, indices) pair of max/min along a dim, sort, topk, kthvalue, median, cummax and cummin on
 * {@link Variable}s, as PyTorch's named tuples: the values are differentiable (the gradient flows to the selected
 * elements), the int64 indices are a plain tensor.
 *
 * <pre>{@code
 * VariableValuesIndices m = x.max(1, false);
 * Variable best = m.values();
 * Tensor where = m.indices();
 * }</pre>
 */
public record VariableValuesIndices(Variable values, Tensor indices) {}
