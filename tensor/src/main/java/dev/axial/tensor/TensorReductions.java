package dev.axial.tensor;

/**
 * Reductions over dims (sum, mean, var, norm, min/max, argmax, all/any, logsumexp), softmax, scans: methods of {@link Tensor}, declared here to keep Tensor.java about one concern.
 */
public sealed interface TensorReductions permits Tensor {
    private Tensor self() { return (Tensor) this; }
}
