package dev.axial.autograd;

import dev.axial.tensor.Tensor;

/**
 * The backward formula of one recorded op: given the gradient of the op's output, the gradients of its inputs
 * (in input order; null where an input needs none). {@code needsGrad[i]} says whether input i wants one, so a
 * formula can skip work (a convolution's weight gradient when the weight is frozen).
 *
 * <p>A formula may return a gradient of a broadcast shape: the engine sums it back to the input's shape, so
 * formulas never undo broadcasting themselves. It runs with grad mode off, in a scope of its own whose
 * temporaries are freed as soon as it returns.
 */
@FunctionalInterface
public interface Backward {
    Tensor[] apply(Tensor grad, boolean[] needsGrad);
}
