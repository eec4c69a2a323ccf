package dev.axial.tensor;

/**
 * Linear algebra: matmul (with broadcasting), mm, bmm, mv, dot: methods of {@link Tensor}, declared here to keep
 * Tensor.java about one concern.
 */
public sealed interface TensorLinalg permits Tensor {
    private Tensor self() { return (Tensor) this; }
}
