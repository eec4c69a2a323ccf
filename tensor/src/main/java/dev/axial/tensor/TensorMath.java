package dev.axial.tensor;

import dev.axial.tensor.spi.BinaryOp;
import dev.axial.tensor.spi.UnaryOp;

import static dev.axial.tensor.ElementwiseOps.binary;
import static dev.axial.tensor.ElementwiseOps.binaryInPlace;
import static dev.axial.tensor.ElementwiseOps.unary;
import static dev.axial.tensor.ElementwiseOps.unaryInPlace;

/**
 * Elementwise ops: arithmetic, math functions, activations, comparisons, logical ops, clamp, where: methods of
 * {@link Tensor}, declared here to keep Tensor.java about one concern. PyTorch's semantics: broadcasting, type
 * promotion (a Java number or a 0-dim tensor only raises the category: int tensor + 2.5 is float32, int tensor
 * + 2 stays int), integer inputs to floating functions give float32, in-place ops ({@code add_}) keep self's
 * dtype and shape.
 *
 * <pre>{@code
 * Tensor y = x.mul(2).add(b).relu();          // broadcasting b
 * Tensor m = x.gt(0.5).logicalAnd(mask);      // BOOL
 * x.clamp_(0, 1);                             // in place
 * }</pre>
 */
public sealed interface TensorMath permits Tensor {
    private Tensor self() { return (Tensor) this; }

    // ---- arithmetic ------------------------------------------------------------------------------------

    /** Self + other. */
    default Tensor add(Tensor other) { return binary("add", BinaryOp.ADD, self(), other); }

    /** As {@link #add(Tensor)} with a Java number (only raises the category). */
    default Tensor add(Number other) { return binary("add", BinaryOp.ADD, self(), other); }

    /** Self - other. */
    default Tensor sub(Tensor other) { return binary("sub", BinaryOp.SUB, self(), other); }

    /** As {@link #sub(Tensor)} with a Java number (only raises the category). */
    default Tensor sub(Number other) { return binary("sub", BinaryOp.SUB, self(), other); }

    /** Self * other. */
    default Tensor mul(Tensor other) { return binary("mul", BinaryOp.MUL, self(), other); }

    /** As {@link #mul(Tensor)} with a Java number (only raises the category). */
    default Tensor mul(Number other) { return binary("mul", BinaryOp.MUL, self(), other); }

    /** True division self / other: always floating (int / int gives float32). */
    default Tensor div(Tensor other) { return binary("div", BinaryOp.DIV, self(), other); }

    /** As {@link #div(Tensor)} with a Java number (only raises the category). */
    default Tensor div(Number other) { return binary("div", BinaryOp.DIV, self(), other); }

    /**
     * torch.div with a rounding mode: null (true division), "trunc" (toward zero, C's integer division) or
     * "floor" (Python's //). Trunc and floor keep integer dtypes; integer division by zero throws.
     */
    default Tensor div(Tensor other, String roundingMode) {
        return binary("div", ElementwiseOps.roundingOp(roundingMode), self(), other);
    }

    /** As {@link #div(Tensor, String)} with a Java number. */
    default Tensor div(Number other, String roundingMode) {
        return binary("div", ElementwiseOps.roundingOp(roundingMode), self(), other);
    }

    /** In place {@link #div(Tensor, String)}. */
    default Tensor div_(Tensor other, String roundingMode) {
        return binaryInPlace("div_", ElementwiseOps.roundingOp(roundingMode), self(), other);
    }

    /** Floor(self / other), Python's //; integer division by zero throws. */
    default Tensor floorDivide(Tensor other) { return binary("floorDivide", BinaryOp.FLOOR_DIVIDE, self(), other); }

    /** As {@link #floorDivide(Tensor)} with a Java number (only raises the category). */
    default Tensor floorDivide(Number other) { return binary("floorDivide", BinaryOp.FLOOR_DIVIDE, self(), other); }

