package dev.axial.tensor.spi;

/**
 * Random fills from a counter-based generator (Philox4x32-10): element {@code i} of the output draws from
 * counter {@code offset + i} under the generator's key, so results do not depend on threads or backend.
 */
public enum RandomOp {
    /** params a, b: U[a, b) */ UNIFORM,
    /** params mean, std */ NORMAL,
    /** params low, high: integers in [low, high) */ RANDINT,
    /** param p: 1 with probability p */ BERNOULLI;

    public String opName() { return name().toLowerCase(); }
}
