package dev.axial.benchmarks;

import dev.axial.tensor.Generator;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.cpu.Parallel;
import org.openjdk.jmh.annotations.*;

import java.util.concurrent.TimeUnit;

/** Philox fills of 16 Mi float32 into a fresh tensor, all threads. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class RandomBench {
    @Param({"16777216"})
    public int n;

    private final Generator g = new Generator(1);

    @Setup
    public void setup() { Parallel.setThreads(Runtime.getRuntime().availableProcessors()); }

    @Benchmark
    public void rand() {
        try (Tensor y = Tensor.rand(g, n)) { y.storage(); }
    }

    @Benchmark
    public void randn() {
        try (Tensor y = Tensor.randn(g, n)) { y.storage(); }
    }
}
