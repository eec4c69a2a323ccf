package dev.axial.autograd;

import dev.axial.tensor.Tensor;

/**
 * Records ops into the graph. Every differentiable op (the families in {@code dev.axial.autograd.ops}) computes
 * its result with the tensor core and then calls {@link #record}, with its backward formula beside it:
 *
 * <pre>{@code
 * // mul: d/da = g * b, d/db = g * a
 * public static Variable mul(Variable a, Variable b) {
 *     Tensor x = a.data(), y = b.data();
 *     return Graph.record("mul", x.mul(y), (g, need) -> Graph.grads(need[0] ? g.mul(y) : null, need[1] ? g.mul(x) : null), a, b);
 * }
 * }</pre>
 *
 * When grad mode is off or no input requires a gradient, nothing is recorded and the formula (with whatever it
 * captured) is dropped at once.
 */
public final class Graph {
    private Graph() {}

    /** The result of an op whose inputs are {@code inputs}, differentiated by {@code backward}. */
    public static Variable record(String op, Tensor out, Backward backward, Variable... inputs) {
        return record(op, out, backward, null, inputs);
    }

    /**
     * As {@link #record(String, Tensor, Backward, Variable...)}, with {@code saved}: tensors the forward made only
     * for backward (masks, indices, statistics), freed once backward has run through this op (unless the graph is
     * retained), and otherwise with the scope they were made in. Never pass a tensor the caller can still see.
     */
    public static Variable record(String op, Tensor out, Backward backward, Tensor[] saved, Variable... inputs) {
        if (!needsGraph(inputs)) return Variable.of(out);
        OpProfile.forward(op);
        Node node = new Node(op, inputs.clone(), out.shape(), backward, saved);
        return new Variable(out, true, node);
    }

    /** True when an op on these inputs must be recorded: grad mode is on and some input requires a gradient. */
    public static boolean needsGraph(Variable... inputs) {
        if (!GradMode.isEnabled()) return false;
        for (Variable v : inputs) if (v != null && v.requiresGrad()) return true;
        return false;
    }

    /** The gradients of a formula, in input order (reads better than {@code new Tensor[]{...}}). */
    public static Tensor[] grads(Tensor... g) { return g; }
}