    /** Python's %: the result has other's sign; integer division by zero throws. */
    default Tensor remainder(Tensor other) { return binary("remainder", BinaryOp.REMAINDER, self(), other); }

    /** As {@link #remainder(Tensor)} with a Java number (only raises the category). */
    default Tensor remainder(Number other) { return binary("remainder", BinaryOp.REMAINDER, self(), other); }

    /** C's fmod: the result has self's sign; integer division by zero throws. */
    default Tensor fmod(Tensor other) { return binary("fmod", BinaryOp.FMOD, self(), other); }

    /** As {@link #fmod(Tensor)} with a Java number (only raises the category). */
    default Tensor fmod(Number other) { return binary("fmod", BinaryOp.FMOD, self(), other); }

    /** Self ** other (integers: exact, wrapping). */
    default Tensor pow(Tensor other) { return binary("pow", BinaryOp.POW, self(), other); }

    /** As {@link #pow(Tensor)} with a Java number (only raises the category). */
    default Tensor pow(Number other) { return ElementwiseOps.pow("pow", self(), other, false); }

    /** self + alpha * other, as torch.add(self, other, alpha=alpha). */
    default Tensor add(Tensor other, Number alpha) { return ElementwiseOps.addScaled("add", self(), other, alpha, false, false); }

    /** self - alpha * other. */
    default Tensor sub(Tensor other, Number alpha) { return ElementwiseOps.addScaled("sub", self(), other, alpha, true, false); }

    /** other - self (torch.rsub). */
    default Tensor rsub(Number other) { return binary("rsub", BinaryOp.SUB, other, self()); }

    /** other / self (Python's reflected division). */
    default Tensor rdiv(Number other) { return binary("rdiv", BinaryOp.DIV, other, self()); }

    /** base ** self (Python's reflected power). */
    default Tensor rpow(Number base) { return ElementwiseOps.rpow("rpow", self(), base); }

    /** Elementwise max; NaN propagates. */
    default Tensor maximum(Tensor other) { return binary("maximum", BinaryOp.MAXIMUM, self(), other); }

    /** Elementwise min; NaN propagates. */
    default Tensor minimum(Tensor other) { return binary("minimum", BinaryOp.MINIMUM, self(), other); }

    /** atan2(self, other), floating. */
    default Tensor atan2(Tensor other) { return binary("atan2", BinaryOp.ATAN2, self(), other); }

    /** sqrt(self^2 + other^2), floating. */
    default Tensor hypot(Tensor other) { return binary("hypot", BinaryOp.HYPOT, self(), other); }


    // ---- in place arithmetic ---------------------------------------------------------------------------

    /** In place {@link #add(Tensor)}: the result is cast to self's dtype (float into an integer self is an error). */
    default Tensor add_(Tensor other) { return binaryInPlace("add_", BinaryOp.ADD, self(), other); }

    /** In place {@link #add(Number)}. */
    default Tensor add_(Number other) { return binaryInPlace("add_", BinaryOp.ADD, self(), other); }

    /** In place {@link #sub(Tensor)}: the result is cast to self's dtype (float into an integer self is an error). */
    default Tensor sub_(Tensor other) { return binaryInPlace("sub_", BinaryOp.SUB, self(), other); }

    /** In place {@link #sub(Number)}. */
    default Tensor sub_(Number other) { return binaryInPlace("sub_", BinaryOp.SUB, self(), other); }

    /** In place {@link #mul(Tensor)}: the result is cast to self's dtype (float into an integer self is an error). */
    default Tensor mul_(Tensor other) { return binaryInPlace("mul_", BinaryOp.MUL, self(), other); }

    /** In place {@link #mul(Number)}. */
    default Tensor mul_(Number other) { return binaryInPlace("mul_", BinaryOp.MUL, self(), other); }

    /** In place {@link #div(Tensor)}: the result is cast to self's dtype (float into an integer self is an error). */
    default Tensor div_(Tensor other) { return binaryInPlace("div_", BinaryOp.DIV, self(), other); }

