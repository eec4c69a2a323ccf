package dev.axial.autograd;

import dev.axial.autograd.ops.ReduceOps;
import dev.axial.tensor.DType;

/**
 * Reductions, scans, order statistics and the softmax family on {@link Variable}s ({@link ReduceOps} holds the
 * formulas), with the tensor core's names, overloads and defaults. Ops returning (values, indices) give a
 * {@link VariableValuesIndices} whose values are differentiable.
 *
 * <pre>{@code
 * Variable loss = pred.sub(target).square().mean();
 * Variable p = logits.softmax(-1);
 * }</pre>
 */
public sealed interface VariableReductions permits Variable {
    Variable self();

    // ---- sum, mean, prod ----------------------------------------------------------------------------

    default Variable sum() { return ReduceOps.sum(self()); }
    default Variable sum(int... dims) { return ReduceOps.sum(self(), dims, false); }
    default Variable sum(int[] dims, boolean keepdim) { return ReduceOps.sum(self(), dims, keepdim); }
    default Variable sum(int dim, boolean keepdim) { return ReduceOps.sum(self(), new int[]{dim}, keepdim); }
    /** Sum with the input cast to {@code dtype} first. */
    default Variable sum(int[] dims, boolean keepdim, DType dtype) { return ReduceOps.sum(self(), dims, keepdim, dtype); }
    default Variable nansum() { return ReduceOps.nansum(self(), null, false); }
    default Variable nansum(int[] dims, boolean keepdim) { return ReduceOps.nansum(self(), dims, keepdim); }
    default Variable nansum(int dim, boolean keepdim) { return ReduceOps.nansum(self(), new int[]{dim}, keepdim); }
    default Variable mean() { return ReduceOps.mean(self()); }
    default Variable mean(int... dims) { return ReduceOps.mean(self(), dims, false); }
    default Variable mean(int[] dims, boolean keepdim) { return ReduceOps.mean(self(), dims, keepdim); }
    default Variable mean(int dim, boolean keepdim) { return ReduceOps.mean(self(), new int[]{dim}, keepdim); }
    default Variable nanmean() { return ReduceOps.nanmean(self(), null, false); }
    default Variable nanmean(int[] dims, boolean keepdim) { return ReduceOps.nanmean(self(), dims, keepdim); }
    default Variable nanmean(int dim, boolean keepdim) { return ReduceOps.nanmean(self(), new int[]{dim}, keepdim); }
    default Variable prod() { return ReduceOps.prod(self()); }
    default Variable prod(int dim) { return ReduceOps.prod(self(), dim, false); }
    default Variable prod(int dim, boolean keepdim) { return ReduceOps.prod(self(), dim, keepdim); }

    // ---- var, std, norm, logsumexp ----------------------------------------------------------------------

    /** Variance with Bessel's correction. */
    default Variable var() { return ReduceOps.var(self(), null, 1, false); }
    default Variable var(int... dims) { return ReduceOps.var(self(), dims, 1, false); }
    default Variable var(int[] dims, boolean keepdim) { return ReduceOps.var(self(), dims, 1, keepdim); }
    /** Variance dividing by N - correction. */
    default Variable var(int[] dims, double correction, boolean keepdim) { return ReduceOps.var(self(), dims, correction, keepdim); }
    default Variable std() { return ReduceOps.std(self(), null, 1, false); }
    default Variable std(int... dims) { return ReduceOps.std(self(), dims, 1, false); }
    default Variable std(int[] dims, boolean keepdim) { return ReduceOps.std(self(), dims, 1, keepdim); }
    default Variable std(int[] dims, double correction, boolean keepdim) { return ReduceOps.std(self(), dims, correction, keepdim); }
    /** The 2-norm of all elements. */
    default Variable norm() { return ReduceOps.norm(self(), 2, null, false); }
    default Variable norm(double p) { return ReduceOps.norm(self(), p, null, false); }
    default Variable norm(double p, int... dims) { return ReduceOps.norm(self(), p, dims, false); }
    default Variable norm(double p, int[] dims, boolean keepdim) { return ReduceOps.norm(self(), p, dims, keepdim); }
    default Variable logsumexp(int... dims) { return ReduceOps.logsumexp(self(), dims, false); }
    default Variable logsumexp(int[] dims, boolean keepdim) { return ReduceOps.logsumexp(self(), dims, keepdim); }
    default Variable logsumexp(int dim, boolean keepdim) { return ReduceOps.logsumexp(self(), new int[]{dim}, keepdim); }

    // ---- max, min -----------------------------------------------------------------------------------

