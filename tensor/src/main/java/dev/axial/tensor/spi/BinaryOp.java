package dev.axial.tensor.spi;

/**
 * Elementwise ops of two operands, broadcast to the output's shape before the backend sees them
 * (part of the op table; see {@link Backend}). Comparisons and logical ops write BOOL.
 */
public enum BinaryOp {
    ADD, SUB, MUL,
    /** true division: always floating */ DIV,
    /** floor(a / b), Python's // */ FLOOR_DIVIDE,
    /** Python's %: the result has the sign of b */ REMAINDER,
    /** C's fmod: the result has the sign of a */ FMOD,
    POW, MAXIMUM, MINIMUM, ATAN2, HYPOT,
    EQ(true), NE(true), LT(true), LE(true), GT(true), GE(true),
    LOGICAL_AND(true), LOGICAL_OR(true), LOGICAL_XOR(true),
    BITWISE_AND, BITWISE_OR, BITWISE_XOR;

    private final boolean predicate;

    BinaryOp() { this(false); }
    BinaryOp(boolean predicate) { this.predicate = predicate; }

    /** True when the output is BOOL. */
    public boolean isPredicate() { return predicate; }

    public String opName() { return name().toLowerCase(); }
}
