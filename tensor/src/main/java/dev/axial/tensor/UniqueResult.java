package dev.axial.tensor;

/**
 * What {@link Tensor#unique} returns, as torch.unique's tuple: the distinct values (1-D, ascending), the
 * index of each input element's value among them (int64, the input's shape) and how often each value occurs
 * (int64). Those not asked for are null. Closing it frees all three.
 *
 * <pre>{@code
 * UniqueResult u = labels.unique(true, true, true);
 * Tensor classes = u.values(), counts = u.counts();
 * }</pre>
 */
public record UniqueResult(Tensor values, Tensor inverse, Tensor counts) implements AutoCloseable {
    @Override public void close() {
        values.close();
        if (inverse != null) inverse.close();
        if (counts != null) counts.close();
    }
}
