package dev.axial.tensor;

import dev.axial.tensor.spi.ScanOp;

/**
 * Reductions over dims (sum, mean, var, norm, min/max, argmax, all/any, logsumexp), softmax, scans: methods
 * of {@link Tensor}, declared here to keep Tensor.java about one concern. PyTorch's names, defaults and
 * output dtypes; no dims means all dims; negative dims count from the end.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new float[]{1, 2, 3, 4}, 2, 2);
 * x.sum();                 // 10 (0-dim)
 * x.sum(new int[]{0}, true);  // [[4, 6]]
 * ValuesIndices m = x.max(1, false);   // values [2, 4], indices [1, 1]
 * x.softmax(-1);
 * }</pre>
 */
public sealed interface TensorReductions permits Tensor {
    private Tensor self() { return (Tensor) this; }

    // ---- sum, prod, mean ---------------------------------------------------------------------------

    /** Sum of all elements (0-dim); integral and bool inputs sum to int64, floating keep their dtype. */
    default Tensor sum() { return ReductionOps.sum(self(), null, false, null); }

    /** Sum over {@code dims} (none: all), dropping them. */
    default Tensor sum(int... dims) { return ReductionOps.sum(self(), dims, false, null); }

    /** Sum over {@code dims}, keeping them as size 1 when {@code keepdim}. */
    default Tensor sum(int[] dims, boolean keepdim) { return ReductionOps.sum(self(), dims, keepdim, null); }

    default Tensor sum(int dim, boolean keepdim) { return ReductionOps.sum(self(), new int[]{dim}, keepdim, null); }

    /** Sum with the input cast to {@code dtype} first (PyTorch's dtype argument). */
    default Tensor sum(int[] dims, boolean keepdim, DType dtype) { return ReductionOps.sum(self(), dims, keepdim, dtype); }

    /** Sum treating NaN as zero (0-dim), as torch.nansum; integral inputs sum to int64 as {@link #sum()}. */
    default Tensor nansum() { return ReductionOps.nansum(self(), null, false); }

    /** Sum over {@code dims} treating NaN as zero, as torch.nansum(dim, keepdim). */
    default Tensor nansum(int[] dims, boolean keepdim) { return ReductionOps.nansum(self(), dims, keepdim); }

    default Tensor nansum(int dim, boolean keepdim) { return ReductionOps.nansum(self(), new int[]{dim}, keepdim); }

    /** Mean of the non-NaN elements (NaN if none), as torch.nanmean; floating inputs only. */
    default Tensor nanmean() { return ReductionOps.nanmean(self(), null, false); }

    /** Mean over {@code dims} of the non-NaN elements, as torch.nanmean(dim, keepdim). */
    default Tensor nanmean(int[] dims, boolean keepdim) { return ReductionOps.nanmean(self(), dims, keepdim); }

    default Tensor nanmean(int dim, boolean keepdim) { return ReductionOps.nanmean(self(), new int[]{dim}, keepdim); }

    /** Product of all elements; integral and bool inputs give int64. */
    default Tensor prod() { return ReductionOps.prod(self(), null, false); }

    default Tensor prod(int dim) { return ReductionOps.prod(self(), new int[]{dim}, false); }

    default Tensor prod(int dim, boolean keepdim) { return ReductionOps.prod(self(), new int[]{dim}, keepdim); }

    /** Mean of all elements; floating inputs only (as PyTorch). */
    default Tensor mean() { return ReductionOps.mean(self(), null, false); }

    default Tensor mean(int... dims) { return ReductionOps.mean(self(), dims, false); }

    default Tensor mean(int[] dims, boolean keepdim) { return ReductionOps.mean(self(), dims, keepdim); }

    default Tensor mean(int dim, boolean keepdim) { return ReductionOps.mean(self(), new int[]{dim}, keepdim); }

    // ---- var, std ---------------------------------------------------------------------------------