    /** In place {@link #div(Number)}. */
    default Tensor div_(Number other) { return binaryInPlace("div_", BinaryOp.DIV, self(), other); }

    /** In place {@link #floorDivide(Tensor)}: the result is cast to self's dtype (float into an integer self is an error). */
    default Tensor floorDivide_(Tensor other) { return binaryInPlace("floorDivide_", BinaryOp.FLOOR_DIVIDE, self(), other); }

    /** In place {@link #floorDivide(Number)}. */
    default Tensor floorDivide_(Number other) { return binaryInPlace("floorDivide_", BinaryOp.FLOOR_DIVIDE, self(), other); }

    /** In place {@link #remainder(Tensor)}: the result is cast to self's dtype (float into an integer self is an error). */
    default Tensor remainder_(Tensor other) { return binaryInPlace("remainder_", BinaryOp.REMAINDER, self(), other); }

    /** In place {@link #remainder(Number)}. */
    default Tensor remainder_(Number other) { return binaryInPlace("remainder_", BinaryOp.REMAINDER, self(), other); }

    /** In place {@link #fmod(Tensor)}: the result is cast to self's dtype (float into an integer self is an error). */
    default Tensor fmod_(Tensor other) { return binaryInPlace("fmod_", BinaryOp.FMOD, self(), other); }

    /** In place {@link #fmod(Number)}. */
    default Tensor fmod_(Number other) { return binaryInPlace("fmod_", BinaryOp.FMOD, self(), other); }

    /** In place {@link #pow(Tensor)}: the result is cast to self's dtype (float into an integer self is an error). */
    default Tensor pow_(Tensor other) { return binaryInPlace("pow_", BinaryOp.POW, self(), other); }

    /** In place {@link #pow(Number)}. */
    default Tensor pow_(Number other) { return ElementwiseOps.pow("pow_", self(), other, true); }

    /** In place self += alpha * other. */
    default Tensor add_(Tensor other, Number alpha) { return ElementwiseOps.addScaled("add_", self(), other, alpha, false, true); }

    /** In place self -= alpha * other. */
    default Tensor sub_(Tensor other, Number alpha) { return ElementwiseOps.addScaled("sub_", self(), other, alpha, true, true); }


    // ---- unary math ------------------------------------------------------------------------------------

    /** -self (not for bool). */
    default Tensor neg() { return unary("neg", UnaryOp.NEG, self()); }

    /** |self|. */
    default Tensor abs() { return unary("abs", UnaryOp.ABS, self()); }

    /** -1, 0 or 1 (NaN gives 0, as PyTorch's CPU kernel). */
    default Tensor sign() { return unary("sign", UnaryOp.SIGN, self()); }

    /** 1 / self, floating. */
    default Tensor reciprocal() { return unary("reciprocal", UnaryOp.RECIPROCAL, self()); }

    /** self * self. */
    default Tensor square() { return unary("square", UnaryOp.SQUARE, self()); }

    /** e^self. */
    default Tensor exp() { return unary("exp", UnaryOp.EXP, self()); }

    /** 2^self. */
    default Tensor exp2() { return unary("exp2", UnaryOp.EXP2, self()); }

    /** e^self - 1, accurate near 0. */
    default Tensor expm1() { return unary("expm1", UnaryOp.EXPM1, self()); }

    /** Natural log. */
    default Tensor log() { return unary("log", UnaryOp.LOG, self()); }

    /** Base-2 log. */
    default Tensor log2() { return unary("log2", UnaryOp.LOG2, self()); }

    /** Base-10 log. */
    default Tensor log10() { return unary("log10", UnaryOp.LOG10, self()); }

    /** log(1 + self), accurate near 0. */
    default Tensor log1p() { return unary("log1p", UnaryOp.LOG1P, self()); }

    /** Square root. */
    default Tensor sqrt() { return unary("sqrt", UnaryOp.SQRT, self()); }

    /** 1 / sqrt(self). */
    default Tensor rsqrt() { return unary("rsqrt", UnaryOp.RSQRT, self()); }