    /** The largest element; the gradient is split evenly among ties. */
    default Variable max() { return ReduceOps.max(self()); }
    default Variable min() { return ReduceOps.min(self()); }
    /** Max along {@code dim} and the index of its first occurrence; the gradient goes to that index. */
    default VariableValuesIndices max(int dim) { return ReduceOps.max(self(), dim, false); }
    default VariableValuesIndices max(int dim, boolean keepdim) { return ReduceOps.max(self(), dim, keepdim); }
    default VariableValuesIndices min(int dim) { return ReduceOps.min(self(), dim, false); }
    default VariableValuesIndices min(int dim, boolean keepdim) { return ReduceOps.min(self(), dim, keepdim); }
    /** Max over {@code dims}; the gradient is split evenly among each slice's ties. */
    default Variable amax(int... dims) { return ReduceOps.amax(self(), dims, false); }
    default Variable amax(int[] dims, boolean keepdim) { return ReduceOps.amax(self(), dims, keepdim); }
    default Variable amin(int... dims) { return ReduceOps.amin(self(), dims, false); }
    default Variable amin(int[] dims, boolean keepdim) { return ReduceOps.amin(self(), dims, keepdim); }

    // ---- order statistics ---------------------------------------------------------------------------

    default VariableValuesIndices sort(int dim, boolean descending) { return ReduceOps.sort(self(), dim, descending); }
    default VariableValuesIndices sort(int dim) { return ReduceOps.sort(self(), dim, false); }
    default VariableValuesIndices sort() { return ReduceOps.sort(self(), -1, false); }
    /** torch.msort: the values of a sort along dim 0, ascending. */
    default Variable msort() { return ReduceOps.sort(self(), 0, false).values(); }
    default VariableValuesIndices topk(long k, int dim, boolean largest, boolean sorted) { return ReduceOps.topk(self(), k, dim, largest, sorted); }
    default VariableValuesIndices topk(long k) { return ReduceOps.topk(self(), k, -1, true, true); }
    default VariableValuesIndices topk(long k, int dim) { return ReduceOps.topk(self(), k, dim, true, true); }
    default VariableValuesIndices kthvalue(long k, int dim, boolean keepdim) { return ReduceOps.kthvalue(self(), k, dim, keepdim); }
    default VariableValuesIndices kthvalue(long k) { return ReduceOps.kthvalue(self(), k, -1, false); }
    /** The lower median of all elements; the gradient is split evenly among ties. */
    default Variable median() { return ReduceOps.median(self()); }
    default VariableValuesIndices median(int dim, boolean keepdim) { return ReduceOps.median(self(), dim, keepdim); }
    default VariableValuesIndices median(int dim) { return ReduceOps.median(self(), dim, false); }
    default Variable nanmedian() { return ReduceOps.nanmedian(self()); }
    default VariableValuesIndices nanmedian(int dim, boolean keepdim) { return ReduceOps.nanmedian(self(), dim, keepdim); }
    default VariableValuesIndices nanmedian(int dim) { return ReduceOps.nanmedian(self(), dim, false); }

    /** The q-th quantile along {@code dim} (null: all elements); interpolation "linear", "lower", "higher", "midpoint" or "nearest". */
    default Variable quantile(double q, Integer dim, boolean keepdim, String interpolation) {
        return ReduceOps.quantile(self(), q, dim, keepdim, interpolation);
    }
    /** Linear quantile of all elements. */
    default Variable quantile(double q) { return ReduceOps.quantile(self(), q, null, false, "linear"); }

    // ---- softmax ----------------------------------------------------------------------------------

    default Variable softmax(int dim) { return ReduceOps.softmax(self(), dim, null); }
    default Variable softmax(int dim, DType dtype) { return ReduceOps.softmax(self(), dim, dtype); }
    default Variable logSoftmax(int dim) { return ReduceOps.logSoftmax(self(), dim, null); }
    default Variable logSoftmax(int dim, DType dtype) { return ReduceOps.logSoftmax(self(), dim, dtype); }

    // ---- scans ------------------------------------------------------------------------------------

    default Variable cumsum(int dim) { return ReduceOps.cumsum(self(), dim, null); }
    default Variable cumsum(int dim, DType dtype) { return ReduceOps.cumsum(self(), dim, dtype); }
    default Variable cumprod(int dim) { return ReduceOps.cumprod(self(), dim, null); }
    default Variable cumprod(int dim, DType dtype) { return ReduceOps.cumprod(self(), dim, dtype); }
    default VariableValuesIndices cummax(int dim) { return ReduceOps.cummax(self(), dim); }
    default VariableValuesIndices cummin(int dim) { return ReduceOps.cummin(self(), dim); }
    default Variable logcumsumexp(int dim) { return ReduceOps.logcumsumexp(self(), dim); }
}
