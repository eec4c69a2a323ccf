package dev.axial.metrics;

import dev.axial.tensor.Scope;
import dev.axial.tensor.Shapes;
import dev.axial.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * MONAI's CumulativeIterationMetric: each call computes a batch's scores and appends them to a buffer that the
 * metric owns; {@link #aggregate()} reduces everything buffered since the last {@link #reset()}.
 *
 * <pre>{@code
 * try (DiceMetric dice = new DiceMetric()) {
 *     for (var batch : validation) dice.call(predOneHot, labelOneHot);   // per batch
 *     double mean = dice.aggregate().item();
 *     dice.reset();
 * }
 * }</pre>
 *
 * Ownership: the returned per-batch scores and aggregates belong to the caller's scope; the buffer holds copies of
 * its own, freed by {@link #reset()} and {@link #close()}.
 */
public abstract class CumulativeIterationMetric implements AutoCloseable {
    private final List<Tensor> buffer = new ArrayList<>();

    /** The scores of one batch-first pair, (B, ...). */
    protected abstract Tensor computeTensor(Tensor yPred, Tensor y);

    /** Reduces the buffered scores (B_total, ...). */
    public abstract Tensor aggregate();

    /** Computes the scores of a batch (B, C, spatial...), adds them to the buffer and returns them. */
    public Tensor call(Tensor yPred, Tensor y) {
        Tensor scores = computeTensor(yPred, y);
        buffer.add(Scope.release(scores.copy()));
        return scores;
    }

    /** As {@link #call(Tensor, Tensor)} for lists of channel-first items (a decollated batch). */
    public Tensor call(List<Tensor> yPred, List<Tensor> y) {
        if (yPred.size() != y.size())
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + yPred.size() + " predictions but " + y.size() + " labels");
        if (yPred.isEmpty()) throw new IllegalArgumentException(getClass().getSimpleName() + ": empty lists");
        Tensor[] parts = new Tensor[yPred.size()];
        try (Scope s = Scope.open()) {
            for (int i = 0; i < parts.length; i++) parts[i] = computeTensor(yPred.get(i).unsqueeze(0), y.get(i).unsqueeze(0));
            Tensor scores = s.keep(Tensor.cat(0, parts));
            buffer.add(Scope.release(scores.copy()));
            return scores;
        }
    }

    /** The buffered scores concatenated along dim 0 (a new tensor in the caller's scope), or null when empty. */
    public Tensor getBuffer() {
        if (buffer.isEmpty()) return null;
        return Tensor.cat(0, buffer.toArray(new Tensor[0]));
    }

    /** The number of buffered items. */
    public int size() {
        long n = 0;
        for (Tensor t : buffer) n += t.size(0);
        return (int) n;
    }

    /** Empties the buffer. */
    public void reset() {
        for (Tensor t : buffer) t.close();
        buffer.clear();
    }

    /** Frees the buffer. */
    @Override public void close() { reset(); }

    /** The buffer for aggregate(); a clear error when nothing was buffered. */
    protected Tensor bufferForAggregate() {
        Tensor b = getBuffer();
        if (b == null) throw new IllegalStateException(getClass().getSimpleName() + ".aggregate: the buffer is empty (call the metric on a batch first)");
        return b;
    }

    static String shapes(Tensor a, Tensor b) { return Shapes.str(a.shape()) + " and " + Shapes.str(b.shape()); }
}