    /** Round down (integers unchanged). */
    default Tensor floor() { return unary("floor", UnaryOp.FLOOR, self()); }

    /** Round up. */
    default Tensor ceil() { return unary("ceil", UnaryOp.CEIL, self()); }

    /** Round half to even, as torch.round. */
    default Tensor round() { return unary("round", UnaryOp.ROUND, self()); }

    /** Round toward zero. */
    default Tensor trunc() { return unary("trunc", UnaryOp.TRUNC, self()); }

    /** self - trunc(self), floating only. */
    default Tensor frac() { return unary("frac", UnaryOp.FRAC, self()); }

    /** Sine. */
    default Tensor sin() { return unary("sin", UnaryOp.SIN, self()); }

    /** Cosine. */
    default Tensor cos() { return unary("cos", UnaryOp.COS, self()); }

    /** Tangent. */
    default Tensor tan() { return unary("tan", UnaryOp.TAN, self()); }

    /** Arcsine. */
    default Tensor asin() { return unary("asin", UnaryOp.ASIN, self()); }

    /** Arccosine. */
    default Tensor acos() { return unary("acos", UnaryOp.ACOS, self()); }

    /** Arctangent. */
    default Tensor atan() { return unary("atan", UnaryOp.ATAN, self()); }

    /** Hyperbolic sine. */
    default Tensor sinh() { return unary("sinh", UnaryOp.SINH, self()); }

    /** Hyperbolic cosine. */
    default Tensor cosh() { return unary("cosh", UnaryOp.COSH, self()); }

    /** Hyperbolic tangent. */
    default Tensor tanh() { return unary("tanh", UnaryOp.TANH, self()); }

    /** Error function. */
    default Tensor erf() { return unary("erf", UnaryOp.ERF, self()); }

    /** 1 - erf(self), accurate for large self. */
    default Tensor erfc() { return unary("erfc", UnaryOp.ERFC, self()); }


    // ---- activations -----------------------------------------------------------------------------------

    /** 1 / (1 + e^-self), without overflow. */
    default Tensor sigmoid() { return unary("sigmoid", UnaryOp.SIGMOID, self()); }

    /** log(sigmoid(self)), stable for large |self|. */
    default Tensor logsigmoid() { return unary("logsigmoid", UnaryOp.LOGSIGMOID, self()); }

    /** max(self, 0); NaN propagates. */
    default Tensor relu() { return unary("relu", UnaryOp.RELU, self()); }

    /** min(max(self, 0), 6). */
    default Tensor relu6() { return unary("relu6", UnaryOp.RELU6, self()); }

    /** self * sigmoid(self) (swish). */
    default Tensor silu() { return unary("silu", UnaryOp.SILU, self()); }

    /** self * tanh(softplus(self)). */
    default Tensor mish() { return unary("mish", UnaryOp.MISH, self()); }

    /** self if self &gt; 0 else slope * self (default slope 0.01). */
    default Tensor leakyRelu() { return leakyRelu(0.01); }

    /** Leaky ReLU with the given negative slope. */
    default Tensor leakyRelu(double negativeSlope) { return unary("leakyRelu", UnaryOp.LEAKY_RELU, self(), negativeSlope); }

    /**
     * torch.prelu: self where self &gt; 0, else weight * self, in one pass; weight is 1-D with one slope, or one per
     * channel (dim 1; dim 0 of a 1-D input). Gradients: {@link #preluBackward}.
     *
     * <pre>{@code
     * Tensor y = x.prelu(Tensor.full(DType.FLOAT32, Device.CPU, 0.25, 1));   // MONAI's default PReLU
     * }</pre>
     */
    default Tensor prelu(Tensor weight) { return ElementwiseOps.prelu(self(), weight); }

    /**
     * The gradients of {@code self.prelu(weight)} for upstream {@code grad}, in one pass (ATen's
     * _prelu_kernel_backward): {gradInput, gradWeight}, with self's and weight's shapes; the caller owns both.
     *
     * <pre>{@code
     * Tensor[] g = x.preluBackward(dy, w);   // g[0] = dL/dx, g[1] = dL/dw
     * }</pre>
     */
    default Tensor[] preluBackward(Tensor grad, Tensor weight) { return ElementwiseOps.preluBackward(grad, self(), weight); }

