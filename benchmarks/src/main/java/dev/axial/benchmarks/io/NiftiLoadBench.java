package dev.axial.benchmarks.io;

import dev.axial.io.nifti.NiftiReader;
import dev.axial.io.nifti.NiftiWriter;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;
import org.openjdk.jmh.annotations.*;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Loading a 512×512×128 int16 CT-like volume (64 MiB of voxels) as .nii and .nii.gz, beside the floors: plain
 * gzip decompression of the same .nii.gz bytes ({@code GZIPInputStream}, 256 KiB input buffer, into a reused
 * 1 MiB byte[]) and a plain read of the .nii into a reused buffer. Score: MiB of voxel data per second.
 * The targets: .nii.gz within 1.2× of the gzip floor, .nii at the read floor.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class NiftiLoadBench {
    static final int X = 512, Y = 512, Z = 128;
    static final long VOXEL_MIB = (long) X * Y * Z * 2 >> 20;   // 64

    private Path dir, nii, niiGz;
    private final Arena arena = Arena.ofShared();
    private MemorySegment readBuffer;
    private final byte[] chunk = new byte[1 << 20];

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("axial-nifti-bench");
        nii = dir.resolve("ct.nii");
        niiGz = dir.resolve("ct.nii.gz");
        try (Tensor t = Tensor.empty(DType.INT16, Device.CPU, X, Y, Z)) {
            fillCtLike(t.hostSegment());
            MetaTensor m = new MetaTensor(t, new double[][] {{-0.7, 0, 0, 180}, {0, -0.7, 0, 180}, {0, 0, 2.5, -160}, {0, 0, 0, 1}}, null);
            new NiftiWriter().write(m, nii, null);
            new NiftiWriter().write(m, niiGz, null);
        }
        readBuffer = arena.allocate(Files.size(nii), 64);
        System.out.printf("%nNiftiLoadBench: .nii %d bytes, .nii.gz %d bytes (ratio %.2f)%n", Files.size(nii), Files.size(niiGz),
                (double) Files.size(nii) / Files.size(niiGz));
    }

    /**
     * Smooth anatomy-like content: a body ellipse of soft tissue (~40 HU) with a few smooth structures, air
     * (-1000) outside, and a little deterministic noise, so gzip sees a realistic ratio (~2-3×) rather than
     * a constant or random volume. Laid out (i, j, k) row-major as the writer takes it.
     */
    static void fillCtLike(MemorySegment s) {
        long seed = 12345;
        long idx = 0;
        for (int i = 0; i < X; i++)
            for (int j = 0; j < Y; j++) {
                double dx = (i - X / 2.0) / (X * 0.42), dy = (j - Y / 2.0) / (Y * 0.34);
                double r2 = dx * dx + dy * dy;
                for (int k = 0; k < Z; k++) {
                    seed = seed * 6364136223846793005L + 1442695040888963407L;
                    int noise = (int) ((seed >>> 60) & 7) - 4;
                    double v;
                    if (r2 > 1) v = -1000;
                    else {
                        v = 40 + 30 * Math.sin(i / 23.0) * Math.cos(j / 31.0) + 10 * Math.sin(k / 9.0);
                        if (r2 < 0.08) v = 700 + 200 * Math.cos(k / 17.0);   // a spine-like bright core
                        else if (dx * dx * 9 + (dy + 0.3) * (dy + 0.3) * 4 < 0.4) v = -850;   // lung-like dark regions
                    }
                    s.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, idx++, (short) (Math.round(v) + noise));
                }
            }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        arena.close();
        try (Stream<Path> w = Files.walk(dir)) {
            for (Path p : w.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    @Benchmark
    @OperationsPerInvocation(64)
    public long loadNii() {
        try (MetaTensor m = new NiftiReader().read(nii)) {
            return m.shape()[0];
        }
    }

    @Benchmark
    @OperationsPerInvocation(64)
    public long loadNiiGz() {
        try (MetaTensor m = new NiftiReader().read(niiGz)) {
            return m.shape()[0];
        }
    }

    /** The floor for .nii.gz: GZIPInputStream over the same bytes into a reused 1 MiB buffer. */
    @Benchmark
    @OperationsPerInvocation(64)
    public long gunzipFloor() throws IOException {
        long total = 0;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(niiGz), 256 << 10)) {
            int r;
            while ((r = in.read(chunk)) > 0) total += r;
        }
        return total;
    }

    /** The floor for .nii: a plain FileChannel read of the file into a reused off-heap buffer. */
    @Benchmark
    @OperationsPerInvocation(64)
    public long readFloor() throws IOException {
        long total = 0;
        try (FileChannel ch = FileChannel.open(nii, StandardOpenOption.READ)) {
            ByteBuffer b = readBuffer.asByteBuffer();
            int r;
            while (b.hasRemaining() && (r = ch.read(b)) > 0) total += r;
        }
        return total;
    }
}
