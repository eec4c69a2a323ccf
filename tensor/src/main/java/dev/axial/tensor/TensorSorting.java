package dev.axial.tensor;

/**
 * Sorting and counting: sort, argsort, topk, kthvalue, median, unique, bincount, histc, quantile, searchsorted:
 * methods of {@link Tensor}, declared here to keep Tensor.java about one concern. Sorts are always stable and
 * order NaN above every number (last ascending, first descending), as PyTorch.
 *
 * <pre>{@code
 * ValuesIndices s = x.sort(-1, true);            // descending along the last dim
 * Tensor top3 = x.topk(3).indices();
 * Tensor q = x.quantile(0.95, 0, false, "linear");
 * }</pre>
 */
public sealed interface TensorSorting permits Tensor {
    private Tensor self() { return (Tensor) this; }

    /** Stable sort along {@code dim}: values and their original int64 indices, as torch.sort(stable=True). */
    default ValuesIndices sort(int dim, boolean descending) { return SortingOps.sort(self(), dim, descending); }

    /** Ascending stable sort along {@code dim}. */
    default ValuesIndices sort(int dim) { return sort(dim, false); }

    /** Ascending stable sort along the last dim. */
    default ValuesIndices sort() { return sort(-1, false); }

    /** The int64 indices that sort along {@code dim} (stable). */
    default Tensor argsort(int dim, boolean descending) { return SortingOps.argsort(self(), dim, descending); }

    default Tensor argsort(int dim) { return argsort(dim, false); }

    default Tensor argsort() { return argsort(-1, false); }

    /** Values sorted ascending along dim 0, as torch.msort. */
    default Tensor msort() { return SortingOps.msort(self()); }

    /** The k largest (or smallest) along {@code dim} with their indices; always sorted (so {@code sorted} only documents intent). */
    default ValuesIndices topk(long k, int dim, boolean largest, boolean sorted) { return SortingOps.topk(self(), k, dim, largest, sorted); }

    /** The k largest along the last dim, largest first. */
    default ValuesIndices topk(long k) { return topk(k, -1, true, true); }

    default ValuesIndices topk(long k, int dim) { return topk(k, dim, true, true); }

    /** The k-th smallest (1-based) along {@code dim} and its index. */
    default ValuesIndices kthvalue(long k, int dim, boolean keepdim) { return SortingOps.kthvalue(self(), k, dim, keepdim); }

    default ValuesIndices kthvalue(long k) { return kthvalue(k, -1, false); }

    /** The lower median of all elements (0-dim), NaN if any element is NaN, as torch.median(). */
    default Tensor median() { return SortingOps.median(self(), false); }

    /**
     * The lower median along {@code dim} and its index, as torch.median(dim, keepdim): a slice holding NaN gives
     * its first NaN and that NaN's index; among equal values, the one at the median's rank in input order.
     */
    default ValuesIndices median(int dim, boolean keepdim) { return SortingOps.medianDim(self(), dim, keepdim, false); }

    default ValuesIndices median(int dim) { return median(dim, false); }

    /** The lower median of the non-NaN elements (0-dim; NaN if there are none), as torch.nanmedian(). */
    default Tensor nanmedian() { return SortingOps.median(self(), true); }

    /** As {@link #median(int, boolean)} ignoring NaNs (an all-NaN slice gives NaN and its first index), as torch.nanmedian(dim). */
    default ValuesIndices nanmedian(int dim, boolean keepdim) { return SortingOps.medianDim(self(), dim, keepdim, true); }

    default ValuesIndices nanmedian(int dim) { return nanmedian(dim, false); }

    /**
     * The distinct values of the flattened tensor, ascending, optionally with the inverse (input's shape) and
     * counts, as torch.unique(dim=None). Always sorted ({@code sorted=false} is allowed to sort, as in PyTorch);
     * NaNs are never merged (NaN != NaN).
     */
    default UniqueResult unique(boolean sorted, boolean returnInverse, boolean returnCounts) {
        return SortingOps.unique(self(), returnInverse, returnCounts);
    }

