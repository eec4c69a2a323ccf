package dev.axial.tensor.cpu;

import dev.axial.tensor.Tensor;
import dev.axial.tensor.spi.RandomOp;

/** Philox4x32-10 random fills. IN PROGRESS: filled by the random work. */
final class CpuRandom {
    private CpuRandom() {}

    static void random(RandomOp op, Tensor out, long seed, long offset, double a, double b) { throw new UnsupportedOperationException("random " + op); }

    static void bernoulli(Tensor out, Tensor p, long seed, long offset) { throw new UnsupportedOperationException("bernoulli"); }
}
