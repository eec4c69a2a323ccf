package dev.axial.benchmarks;

import dev.axial.tensor.Tensor;
import org.openjdk.jmh.annotations.*;

import java.util.concurrent.TimeUnit;

/**
 * The 3D convolutions of MONAI's spleen UNet (batch 2, kernel 3, padding 1, float32) through the public API on
 * every core, plus two stride-1 shapes of deeper/wider UNets (16->16 at 96^3, 64->64 at 24^3), plus five of the CPU
 * demo's network at its batch of 8 (6-24^3: the channels-last kernels, {@code cpu/CpuConvChannelsLast}): forward,
 * backward-data and backward-filter, average ms per call. GFLOP/s = 2 N Cout Cin 27 outVox /
 * time (benchmarks/README.md). PyTorch's side: {@code torch/bench_imaging.py} (batch 2 shapes),
 * {@code torch/conv_layers.py --cpu} (the demo's).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector", "-Xmx6g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ConvBench {
    /** "Cin:Cout:size:stride[:batch]" (batch 2 unless given); colons, since JMH's -p splits its values at commas. */
    @Param({"1:16:96:2", "16:32:48:2", "32:32:48:1", "16:16:96:1", "64:64:24:1",
            "16:32:24:2:8", "32:32:12:1:8", "32:64:12:2:8", "64:64:6:1:8", "128:128:6:1:8"})
    public String shape;

    private ConvCall.Inputs in;

    @Setup(Level.Trial)
    public void setUp() {
        in = ConvCall.Inputs.of(shape);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        in.close();
    }

    @Benchmark
    public long forward() {
        try (Tensor y = in.forward()) { return y.numel(); }
    }

    @Benchmark
    public long backwardInput() {
        try (Tensor dx = in.backwardInput()) { return dx.numel(); }
    }

    @Benchmark
    public long backwardWeight() {
        try (Tensor dw = in.backwardWeight()) { return dw.numel(); }
    }
}
