package dev.axial.tensor;

/**
 * Indexing: gather, scatter, index_select, index_put, masked_fill, masked_select, nonzero, take_along_dim, one_hot: methods of {@link Tensor}, declared here to keep Tensor.java about one concern.
 */
public sealed interface TensorIndexing permits Tensor {
    private Tensor self() { return (Tensor) this; }
}
