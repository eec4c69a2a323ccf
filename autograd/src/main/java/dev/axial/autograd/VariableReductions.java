package dev.axial.autograd;

import dev.axial.autograd.ops.ReduceOps;

/**
 * Reductions, scans and the softmax family on {@link Variable}s ({@link ReduceOps} holds the formulas).
 *
 * <pre>{@code
 * Variable loss = pred.sub(target).square().mean();
 * }</pre>
 */
public sealed interface VariableReductions permits Variable {
    Variable self();

    default Variable sum() { return ReduceOps.sum(self()); }
    default Variable sum(int[] dims, boolean keepdim) { return ReduceOps.sum(self(), dims, keepdim); }
    default Variable mean() { return ReduceOps.mean(self()); }
}
