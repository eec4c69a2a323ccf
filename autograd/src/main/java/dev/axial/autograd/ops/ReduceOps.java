package dev.axial.autograd.ops;

import dev.axial.autograd.Graph;
import dev.axial.autograd.Variable;
import dev.axial.tensor.Tensor;

import static dev.axial.autograd.Graph.grads;

/**
 * The backward table of the reductions, scans and softmax family (see {@link MathOps} for the conventions).
 *
 * <pre>{@code
 * Variable loss = ReduceOps.mean(x);       // usually written x.mean()
 * }</pre>
 */
public final class ReduceOps {
    private ReduceOps() {}

    /** sum of all elements: d/da = g broadcast to a's shape. */
    public static Variable sum(Variable a) {
        long[] shape = a.shape();
        return Graph.record("sum", a.data().sum(), (g, need) -> grads(g.expand(shape)), a);
    }

    /** sum over {@code dims}: d/da = g (with the reduced dims restored as size 1) broadcast to a's shape. */
    public static Variable sum(Variable a, int[] dims, boolean keepdim) {
        long[] shape = a.shape();
        return Graph.record("sum", a.data().sum(dims, keepdim), (g, need) -> grads(restore(g, dims, shape, keepdim).expand(shape)), a);
    }

    /** mean of all elements: d/da = g / numel. */
    public static Variable mean(Variable a) {
        long[] shape = a.shape();
        long n = a.numel();
        return Graph.record("mean", a.data().mean(), (g, need) -> grads(g.div(n).expand(shape)), a);
    }

    /** g of a reduction over {@code dims} reshaped so it broadcasts against the input (size-1 reduced dims). */
    public static Tensor restore(Tensor g, int[] dims, long[] inShape, boolean keepdim) {
        if (keepdim) return g;
        boolean[] reduced = new boolean[inShape.length];
        if (dims == null || dims.length == 0) java.util.Arrays.fill(reduced, true);
        else for (int d : dims) reduced[d < 0 ? d + inShape.length : d] = true;
        long[] s = new long[inShape.length];
        for (int i = 0; i < s.length; i++) s[i] = reduced[i] ? 1 : inShape[i];
        return g.reshape(s);
    }
}
