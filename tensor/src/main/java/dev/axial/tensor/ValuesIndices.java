package dev.axial.tensor;

/**
 * The (values, indices) pair that max/min along a dim, sort, topk, kthvalue, cummax and friends return,
 * as PyTorch's named tuples. Closing it frees both.
 *
 * <pre>{@code
 * ValuesIndices m = x.max(1, false);
 * Tensor best = m.values(), where = m.indices();   // indices are int64
 * }</pre>
 */
public record ValuesIndices(Tensor values, Tensor indices) implements AutoCloseable {
    @Override public void close() {
        values.close();
        indices.close();
    }
}
