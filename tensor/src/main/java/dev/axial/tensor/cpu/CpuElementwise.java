package dev.axial.tensor.cpu;

import dev.axial.tensor.Tensor;
import dev.axial.tensor.spi.BinaryOp;
import dev.axial.tensor.spi.UnaryOp;

/** Elementwise kernels (unary, binary, where). IN PROGRESS: filled by the elementwise work. */
final class CpuElementwise {
    private CpuElementwise() {}

    static void unary(UnaryOp op, Tensor out, Tensor in, double[] params) { throw new UnsupportedOperationException("unary " + op); }

    static void binary(BinaryOp op, Tensor out, Tensor a, Tensor b) { throw new UnsupportedOperationException("binary " + op); }

    static void where(Tensor out, Tensor cond, Tensor a, Tensor b) { throw new UnsupportedOperationException("where"); }
}
