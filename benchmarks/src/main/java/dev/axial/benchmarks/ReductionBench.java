package dev.axial.benchmarks;

import dev.axial.tensor.Generator;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.cpu.Parallel;
import org.openjdk.jmh.annotations.*;

import java.util.concurrent.TimeUnit;

/**
 * Reductions over the last dim of a [4096, 1024] float32 tensor (16 MiB), all threads, beside a plain copy of
 * the same tensor (the yardstick: softmax should cost a few copies). The full sum reduces all 4 Mi elements.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class ReductionBench {
    private Tensor x, out;

    @Setup
    public void setup() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
        x = Tensor.randn(new Generator(1), 4096, 1024);
        out = Tensor.empty(4096, 1024);
    }

    @TearDown
    public void tearDown() {
        x.close();
        out.close();
    }

    @Benchmark
    public void copy() { out.copy_(x); }

    @Benchmark
    public void softmax() {
        try (Tensor y = x.softmax(1)) { y.storage(); }
    }

    @Benchmark
    public void logSoftmax() {
        try (Tensor y = x.logSoftmax(1)) { y.storage(); }
    }

    @Benchmark
    public void amax() {
        try (Tensor y = x.amax(1)) { y.storage(); }
    }

    @Benchmark
    public void argmax() {
        try (Tensor y = x.argmax(1)) { y.storage(); }
    }

    @Benchmark
    public void var() {
        try (Tensor y = x.var(1)) { y.storage(); }
    }

    @Benchmark
    public void logsumexp() {
        try (Tensor y = x.logsumexp(1)) { y.storage(); }
    }

    @Benchmark
    public double sum() {
        try (Tensor s = x.sum()) { return s.item(); }
    }
}
