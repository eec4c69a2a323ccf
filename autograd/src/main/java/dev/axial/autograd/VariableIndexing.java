package dev.axial.autograd;

/**
 * Indexing ops on {@link Variable}s (gather, index_select, scatter, masked ops; {@code ops.IndexOps} holds the
 * formulas).
 *
 * <pre>{@code
 * Variable picked = logits.gather(1, labels);
 * }</pre>
 */
public sealed interface VariableIndexing permits Variable {
    Variable self();
}
