package dev.axial.tensor.spi;

/**
 * Elementwise ops of one operand (part of the op table; see {@link Backend}). {@code params} are the
 * op's scalar arguments, in the order listed. Output dtype: the input's for most; the floating
 * counterpart for transcendental ops on integer input; BOOL for predicates.
 */
public enum UnaryOp {
    NEG, ABS, SIGN, RECIPROCAL, SQUARE,
    EXP, EXP2, EXPM1, LOG, LOG2, LOG10, LOG1P, SQRT, RSQRT,
    FLOOR, CEIL, ROUND, TRUNC, FRAC,
    SIN, COS, TAN, ASIN, ACOS, ATAN, SINH, COSH, TANH, ERF, ERFC,
    SIGMOID, LOGSIGMOID, RELU, RELU6, SILU, MISH,
    /** params: negative_slope */ LEAKY_RELU(1),
    /** params: alpha */ ELU(1),
    /** params: approximate (0 = erf form, 1 = tanh form) */ GELU(1),
    /** params: beta, threshold */ SOFTPLUS(2),
    /** params: min, max (NaN = no bound) */ CLAMP(2),
    /** params: exponent */ POW_SCALAR(1),
    /** params: base; computes base^x */ RPOW_SCALAR(1),
    /** params: nan, posinf, neginf replacements */ NAN_TO_NUM(3),
    LOGICAL_NOT(0, true), ISNAN(0, true), ISINF(0, true), ISFINITE(0, true),
    BITWISE_NOT;

    private final int arity;
    private final boolean predicate;

    UnaryOp() { this(0, false); }
    UnaryOp(int arity) { this(arity, false); }
    UnaryOp(int arity, boolean predicate) { this.arity = arity; this.predicate = predicate; }

    /** Number of scalar params. */
    public int paramCount() { return arity; }

    /** True when the output is BOOL. */
    public boolean isPredicate() { return predicate; }

    /** True for ops whose result is not an integer for integer input (exp, sqrt, sigmoid...). */
    public boolean needsFloat() {
        return switch (this) {
            case NEG, ABS, SIGN, SQUARE, FLOOR, CEIL, ROUND, TRUNC, RELU, RELU6, CLAMP, NAN_TO_NUM,
                 LOGICAL_NOT, ISNAN, ISINF, ISFINITE, BITWISE_NOT, FRAC -> false;
            default -> true;
        };
    }

    /** The op's name in lower case (for messages; kernels call it on every launch, so it is computed once). */
    public String opName() { return opName; }

    private final String opName = name().toLowerCase(java.util.Locale.ROOT);
}
