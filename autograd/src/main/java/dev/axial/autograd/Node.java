package dev.axial.autograd;

import dev.axial.tensor.Tensor;

/**
 * One recorded op in the graph: the op's name (for messages), its inputs, its backward formula and the tensors
 * the forward made only for backward (masks, indices, saved statistics), which the node frees once backward has
 * run through it, unless the graph is retained.
 */
final class Node {
    final String op;
    final Variable[] inputs;
    final long[] outputShape;
    private Backward backward;
    private Tensor[] saved;
    private boolean released;

    Node(String op, Variable[] inputs, long[] outputShape, Backward backward, Tensor[] saved) {
        this.op = op;
        this.inputs = inputs;
        this.outputShape = outputShape;
        this.backward = backward;
        this.saved = saved;
    }

    Tensor[] apply(Tensor grad, boolean[] needs) {
        if (released)
            throw new IllegalStateException("backward through '" + op + "' a second time: its saved tensors were freed by the first "
                    + "backward. Pass retainGraph = true to the first backward call if you need to call it again.");
        return backward.apply(grad, needs);
    }

    /** Drops the formula (and with it the tensors it captured) and frees the tensors saved for backward. */
    void release() {
        if (released) return;
        released = true;
        backward = null;
        if (saved != null) for (Tensor t : saved) if (t != null) t.close();
        saved = null;
    }

    boolean isReleased() { return released; }
}
