package dev.axial.tensor.spi;

/**
 * Reductions over a set of dims (part of the op table; see {@link Backend}). Float32 sums accumulate
 * in float64 blocks (pairwise), so they are exact to float32 rounding of the true sum.
 */
public enum ReduceOp {
    SUM, PROD, MEAN, AMAX, AMIN, ALL, ANY,
    /** param: correction (Bessel's: 1) */ VAR,
    /** param: p (1, 2, +inf, -inf, 0, or any positive p) */ NORM,
    LOGSUMEXP, COUNT_NONZERO,
    /** sqrt of VAR; param: correction */ STD;

    public String opName() { return name().toLowerCase(); }
}