    /** Variance of all elements with Bessel's correction (divides by N - 1). */
    default Tensor var() { return ReductionOps.var(self(), null, 1, false, false); }

    default Tensor var(int... dims) { return ReductionOps.var(self(), dims, 1, false, false); }

    default Tensor var(int[] dims, boolean keepdim) { return ReductionOps.var(self(), dims, 1, keepdim, false); }

    /** Variance dividing by max(0, N - correction), as torch.var(correction=...). */
    default Tensor var(int[] dims, double correction, boolean keepdim) { return ReductionOps.var(self(), dims, correction, keepdim, false); }

    /** Standard deviation of all elements with Bessel's correction. */
    default Tensor std() { return ReductionOps.var(self(), null, 1, false, true); }

    default Tensor std(int... dims) { return ReductionOps.var(self(), dims, 1, false, true); }

    default Tensor std(int[] dims, boolean keepdim) { return ReductionOps.var(self(), dims, 1, keepdim, true); }

    default Tensor std(int[] dims, double correction, boolean keepdim) { return ReductionOps.var(self(), dims, correction, keepdim, true); }

    // ---- max, min, argmax, argmin -------------------------------------------------------------------

    /** The largest element (0-dim); NaN if any element is NaN. Fails on an empty tensor. */
    default Tensor max() { return ReductionOps.amax(self(), null, false, true, "max"); }

    /** The smallest element (0-dim); NaN if any element is NaN. Fails on an empty tensor. */
    default Tensor min() { return ReductionOps.amax(self(), null, false, false, "min"); }

    /** Max along {@code dim} and the (int64) index of its first occurrence. */
    default ValuesIndices max(int dim) { return ReductionOps.maxDim(self(), dim, false, true); }

    default ValuesIndices max(int dim, boolean keepdim) { return ReductionOps.maxDim(self(), dim, keepdim, true); }

    /** Min along {@code dim} and the (int64) index of its first occurrence. */
    default ValuesIndices min(int dim) { return ReductionOps.maxDim(self(), dim, false, false); }

    default ValuesIndices min(int dim, boolean keepdim) { return ReductionOps.maxDim(self(), dim, keepdim, false); }

    /** Max over {@code dims} (none: all), values only. */
    default Tensor amax(int... dims) { return ReductionOps.amax(self(), dims, false, true, "amax"); }

    default Tensor amax(int[] dims, boolean keepdim) { return ReductionOps.amax(self(), dims, keepdim, true, "amax"); }

    /** Min over {@code dims} (none: all), values only. */
    default Tensor amin(int... dims) { return ReductionOps.amax(self(), dims, false, false, "amin"); }

    default Tensor amin(int[] dims, boolean keepdim) { return ReductionOps.amax(self(), dims, keepdim, false, "amin"); }

    /** Index (int64, 0-dim) of the first maximum of the flattened tensor. */
    default Tensor argmax() { return ReductionOps.argmax(self(), null, false, true); }

    default Tensor argmax(int dim) { return ReductionOps.argmax(self(), dim, false, true); }

    default Tensor argmax(int dim, boolean keepdim) { return ReductionOps.argmax(self(), dim, keepdim, true); }

    /** Index (int64, 0-dim) of the first minimum of the flattened tensor. */
    default Tensor argmin() { return ReductionOps.argmax(self(), null, false, false); }

    default Tensor argmin(int dim) { return ReductionOps.argmax(self(), dim, false, false); }

    default Tensor argmin(int dim, boolean keepdim) { return ReductionOps.argmax(self(), dim, keepdim, false); }

    // ---- norms, logic, counting ---------------------------------------------------------------------

    /** The 2-norm of all elements (as torch.linalg.vector_norm). */
    default Tensor norm() { return ReductionOps.norm(self(), 2, null, false); }

    /** The p-norm of all elements: p = 1, 2, +-inf, 0 (count of nonzeros) or any other p. */
    default Tensor norm(double p) { return ReductionOps.norm(self(), p, null, false); }

