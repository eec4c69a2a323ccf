package dev.axial.tensor.spi;

/**
 * Elementwise ops of two operands, broadcast to the output's shape before the backend sees them
 * (part of the op table; see {@link Backend}). Comparisons and logical ops write BOOL. {@code params} are the
 * op's scalar arguments, in the order listed (none for most).
 */
public enum BinaryOp {
    ADD, SUB, MUL,
    /** true division: always floating */ DIV,
    /** floor(a / b), Python's // */ FLOOR_DIVIDE,
    /** trunc(a / b), C's integer division: torch.div(rounding_mode='trunc') */ TRUNC_DIVIDE,
    /** Python's %: the result has the sign of b */ REMAINDER,
    /** C's fmod: the result has the sign of a */ FMOD,
    POW, MAXIMUM, MINIMUM, ATAN2, HYPOT,
    EQ(true), NE(true), LT(true), LE(true), GT(true), GE(true),
    LOGICAL_AND(true), LOGICAL_OR(true), LOGICAL_XOR(true),
    BITWISE_AND, BITWISE_OR, BITWISE_XOR,
    /**
     * a + alpha * b in one pass (add/sub with alpha; sub passes -alpha). params: alpha, already rounded to the
     * compute dtype's precision for float32 and below; for integer dtypes an integer with |alpha| &lt;= 2^53,
     * computed exactly in wrapping long arithmetic. Floating results may come from one fused multiply-add.
     */
    ADD_SCALED(false, 1),
    /**
     * a where a &gt; 0, else b * a: torch.prelu's kernel, b the slopes broadcast to a's shape (NaN stays NaN);
     * floating dtypes only. Its gradient is {@link Backend#preluBackward}.
     */
    PRELU;

    private final boolean predicate;
    private final int arity;

    BinaryOp() { this(false); }
    BinaryOp(boolean predicate) { this(predicate, 0); }
    BinaryOp(boolean predicate, int arity) { this.predicate = predicate; this.arity = arity; }

    /** Number of scalar params. */
    public int paramCount() { return arity; }

    /** True when the output is BOOL. */
    public boolean isPredicate() { return predicate; }

    /** The op's name in lower case (for messages; kernels call it on every launch, so it is computed once). */
    public String opName() { return opName; }

    private final String opName = name().toLowerCase(java.util.Locale.ROOT);
}
