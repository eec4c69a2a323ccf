package dev.axial.tensor;

/**
 * Elementwise ops: arithmetic, math functions, activations, comparisons, logical ops, clamp, where: methods of {@link Tensor}, declared here to keep Tensor.java about one concern.
 */
public sealed interface TensorMath permits Tensor {
    private Tensor self() { return (Tensor) this; }
}
