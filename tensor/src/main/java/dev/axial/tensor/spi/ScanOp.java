package dev.axial.tensor.spi;

/** Inclusive scans along one dim (part of the op table; see {@link Backend}). */
public enum ScanOp {
    CUMSUM, CUMPROD, CUMMAX, CUMMIN, LOGCUMSUMEXP;

    public String opName() { return name().toLowerCase(); }
}
