package dev.axial.benchmarks;

import dev.axial.tensor.Generator;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.ValuesIndices;
import dev.axial.tensor.cpu.Parallel;
import dev.axial.tensor.imaging.InterpolateOptions;
import dev.axial.tensor.imaging.Interpolation;
import dev.axial.tensor.imaging.PoolOptions;
import dev.axial.tensor.imaging.Pooling;
import org.openjdk.jmh.annotations.*;

import java.util.concurrent.TimeUnit;

/**
 * The pooling and upsampling steps of a 3-D UNet (MONAI's BasicUNet / UNet decoders), float32, every core:
 * max and average pooling 2x2x2 of a 1x16x96^3 feature map, trilinear x2 upsampling of 1x32x48^3 to 96^3,
 * and their backward ops. Score: ms per call; voxels/s = output (forward) or input (backward) voxels / time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class PoolInterpolateBench {
    private static final InterpolateOptions UP = InterpolateOptions.of().scaleFactor(2).mode("trilinear");
    private Tensor features, pooledGrad, low, upGrad;
    private ValuesIndices maxed;

    @Setup
    public void setup() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
        features = Tensor.randn(new Generator(1), 1, 16, 96, 96, 96);
        pooledGrad = Tensor.randn(new Generator(2), 1, 16, 48, 48, 48);
        low = Tensor.randn(new Generator(3), 1, 32, 48, 48, 48);
        upGrad = Tensor.randn(new Generator(4), 1, 32, 96, 96, 96);
        maxed = Pooling.maxPool3dWithIndices(features, PoolOptions.of(2));
    }

    @TearDown
    public void tearDown() {
        features.close();
        pooledGrad.close();
        low.close();
        upGrad.close();
        maxed.close();
    }

    @Benchmark
    public void maxPool3d() {
        try (ValuesIndices r = Pooling.maxPool3dWithIndices(features, PoolOptions.of(2))) { r.values().storage(); }
    }

    @Benchmark
    public void maxPool3dBackward() {
        try (Tensor g = Pooling.maxPoolBackward(pooledGrad, maxed.indices(), features.shape(), 3)) { g.storage(); }
    }

    @Benchmark
    public void avgPool3d() {
        try (Tensor y = Pooling.avgPool3d(features, 2)) { y.storage(); }
    }

    @Benchmark
    public void avgPool3dBackward() {
        try (Tensor g = Pooling.avgPoolBackward(pooledGrad, features.shape(), 3, PoolOptions.of(2))) { g.storage(); }
    }

    @Benchmark
    public void trilinearUp2() {
        try (Tensor y = Interpolation.interpolate(low, UP)) { y.storage(); }
    }

    @Benchmark
    public void trilinearUp2Backward() {
        try (Tensor g = Interpolation.interpolateBackward(upGrad, low.shape(), UP)) { g.storage(); }
    }
}
