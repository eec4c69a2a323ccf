package dev.axial.benchmarks;

import dev.axial.tensor.DType;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Tensor;
import org.openjdk.jmh.annotations.*;

import java.util.concurrent.TimeUnit;

/**
 * The matmul shapes that do not go through the square float32 SGEMM: matrix-vector and dot (memory-bound, the
 * GEMV path), float64 matmul (DGEMM) and a batch of small float32 matrices, through the public Tensor API
 * on every core. Average time per call (the result is freed each time).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector", "-Xmx4g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MatmulBench {
    private Tensor a, x, u, v, d1, d2, b1, b2;

    @Setup(Level.Trial)
    public void setUp() {
        Generator g = new Generator(42);
        a = Tensor.randn(g, 4096, 4096);
        x = Tensor.randn(g, 4096);
        u = Tensor.randn(g, 16L << 20);
        v = Tensor.randn(g, 16L << 20);
        try (Tensor p = Tensor.randn(g, 1024, 1024); Tensor q = Tensor.randn(g, 1024, 1024)) {
            d1 = p.to(DType.FLOAT64);
            d2 = q.to(DType.FLOAT64);
        }
        b1 = Tensor.randn(g, 64, 64, 64);
        b2 = Tensor.randn(g, 64, 64, 64);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (Tensor t : new Tensor[]{a, x, u, v, d1, d2, b1, b2}) t.close();
    }

    /** float32 (4096, 4096) @ (4096): 64 MiB streamed once. */
    @Benchmark
    public long mv4096() {
        try (Tensor r = a.mv(x)) { return r.numel(); }
    }

    /** float32 (4096, 4096)^T @ (4096): A column-major, the GEMV's column path. */
    @Benchmark
    public long mvTransposed4096() {
        try (Tensor r = a.t().mv(x)) { return r.numel(); }
    }

    /** float32 dot of two 16M vectors: 128 MiB streamed once. */
    @Benchmark
    public long dot16M() {
        try (Tensor r = u.dot(v)) { return r.numel(); }
    }

    /** float64 (1024, 1024) @ (1024, 1024): 2.1 GFLOP. */
    @Benchmark
    public long matmulF64x1024() {
        try (Tensor r = d1.matmul(d2)) { return r.numel(); }
    }

    /** float32 (64, 64, 64) @ (64, 64, 64): 64 small products. */
    @Benchmark
    public long bmmF32x64x64x64() {
        try (Tensor r = b1.matmul(b2)) { return r.numel(); }
    }
}
