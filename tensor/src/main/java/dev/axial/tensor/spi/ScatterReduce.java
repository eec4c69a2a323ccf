package dev.axial.tensor.spi;

/** How scatter combines a source value with the value already at the target: PyTorch's {@code reduce=} argument. */
public enum ScatterReduce { NONE, SUM, PROD, AMAX, AMIN }
