package dev.axial.tensor;

/** Ops that combine several tensors (cat, stack). IN PROGRESS: filled by the shaping work. */
final class ShapeOps {
    private ShapeOps() {}

    static Tensor cat(int dim, Tensor... tensors) { throw new UnsupportedOperationException("cat"); }

    static Tensor stack(int dim, Tensor... tensors) { throw new UnsupportedOperationException("stack"); }
}