    /** self if self &gt; 0 else alpha * (e^self - 1), alpha = 1. */
    default Tensor elu() { return elu(1.0); }

    /** ELU with the given alpha. */
    default Tensor elu(double alpha) { return unary("elu", UnaryOp.ELU, self(), alpha); }

    /** GELU, exact (erf) form. */
    default Tensor gelu() { return ElementwiseOps.gelu(self(), "none"); }

    /** GELU with approximate "none" (erf form) or "tanh". */
    default Tensor gelu(String approximate) { return ElementwiseOps.gelu(self(), approximate); }

    /** log(1 + e^self) (beta 1, threshold 20). */
    default Tensor softplus() { return softplus(1, 20); }

    /** log(1 + e^(beta self)) / beta, self itself where beta * self &gt; threshold. */
    default Tensor softplus(double beta, double threshold) { return unary("softplus", UnaryOp.SOFTPLUS, self(), beta, threshold); }


    // ---- in place unary --------------------------------------------------------------------------------

    /** In place {@link #neg()} (an integer self is an error where the result is floating). */
    default Tensor neg_() { return unaryInPlace("neg_", UnaryOp.NEG, self()); }

    /** In place {@link #abs()} (an integer self is an error where the result is floating). */
    default Tensor abs_() { return unaryInPlace("abs_", UnaryOp.ABS, self()); }

    /** In place {@link #sign()} (an integer self is an error where the result is floating). */
    default Tensor sign_() { return unaryInPlace("sign_", UnaryOp.SIGN, self()); }

    /** In place {@link #reciprocal()} (an integer self is an error where the result is floating). */
    default Tensor reciprocal_() { return unaryInPlace("reciprocal_", UnaryOp.RECIPROCAL, self()); }

    /** In place {@link #square()} (an integer self is an error where the result is floating). */
    default Tensor square_() { return unaryInPlace("square_", UnaryOp.SQUARE, self()); }

    /** In place {@link #exp()} (an integer self is an error where the result is floating). */
    default Tensor exp_() { return unaryInPlace("exp_", UnaryOp.EXP, self()); }

    /** In place {@link #expm1()} (an integer self is an error where the result is floating). */
    default Tensor expm1_() { return unaryInPlace("expm1_", UnaryOp.EXPM1, self()); }

    /** In place {@link #log()} (an integer self is an error where the result is floating). */
    default Tensor log_() { return unaryInPlace("log_", UnaryOp.LOG, self()); }

    /** In place {@link #log1p()} (an integer self is an error where the result is floating). */
    default Tensor log1p_() { return unaryInPlace("log1p_", UnaryOp.LOG1P, self()); }

    /** In place {@link #sqrt()} (an integer self is an error where the result is floating). */
    default Tensor sqrt_() { return unaryInPlace("sqrt_", UnaryOp.SQRT, self()); }

    /** In place {@link #rsqrt()} (an integer self is an error where the result is floating). */
    default Tensor rsqrt_() { return unaryInPlace("rsqrt_", UnaryOp.RSQRT, self()); }

    /** In place {@link #floor()} (an integer self is an error where the result is floating). */
    default Tensor floor_() { return unaryInPlace("floor_", UnaryOp.FLOOR, self()); }

    /** In place {@link #ceil()} (an integer self is an error where the result is floating). */
    default Tensor ceil_() { return unaryInPlace("ceil_", UnaryOp.CEIL, self()); }

    /** In place {@link #round()} (an integer self is an error where the result is floating). */
    default Tensor round_() { return unaryInPlace("round_", UnaryOp.ROUND, self()); }

    /** In place {@link #trunc()} (an integer self is an error where the result is floating). */
    default Tensor trunc_() { return unaryInPlace("trunc_", UnaryOp.TRUNC, self()); }

