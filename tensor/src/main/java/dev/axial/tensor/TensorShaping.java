package dev.axial.tensor;

/**
 * Shape ops that copy or combine: cat, stack, split, chunk, flip, roll, repeat, tile, pad: methods of {@link Tensor}, declared here to keep Tensor.java about one concern.
 */
public sealed interface TensorShaping permits Tensor {
    private Tensor self() { return (Tensor) this; }
}
