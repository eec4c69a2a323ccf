package dev.axial.tensor.cpu;

import dev.axial.tensor.Tensor;

/** Batched matmul on the CPU through the packed SGEMM. IN PROGRESS: filled by the SGEMM work. */
final class CpuMatmul {
    private CpuMatmul() {}

    static void matmul(Tensor out, Tensor a, Tensor b) { throw new UnsupportedOperationException("matmul"); }
}
