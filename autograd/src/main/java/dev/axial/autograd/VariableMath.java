package dev.axial.autograd;

import dev.axial.autograd.ops.MathOps;
import dev.axial.tensor.Tensor;

/**
 * Elementwise and linear-algebra ops on {@link Variable}s, recorded for backward ({@link MathOps} holds the
 * formulas), with the tensor core's names and overloads. Tensor and number operands are constants; numbers keep
 * the core's type promotion (they only raise the category).
 *
 * <pre>{@code
 * Variable y = x.mul(w).add(b).relu();
 * }</pre>
 */
public sealed interface VariableMath permits Variable {
    Variable self();

    // ---- arithmetic -------------------------------------------------------------------------------

    default Variable add(Variable o) { return MathOps.add(self(), o); }
    default Variable add(Tensor o) { return MathOps.add(self(), Variable.of(o)); }
    default Variable add(Number o) { return MathOps.add(self(), o); }
    /** self + alpha * o. */
    default Variable add(Variable o, Number alpha) { return MathOps.add(self(), o, alpha); }
    default Variable add(Tensor o, Number alpha) { return MathOps.add(self(), Variable.of(o), alpha); }
    default Variable sub(Variable o) { return MathOps.sub(self(), o); }
    default Variable sub(Tensor o) { return MathOps.sub(self(), Variable.of(o)); }
    default Variable sub(Number o) { return MathOps.sub(self(), o); }
    /** self - alpha * o. */
    default Variable sub(Variable o, Number alpha) { return MathOps.sub(self(), o, alpha); }
    default Variable sub(Tensor o, Number alpha) { return MathOps.sub(self(), Variable.of(o), alpha); }
    /** o - self. */
    default Variable rsub(Number o) { return MathOps.rsub(self(), o); }
    default Variable mul(Variable o) { return MathOps.mul(self(), o); }
    default Variable mul(Tensor o) { return MathOps.mul(self(), Variable.of(o)); }
    default Variable mul(Number o) { return MathOps.mul(self(), o); }
    default Variable div(Variable o) { return MathOps.div(self(), o); }
    default Variable div(Tensor o) { return MathOps.div(self(), Variable.of(o)); }
    default Variable div(Number o) { return MathOps.div(self(), o); }
    /** torch.div with rounding mode "trunc" or "floor" (zero gradient) or null (true division). */
    default Variable div(Variable o, String roundingMode) { return MathOps.div(self(), o, roundingMode); }
    default Variable div(Tensor o, String roundingMode) { return MathOps.div(self(), Variable.of(o), roundingMode); }
    default Variable div(Number o, String roundingMode) { return MathOps.div(self(), o, roundingMode); }
    /** o / self. */
    default Variable rdiv(Number o) { return MathOps.rdiv(self(), o); }
    /** Not differentiable (as in PyTorch): backward through it fails. */
    default Variable floorDivide(Variable o) { return MathOps.floorDivide(self(), o); }
    default Variable floorDivide(Tensor o) { return MathOps.floorDivide(self(), Variable.of(o)); }
    default Variable remainder(Variable o) { return MathOps.remainder(self(), o); }
    default Variable remainder(Tensor o) { return MathOps.remainder(self(), Variable.of(o)); }
    default Variable remainder(Number o) { return MathOps.remainder(self(), o); }
    default Variable fmod(Variable o) { return MathOps.fmod(self(), o); }
    default Variable fmod(Tensor o) { return MathOps.fmod(self(), Variable.of(o)); }
    default Variable fmod(Number o) { return MathOps.fmod(self(), o); }
    default Variable pow(Variable o) { return MathOps.pow(self(), o); }
    default Variable pow(Tensor o) { return MathOps.pow(self(), Variable.of(o)); }
    default Variable pow(Number o) { return MathOps.pow(self(), o); }
    /** base ** self. */
    default Variable rpow(Number base) { return MathOps.rpow(self(), base); }
    default Variable maximum(Variable o) { return MathOps.maximum(self(), o); }
    default Variable maximum(Tensor o) { return MathOps.maximum(self(), Variable.of(o)); }
    default Variable minimum(Variable o) { return MathOps.minimum(self(), o); }
    default Variable minimum(Tensor o) { return MathOps.minimum(self(), Variable.of(o)); }
    default Variable atan2(Variable o) { return MathOps.atan2(self(), o); }
    default Variable atan2(Tensor o) { return MathOps.atan2(self(), Variable.of(o)); }
    default Variable hypot(Variable o) { return MathOps.hypot(self(), o); }
    default Variable hypot(Tensor o) { return MathOps.hypot(self(), Variable.of(o)); }

    // ---- unary math -------------------------------------------------------------------------------

