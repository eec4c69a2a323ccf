package dev.axial.tensor;

/** Prints a tensor as PyTorch does. IN PROGRESS. */
final class TensorFormatter {
    private TensorFormatter() {}

    static String format(Tensor t) {
        if (t.storage().isFreed()) return "tensor(<freed>, " + t.describe() + ")";
        return "tensor(" + t.describe() + ")";
    }
}