    /** In place {@link #frac()} (an integer self is an error where the result is floating). */
    default Tensor frac_() { return unaryInPlace("frac_", UnaryOp.FRAC, self()); }

    /** In place {@link #sin()} (an integer self is an error where the result is floating). */
    default Tensor sin_() { return unaryInPlace("sin_", UnaryOp.SIN, self()); }

    /** In place {@link #cos()} (an integer self is an error where the result is floating). */
    default Tensor cos_() { return unaryInPlace("cos_", UnaryOp.COS, self()); }

    /** In place {@link #tanh()} (an integer self is an error where the result is floating). */
    default Tensor tanh_() { return unaryInPlace("tanh_", UnaryOp.TANH, self()); }

    /** In place {@link #sigmoid()} (an integer self is an error where the result is floating). */
    default Tensor sigmoid_() { return unaryInPlace("sigmoid_", UnaryOp.SIGMOID, self()); }

    /** In place {@link #relu()} (an integer self is an error where the result is floating). */
    default Tensor relu_() { return unaryInPlace("relu_", UnaryOp.RELU, self()); }

    /** In place {@link #silu()} (an integer self is an error where the result is floating). */
    default Tensor silu_() { return unaryInPlace("silu_", UnaryOp.SILU, self()); }

    /** In place {@link #erf()} (an integer self is an error where the result is floating). */
    default Tensor erf_() { return unaryInPlace("erf_", UnaryOp.ERF, self()); }

    /** In place {@link #leakyRelu(double)}. */
    default Tensor leakyRelu_(double negativeSlope) { return unaryInPlace("leakyRelu_", UnaryOp.LEAKY_RELU, self(), negativeSlope); }


    // ---- clamp and NaN ---------------------------------------------------------------------------------

    /** min(max(self, min), max); a null bound is no bound (both null is an error); NaN propagates. */
    default Tensor clamp(Number min, Number max) { return ElementwiseOps.clamp("clamp", self(), min, max, false); }

    /** max(self, min). */
    default Tensor clampMin(Number min) { return ElementwiseOps.clamp("clampMin", self(), min, null, false); }

    /** min(self, max). */
    default Tensor clampMax(Number max) { return ElementwiseOps.clamp("clampMax", self(), null, max, false); }

    /** In place {@link #clamp(Number, Number)}. */
    default Tensor clamp_(Number min, Number max) { return ElementwiseOps.clamp("clamp_", self(), min, max, true); }

    /** In place {@link #clampMin(Number)}. */
    default Tensor clampMin_(Number min) { return ElementwiseOps.clamp("clampMin_", self(), min, null, true); }

    /** In place {@link #clampMax(Number)}. */
    default Tensor clampMax_(Number max) { return ElementwiseOps.clamp("clampMax_", self(), null, max, true); }

    /** NaN to 0, +Inf to the dtype's max, -Inf to its min. */
    default Tensor nanToNum() { return ElementwiseOps.nanToNum(self(), null, null, null); }

    /** NaN, +Inf, -Inf replaced by the given values (null = PyTorch's default). */
    default Tensor nanToNum(Double nan, Double posinf, Double neginf) { return ElementwiseOps.nanToNum(self(), nan, posinf, neginf); }

    /** True where NaN. */
    default Tensor isnan() { return unary("isnan", UnaryOp.ISNAN, self()); }

    /** True where +Inf or -Inf. */
    default Tensor isinf() { return unary("isinf", UnaryOp.ISINF, self()); }

    /** True where neither NaN nor infinite. */
    default Tensor isfinite() { return unary("isfinite", UnaryOp.ISFINITE, self()); }


    // ---- comparisons and logic (BOOL results) ----------------------------------------------------------

    /** self == other, after promotion; any comparison with NaN is false except ne. */
    default Tensor eq(Tensor other) { return binary("eq", BinaryOp.EQ, self(), other); }

    /** self == a Java number. */
    default Tensor eq(Number other) { return binary("eq", BinaryOp.EQ, self(), other); }