    default Variable neg() { return MathOps.neg(self()); }
    default Variable abs() { return MathOps.abs(self()); }
    default Variable sign() { return MathOps.sign(self()); }
    default Variable reciprocal() { return MathOps.reciprocal(self()); }
    default Variable square() { return MathOps.square(self()); }
    default Variable exp() { return MathOps.exp(self()); }
    default Variable exp2() { return MathOps.exp2(self()); }
    default Variable expm1() { return MathOps.expm1(self()); }
    default Variable log() { return MathOps.log(self()); }
    default Variable log2() { return MathOps.log2(self()); }
    default Variable log10() { return MathOps.log10(self()); }
    default Variable log1p() { return MathOps.log1p(self()); }
    default Variable sqrt() { return MathOps.sqrt(self()); }
    default Variable rsqrt() { return MathOps.rsqrt(self()); }
    default Variable floor() { return MathOps.floor(self()); }
    default Variable ceil() { return MathOps.ceil(self()); }
    default Variable round() { return MathOps.round(self()); }
    default Variable trunc() { return MathOps.trunc(self()); }
    default Variable frac() { return MathOps.frac(self()); }
    default Variable sin() { return MathOps.sin(self()); }
    default Variable cos() { return MathOps.cos(self()); }
    default Variable tan() { return MathOps.tan(self()); }
    default Variable asin() { return MathOps.asin(self()); }
    default Variable acos() { return MathOps.acos(self()); }
    default Variable atan() { return MathOps.atan(self()); }
    default Variable sinh() { return MathOps.sinh(self()); }
    default Variable cosh() { return MathOps.cosh(self()); }
    default Variable tanh() { return MathOps.tanh(self()); }
    default Variable erf() { return MathOps.erf(self()); }
    default Variable erfc() { return MathOps.erfc(self()); }

    // ---- activations ------------------------------------------------------------------------------

    default Variable sigmoid() { return MathOps.sigmoid(self()); }
    default Variable logsigmoid() { return MathOps.logsigmoid(self()); }
    default Variable relu() { return MathOps.relu(self()); }
    default Variable relu6() { return MathOps.relu6(self()); }
    default Variable silu() { return MathOps.silu(self()); }
    default Variable mish() { return MathOps.mish(self()); }
    default Variable leakyRelu() { return MathOps.leakyRelu(self(), 0.01); }
    default Variable leakyRelu(double negativeSlope) { return MathOps.leakyRelu(self(), negativeSlope); }
    /** torch.prelu with learned slopes {@code weight} (1-D: one, or one per channel). */
    default Variable prelu(Variable weight) { return MathOps.prelu(self(), weight); }
    default Variable elu() { return MathOps.elu(self(), 1.0); }
    default Variable elu(double alpha) { return MathOps.elu(self(), alpha); }
    default Variable gelu() { return MathOps.gelu(self(), "none"); }
    /** approximate "none" (erf form) or "tanh". */
    default Variable gelu(String approximate) { return MathOps.gelu(self(), approximate); }
    default Variable softplus() { return MathOps.softplus(self(), 1, 20); }
    default Variable softplus(double beta, double threshold) { return MathOps.softplus(self(), beta, threshold); }

    // ---- clamp, NaN, where ------------------------------------------------------------------------

    default Variable clamp(Number min, Number max) { return MathOps.clamp(self(), min, max); }
    default Variable clampMin(Number min) { return MathOps.clampMin(self(), min); }
    default Variable clampMax(Number max) { return MathOps.clampMax(self(), max); }
    default Variable nanToNum() { return MathOps.nanToNum(self(), null, null, null); }
    default Variable nanToNum(Double nan, Double posinf, Double neginf) { return MathOps.nanToNum(self(), nan, posinf, neginf); }
    /** self where cond (BOOL), else other (PyTorch's Tensor.where). */
    default Variable where(Tensor cond, Variable other) { return MathOps.where(cond, self(), other); }
    default Variable where(Tensor cond, Tensor other) { return MathOps.where(cond, self(), Variable.of(other)); }
    default Variable where(Tensor cond, Number other) { return MathOps.where(cond, self(), other); }

    // ---- linear algebra ---------------------------------------------------------------------------

    default Variable matmul(Variable o) { return MathOps.matmul(self(), o); }
    default Variable matmul(Tensor o) { return MathOps.matmul(self(), Variable.of(o)); }
    default Variable mm(Variable o) { return MathOps.mm(self(), o); }
    default Variable mm(Tensor o) { return MathOps.mm(self(), Variable.of(o)); }
    default Variable bmm(Variable o) { return MathOps.bmm(self(), o); }
    default Variable bmm(Tensor o) { return MathOps.bmm(self(), Variable.of(o)); }
    default Variable mv(Variable v) { return MathOps.mv(self(), v); }
    default Variable mv(Tensor v) { return MathOps.mv(self(), Variable.of(v)); }
    default Variable dot(Variable o) { return MathOps.dot(self(), o); }
    default Variable dot(Tensor o) { return MathOps.dot(self(), Variable.of(o)); }
    default Variable outer(Variable o) { return MathOps.outer(self(), o); }
    default Variable outer(Tensor o) { return MathOps.outer(self(), Variable.of(o)); }
}
