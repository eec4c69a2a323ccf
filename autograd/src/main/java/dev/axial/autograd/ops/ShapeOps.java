package dev.axial.autograd.ops;

import dev.axial.autograd.Graph;
import dev.axial.autograd.Variable;

import static dev.axial.autograd.Graph.grads;

/**
 * The backward table of the shape ops: views, joins, splits, padding (see {@link MathOps} for the conventions).
 * View ops give views of the input's data, as in the tensor core.
 *
 * <pre>{@code
 * Variable y = ShapeOps.reshape(x, 4, -1);     // usually written x.reshape(4, -1)
 * }</pre>
 */
public final class ShapeOps {
    private ShapeOps() {}

    /** reshape: d/da = g reshaped back. */
    public static Variable reshape(Variable a, long... shape) {
        long[] in = a.shape();
        return Graph.record("reshape", a.data().reshape(shape), (g, need) -> grads(g.reshape(in)), a);
    }

    /** transpose(d0, d1): d/da = g transposed back. */
    public static Variable transpose(Variable a, int d0, int d1) {
        return Graph.record("transpose", a.data().transpose(d0, d1), (g, need) -> grads(g.transpose(d0, d1)), a);
    }
}
