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
    /** sqrt of VAR; param: correction */ STD,
    /** SUM over the non-NaN elements (floating inputs; integral ones use SUM) */ NANSUM,
    /** mean over the non-NaN elements: NaN where there are none (floating inputs) */ NANMEAN;

    public String opName() { return name().toLowerCase(); }
}
