package dev.axial.benchmarks;

import dev.axial.tensor.Generator;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.cpu.Parallel;
import dev.axial.tensor.imaging.NormGrads;
import dev.axial.tensor.imaging.NormResult;
import dev.axial.tensor.imaging.Normalization;
import org.openjdk.jmh.annotations.*;

import java.util.concurrent.TimeUnit;

/**
 * Instance and batch norm on the UNet's feature maps, (2, C, D, D, D) float32, all threads, beside a plain copy
 * of the same tensor (the yardstick: a norm forward reads x three times and writes y once, backward reads g and x
 * twice and writes dx once, so about 2x and 2.5x a copy are the memory-bound floors).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class NormBench {
    /** "channels x edge": 16 x 96 (the first UNet level), 32 x 48. */
    @Param({"16x96", "32x48"})
    public String shape;

    private Tensor x, gy, out, mean, invstd;

    @Setup
    public void setup() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
        String[] p = shape.split("x");
        long c = Long.parseLong(p[0]), d = Long.parseLong(p[1]);
        x = Tensor.randn(new Generator(1), 2, c, d, d, d);
        gy = Tensor.randn(new Generator(2), 2, c, d, d, d);
        out = Tensor.empty(2, c, d, d, d);
        NormResult r = Normalization.instanceNorm(x);
        r.output().close();
        mean = r.mean();
        invstd = r.invstd();
    }

    @TearDown
    public void tearDown() {
        for (Tensor t : new Tensor[]{x, gy, out, mean, invstd}) t.close();
    }

    @Benchmark
    public void copy() { out.copy_(x); }

    @Benchmark
    public void instanceNormForward() {
        NormResult r = Normalization.instanceNorm(x);
        r.output().close();
        r.mean().close();
        r.invstd().close();
    }

    @Benchmark
    public void instanceNormBackward() {
        NormGrads g = Normalization.instanceNormBackward(gy, x, null, mean, invstd, true);
        g.gradInput().close();
        g.gradWeight().close();
        g.gradBias().close();
    }

    @Benchmark
    public void batchNormForwardTraining() {
        NormResult r = Normalization.batchNorm(x, null, null, null, null, true);
        r.output().close();
        r.mean().close();
        r.invstd().close();
    }
}
