package dev.axial.benchmarks.transforms;

import dev.axial.tensor.RandomState;
import dev.axial.tensor.cpu.Parallel;
import dev.axial.transforms.MapTransform;
import org.openjdk.jmh.annotations.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Issue 7's speed clause: MONAI's spleen-tutorial per-item pipeline ({@link SpleenPipeline}) on a 512×512×128
 * int16 CT-like .nii.gz with a label ({@link SpleenData}), on one thread: each transform alone, on the output of
 * the previous steps prepared in setup, and the whole pipeline. Everything a call allocates is freed in a
 * {@link Scope} inside the timed call. The MONAI side is {@code benchmarks/monai/spleen_pipeline.py}.
 * Target: the whole pipeline at most half MONAI's time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules=jdk.incubator.vector", "-Xmx3g", "-Daxial.threads=1"})
@Warmup(iterations = 3)
@Measurement(iterations = 7)
public class SpleenPipelineBench {
    private final SpleenPipeline p = new SpleenPipeline();
    /** in.get(s): the input of step s (0 = the file names). */
    private final List<Map<String, Object>> in = new ArrayList<>();
    private dev.axial.tensor.Scope setupScope;
    private long seed;

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(1);
        Path dir = SpleenData.ensure(SpleenData.defaultDir());
        setupScope = dev.axial.tensor.Scope.open();
        Map<String, Object> d = SpleenPipeline.item(dir);
        in.add(d);
        for (MapTransform t : p.deterministic()) {
            d = t.apply(d, new RandomState(0));
            in.add(d);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() { setupScope.close(); }

    private Object step(MapTransform t, int s) {
        try (var sc = dev.axial.tensor.Scope.open()) {
            return t.apply(in.get(s), new RandomState(seed++)).size();
        }
    }

    @Benchmark public Object s1LoadImaged() { return step(p.load, 0); }
    @Benchmark public Object s2EnsureChannelFirstd() { return step(p.channelFirst, 1); }
    @Benchmark public Object s3Orientationd() { return step(p.orientation, 2); }
    @Benchmark public Object s4Spacingd() { return step(p.spacing, 3); }
    @Benchmark public Object s5ScaleIntensityRanged() { return step(p.scale, 4); }
    @Benchmark public Object s6CropForegroundd() { return step(p.cropForeground, 5); }

    @Benchmark public Object s7RandCropByPosNegLabeld() {
        try (var sc = dev.axial.tensor.Scope.open()) {
            return p.randCrop.apply(in.get(6), new RandomState(seed++)).size();
        }
    }

    @Benchmark public Object whole() {
        try (var sc = dev.axial.tensor.Scope.open()) {
            return p.apply(in.get(0), new RandomState(seed++)).size();
        }
    }
}
