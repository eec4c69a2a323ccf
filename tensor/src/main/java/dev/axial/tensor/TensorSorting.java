package dev.axial.tensor;

/**
 * Sorting and counting: sort, argsort, topk, unique, bincount, histc, quantile, searchsorted: methods of {@link Tensor}, declared here to keep Tensor.java about one concern.
 */
public sealed interface TensorSorting permits Tensor {
    private Tensor self() { return (Tensor) this; }

    /** IN PROGRESS: the sorting work replaces this. */
    default Tensor argsort(int dim, boolean descending) { throw new UnsupportedOperationException("argsort"); }
}