    /** self != other, after promotion; any comparison with NaN is false except ne. */
    default Tensor ne(Tensor other) { return binary("ne", BinaryOp.NE, self(), other); }

    /** self != a Java number. */
    default Tensor ne(Number other) { return binary("ne", BinaryOp.NE, self(), other); }

    /** self &lt; other, after promotion; any comparison with NaN is false except ne. */
    default Tensor lt(Tensor other) { return binary("lt", BinaryOp.LT, self(), other); }

    /** self &lt; a Java number. */
    default Tensor lt(Number other) { return binary("lt", BinaryOp.LT, self(), other); }

    /** self &lt;= other, after promotion; any comparison with NaN is false except ne. */
    default Tensor le(Tensor other) { return binary("le", BinaryOp.LE, self(), other); }

    /** self &lt;= a Java number. */
    default Tensor le(Number other) { return binary("le", BinaryOp.LE, self(), other); }

    /** self &gt; other, after promotion; any comparison with NaN is false except ne. */
    default Tensor gt(Tensor other) { return binary("gt", BinaryOp.GT, self(), other); }

    /** self &gt; a Java number. */
    default Tensor gt(Number other) { return binary("gt", BinaryOp.GT, self(), other); }

    /** self &gt;= other, after promotion; any comparison with NaN is false except ne. */
    default Tensor ge(Tensor other) { return binary("ge", BinaryOp.GE, self(), other); }

    /** self &gt;= a Java number. */
    default Tensor ge(Number other) { return binary("ge", BinaryOp.GE, self(), other); }

    /** (self != 0) and (other != 0). */
    default Tensor logicalAnd(Tensor other) { return binary("logicalAnd", BinaryOp.LOGICAL_AND, self(), other); }

    /** (self != 0) or (other != 0). */
    default Tensor logicalOr(Tensor other) { return binary("logicalOr", BinaryOp.LOGICAL_OR, self(), other); }

    /** (self != 0) xor (other != 0). */
    default Tensor logicalXor(Tensor other) { return binary("logicalXor", BinaryOp.LOGICAL_XOR, self(), other); }

    /** self == 0. */
    default Tensor logicalNot() { return unary("logicalNot", UnaryOp.LOGICAL_NOT, self()); }

    /** self &amp; other, integral or bool dtypes only. */
    default Tensor bitwiseAnd(Tensor other) { return binary("bitwiseAnd", BinaryOp.BITWISE_AND, self(), other); }

    /** self &amp; a Java integer. */
    default Tensor bitwiseAnd(Number other) { return binary("bitwiseAnd", BinaryOp.BITWISE_AND, self(), other); }

    /** self | other, integral or bool dtypes only. */
    default Tensor bitwiseOr(Tensor other) { return binary("bitwiseOr", BinaryOp.BITWISE_OR, self(), other); }

    /** self | a Java integer. */
    default Tensor bitwiseOr(Number other) { return binary("bitwiseOr", BinaryOp.BITWISE_OR, self(), other); }

    /** self ^ other, integral or bool dtypes only. */
    default Tensor bitwiseXor(Tensor other) { return binary("bitwiseXor", BinaryOp.BITWISE_XOR, self(), other); }

    /** self ^ a Java integer. */
    default Tensor bitwiseXor(Number other) { return binary("bitwiseXor", BinaryOp.BITWISE_XOR, self(), other); }

    /** ~self (logical not for bool), integral or bool dtypes only. */
    default Tensor bitwiseNot() { return unary("bitwiseNot", UnaryOp.BITWISE_NOT, self()); }


    // ---- where -----------------------------------------------------------------------------------------

    /** self where cond, else other (PyTorch's Tensor.where); cond must be BOOL. */
    default Tensor where(Tensor cond, Tensor other) { return ElementwiseOps.where(cond, self(), other); }

    /** self where cond, else a Java number. */
    default Tensor where(Tensor cond, Number other) { return ElementwiseOps.where(cond, self(), other); }
}
