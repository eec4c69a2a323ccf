package dev.axial.tensor.cpu;

import dev.axial.tensor.Tensor;
import dev.axial.tensor.spi.ReduceOp;
import dev.axial.tensor.spi.ScanOp;

/** Reductions, scans and softmax. IN PROGRESS: filled by the reductions work. */
final class CpuReduce {
    private CpuReduce() {}

    static void reduce(ReduceOp op, Tensor out, Tensor in, int[] dims, double param) { throw new UnsupportedOperationException("reduce " + op); }

    static void argReduce(boolean max, Tensor values, Tensor indices, Tensor in, int dim) { throw new UnsupportedOperationException("argReduce"); }

    static void scan(ScanOp op, Tensor out, Tensor indices, Tensor in, int dim) { throw new UnsupportedOperationException("scan " + op); }

    static void softmax(Tensor out, Tensor in, int dim, boolean log) { throw new UnsupportedOperationException("softmax"); }
}
