package dev.axial.benchmarks;

import org.openjdk.jmh.annotations.*;

import java.util.concurrent.TimeUnit;

/**
 * The GEMMs of a 3D UNet's convolutions through im2col: C (Cout x voxels) = W (Cout x Cin*27) @ cols,
 * 32 x 432 x 96^3 and 64 x 864 x 48^3, on every core, Axial beside OpenBLAS.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector", "-Xmx4g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ConvGemmBench {
    /** "M,K,N". */
    @Param({"32,432,884736", "64,864,110592"})
    public String shape;

    private Gemm g;

    @Setup(Level.Trial)
    public void setUp() {
        String[] p = shape.split(",");
        g = new Gemm(Integer.parseInt(p[0]), Integer.parseInt(p[2]), Integer.parseInt(p[1]));
        Gemm.threads(Gemm.allThreads());
    }

    @TearDown(Level.Trial)
    public void tearDown() { g.close(); }

    @Benchmark
    public void axial() { g.axial(); }

    @Benchmark
    public void openblas() { g.openblas(); }
}
