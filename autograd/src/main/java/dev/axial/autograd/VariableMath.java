package dev.axial.autograd;

import dev.axial.autograd.ops.MathOps;
import dev.axial.tensor.Tensor;

/**
 * Elementwise and linear-algebra ops on {@link Variable}s, recorded for backward ({@link MathOps} holds the
 * formulas). Tensor and number operands are constants.
 *
 * <pre>{@code
 * Variable y = x.mul(w).add(b).relu();
 * }</pre>
 */
public sealed interface VariableMath permits Variable {
    Variable self();

    default Variable add(Variable o) { return MathOps.add(self(), o); }
    default Variable add(Tensor o) { return MathOps.add(self(), Variable.of(o)); }
    default Variable add(Number o) { return MathOps.add(self(), constant(o)); }
    default Variable sub(Variable o) { return MathOps.sub(self(), o); }
    default Variable sub(Tensor o) { return MathOps.sub(self(), Variable.of(o)); }
    default Variable sub(Number o) { return MathOps.sub(self(), constant(o)); }
    default Variable mul(Variable o) { return MathOps.mul(self(), o); }
    default Variable mul(Tensor o) { return MathOps.mul(self(), Variable.of(o)); }
    default Variable mul(Number o) { return MathOps.mul(self(), constant(o)); }
    default Variable div(Variable o) { return MathOps.div(self(), o); }
    default Variable div(Tensor o) { return MathOps.div(self(), Variable.of(o)); }
    default Variable div(Number o) { return MathOps.div(self(), constant(o)); }
    default Variable neg() { return MathOps.neg(self()); }
    default Variable exp() { return MathOps.exp(self()); }
    default Variable log() { return MathOps.log(self()); }
    default Variable relu() { return MathOps.relu(self()); }
    default Variable matmul(Variable o) { return MathOps.matmul(self(), o); }

    /** A 0-dim constant of this variable's dtype and device. */
    private Variable constant(Number v) { return Variable.of(Tensor.scalar(self().dtype(), self().device(), v)); }
}