    default Tensor norm(double p, int... dims) { return ReductionOps.norm(self(), p, dims, false); }

    default Tensor norm(double p, int[] dims, boolean keepdim) { return ReductionOps.norm(self(), p, dims, keepdim); }

    /** True (0-dim bool; uint8 for uint8 input, as PyTorch) if every element is nonzero. */
    default Tensor all() { return ReductionOps.logical(self(), null, false, true); }

    default Tensor all(int... dims) { return ReductionOps.logical(self(), dims, false, true); }

    default Tensor all(int[] dims, boolean keepdim) { return ReductionOps.logical(self(), dims, keepdim, true); }

    /** True (0-dim bool; uint8 for uint8 input, as PyTorch) if any element is nonzero. */
    default Tensor any() { return ReductionOps.logical(self(), null, false, false); }

    default Tensor any(int... dims) { return ReductionOps.logical(self(), dims, false, false); }

    default Tensor any(int[] dims, boolean keepdim) { return ReductionOps.logical(self(), dims, keepdim, false); }

    /** Number of nonzero elements over {@code dims} (none: all), int64. */
    default Tensor countNonzero(int... dims) { return ReductionOps.countNonzero(self(), dims); }

    /** log(sum(exp(x))) over {@code dims}, max-subtracted; all -inf gives -inf. Integral inputs give float32. */
    default Tensor logsumexp(int... dims) { return ReductionOps.logsumexp(self(), dims, false); }

    default Tensor logsumexp(int[] dims, boolean keepdim) { return ReductionOps.logsumexp(self(), dims, keepdim); }

    default Tensor logsumexp(int dim, boolean keepdim) { return ReductionOps.logsumexp(self(), new int[]{dim}, keepdim); }

    // ---- softmax ----------------------------------------------------------------------------------

    /** exp(x - max) / sum(exp(x - max)) along {@code dim}; floating inputs only. */
    default Tensor softmax(int dim) { return ReductionOps.softmax(self(), dim, null, false); }

    /** Softmax with the input cast to {@code dtype} first. */
    default Tensor softmax(int dim, DType dtype) { return ReductionOps.softmax(self(), dim, dtype, false); }

    /** x - max - log(sum(exp(x - max))) along {@code dim}. */
    default Tensor logSoftmax(int dim) { return ReductionOps.softmax(self(), dim, null, true); }

    default Tensor logSoftmax(int dim, DType dtype) { return ReductionOps.softmax(self(), dim, dtype, true); }

    // ---- scans ------------------------------------------------------------------------------------

    /** Inclusive cumulative sum along {@code dim}; integral and bool inputs give int64. */
    default Tensor cumsum(int dim) { return ReductionOps.scan(ScanOp.CUMSUM, self(), dim, null); }

    default Tensor cumsum(int dim, DType dtype) { return ReductionOps.scan(ScanOp.CUMSUM, self(), dim, dtype); }

    /** Inclusive cumulative product along {@code dim}; integral and bool inputs give int64. */
    default Tensor cumprod(int dim) { return ReductionOps.scan(ScanOp.CUMPROD, self(), dim, null); }

    default Tensor cumprod(int dim, DType dtype) { return ReductionOps.scan(ScanOp.CUMPROD, self(), dim, dtype); }

    /** Running max along {@code dim} and the index where it was reached (the latest on ties, as PyTorch). */
    default ValuesIndices cummax(int dim) { return ReductionOps.cumExtreme(self(), dim, true); }

    /** Running min along {@code dim} and the index where it was reached (the latest on ties, as PyTorch). */
    default ValuesIndices cummin(int dim) { return ReductionOps.cumExtreme(self(), dim, false); }

    /** log(cumsum(exp(x))) along {@code dim}, computed stably; floating inputs only. */
    default Tensor logcumsumexp(int dim) { return ReductionOps.scan(ScanOp.LOGCUMSUMEXP, self(), dim, null); }
}
