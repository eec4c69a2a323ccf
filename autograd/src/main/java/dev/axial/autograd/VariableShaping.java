package dev.axial.autograd;

import dev.axial.autograd.ops.ShapeOps;

/**
 * Shape ops on {@link Variable}s ({@link ShapeOps} holds the formulas).
 *
 * <pre>{@code
 * Variable flat = x.reshape(x.size(0), -1);
 * }</pre>
 */
public sealed interface VariableShaping permits Variable {
    Variable self();

    default Variable reshape(long... shape) { return ShapeOps.reshape(self(), shape); }
    default Variable transpose(int d0, int d1) { return ShapeOps.transpose(self(), d0, d1); }
}
