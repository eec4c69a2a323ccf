package dev.axial.benchmarks;

import org.openjdk.jmh.annotations.*;

import java.util.concurrent.TimeUnit;

/**
 * Square SGEMM, Axial's packed Vector API kernel beside OpenBLAS's cblas_sgemm, interleaved in one run.
 * Average time per call; GFLOP/s = 2 n^3 / time ({@link SgemmTable} prints the table).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SgemmBench {
    @Param({"256", "512", "1024", "2048"})
    public int n;

    /** 1, or 0 for every core. */
    @Param({"1", "0"})
    public int threads;

    private Gemm g;

    @Setup(Level.Trial)
    public void setUp() {
        g = new Gemm(n, n, n);
        Gemm.threads(threads == 0 ? Gemm.allThreads() : threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() { g.close(); }

    @Benchmark
    public void axial() { g.axial(); }

    @Benchmark
    public void openblas() { g.openblas(); }
}
