package dev.axial.benchmarks;

import dev.axial.tensor.Generator;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.cpu.Parallel;
import dev.axial.tensor.imaging.GridSampling;
import org.openjdk.jmh.annotations.*;

import java.util.concurrent.TimeUnit;

/**
 * 3-D trilinear grid_sample, the resampling step of Spacing / RandAffine / elastic deformation: a 1x1x256^3 float32
 * volume sampled onto 128^3 points, the grid from affine_grid of a small rotation (10 degrees about z, 5 about x,
 * scale 0.9, a slight shift), zeros padding, every core. Score: ms per call; voxels/s = 128^3 / time.
 * {@code backward}: the gradient of input and grid for the same call (registration's step); {@code backwardInput} and
 * {@code backwardGrid}: each half alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class GridSampleBench {
    @Param({"128"})
    public int out;

    private Tensor volume, grid, gradOut;

    @Setup
    public void setup() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
        volume = Tensor.rand(new Generator(1), 1, 1, 256, 256, 256);
        double a = Math.toRadians(10), b = Math.toRadians(5), s = 0.9;
        float[] theta = {
                (float) (s * Math.cos(a)), (float) (-s * Math.sin(a) * Math.cos(b)), (float) (s * Math.sin(a) * Math.sin(b)), 0.02f,
                (float) (s * Math.sin(a)), (float) (s * Math.cos(a) * Math.cos(b)), (float) (-s * Math.cos(a) * Math.sin(b)), -0.01f,
                0f, (float) (s * Math.sin(b)), (float) (s * Math.cos(b)), 0.03f};
        try (Tensor t = Tensor.of(theta, 1, 3, 4)) {
            grid = GridSampling.affineGrid(t, new long[]{1, 1, out, out, out}, false);
        }
        gradOut = Tensor.rand(new Generator(2), 1, 1, out, out, out);
    }

    @TearDown
    public void tearDown() {
        volume.close();
        grid.close();
        gradOut.close();
    }

    @Benchmark
    public void trilinear() {
        try (Tensor y = GridSampling.gridSample(volume, grid)) { y.storage(); }
    }

    @Benchmark
    public void backward() {
        var g = GridSampling.gridSampleBackward(gradOut, volume, grid, dev.axial.tensor.imaging.GridSampleOptions.of(), true, true);
        g.gradInput().close();
        g.gradGrid().close();
    }

    @Benchmark
    public void backwardInput() {
        GridSampling.gridSampleBackward(gradOut, volume, grid, dev.axial.tensor.imaging.GridSampleOptions.of(), true, false).gradInput().close();
    }

    @Benchmark
    public void backwardGrid() {
        GridSampling.gridSampleBackward(gradOut, volume, grid, dev.axial.tensor.imaging.GridSampleOptions.of(), false, true).gradGrid().close();
    }
}
