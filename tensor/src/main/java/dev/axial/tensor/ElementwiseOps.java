package dev.axial.tensor;

/** The frontend of elementwise ops: promotion, broadcasting, output allocation. IN PROGRESS: filled by the elementwise work. */
final class ElementwiseOps {
    private ElementwiseOps() {}

    /** torch.where(cond, a, b). */
    static Tensor where(Tensor cond, Tensor a, Tensor b) { throw new UnsupportedOperationException("where"); }
}