    /**
     * The distinct slices along {@code dim}, sorted lexicographically, with the inverse (int64, one entry per slice)
     * and counts when asked, as torch.unique(dim=dim). A slice holding NaN never equals another.
     */
    default UniqueResult unique(int dim, boolean sorted, boolean returnInverse, boolean returnCounts) {
        return SortingOps.uniqueDim(self(), dim, returnInverse, returnCounts);
    }

    /** The distinct values, ascending (1-D). */
    default Tensor unique() { return SortingOps.unique(self(), false, false).values(); }

    /** Collapses runs of equal consecutive elements of the flattened tensor, as torch.unique_consecutive(dim=None). */
    default UniqueResult uniqueConsecutive(boolean returnInverse, boolean returnCounts) {
        return SortingOps.uniqueConsecutive(self(), returnInverse, returnCounts);
    }

    /**
     * Occurrences of each value of a 1-D non-negative integer tensor (or sums of {@code weights}, may be null), of
     * length max(max + 1, minlength): int64 without weights, float32 for float32 weights, else float64.
     */
    default Tensor bincount(Tensor weights, long minlength) { return SortingOps.bincount(self(), weights, minlength); }

    default Tensor bincount() { return bincount(null, 0); }

    /**
     * Histogram of a floating tensor in {@code bins} equal bins over [min, max] (min == max: the data's range),
     * values outside ignored, max in the last bin; the input's dtype, as torch.histc.
     */
    default Tensor histc(long bins, double min, double max) { return SortingOps.histc(self(), bins, min, max); }

    /** 100 bins over the data's range. */
    default Tensor histc() { return histc(100, 0, 0); }

    /**
     * The q-th quantile along {@code dim} (null: of all elements), as torch.quantile: interpolation "linear",
     * "lower", "higher", "midpoint" or "nearest"; NaN where a slice holds NaN. Floating inputs only.
     */
    default Tensor quantile(double q, Integer dim, boolean keepdim, String interpolation) {
        return SortingOps.quantile("quantile", self(), new double[]{q}, true, dim, keepdim, interpolation, false);
    }

    /** Linear quantile of all elements. */
    default Tensor quantile(double q) { return quantile(q, null, false, "linear"); }

    /** Quantiles for each q of a 0-dim or 1-D tensor (the input's dtype): a 1-D q adds a leading dim of q's length. */
    default Tensor quantile(Tensor q, Integer dim, boolean keepdim, String interpolation) {
        return SortingOps.quantile("quantile", self(), q, dim, keepdim, interpolation, false);
    }

    /** As {@link #quantile(double, Integer, boolean, String)}, ignoring NaNs (NaN only where a slice is all NaN). */
    default Tensor nanquantile(double q, Integer dim, boolean keepdim, String interpolation) {
        return SortingOps.quantile("nanquantile", self(), new double[]{q}, true, dim, keepdim, interpolation, true);
    }

    default Tensor nanquantile(Tensor q, Integer dim, boolean keepdim, String interpolation) {
        return SortingOps.quantile("nanquantile", self(), q, dim, keepdim, interpolation, true);
    }

    /**
     * Insertion indices (int64, values' shape) of {@code values} in this sorted sequence, as
     * torch.searchsorted(self, values, right): this is 1-D, or N-D sharing values' leading dims.
     */
    default Tensor searchsorted(Tensor values, boolean right) { return SortingOps.searchsorted(self(), values, right); }

    default Tensor searchsorted(Tensor values) { return searchsorted(values, false); }

    /**
     * As {@link #searchsorted(Tensor, boolean)} on an unsorted sequence with {@code sorter} (int64, this shape; null:
     * none) holding the indices that sort it along the last dim, as torch.searchsorted(sorter=...).
     */
    default Tensor searchsorted(Tensor values, boolean right, Tensor sorter) { return SortingOps.searchsorted(self(), values, right, sorter); }

    /**
     * The bucket of each element (int64, this shape) among the 1-D ascending {@code boundaries}, as torch.bucketize:
     * right=false gives i with boundaries[i-1] &lt; x &lt;= boundaries[i], right=true boundaries[i-1] &lt;= x &lt; boundaries[i].
     */
    default Tensor bucketize(Tensor boundaries, boolean right) { return SortingOps.bucketize(self(), boundaries, right); }

    default Tensor bucketize(Tensor boundaries) { return bucketize(boundaries, false); }
}
