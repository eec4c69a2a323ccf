package dev.axial.benchmarks;

import dev.axial.io.WriteOptions;
import dev.axial.io.image.ImageIoReader;
import dev.axial.io.image.ImageIoWriter;
import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;
import org.openjdk.jmh.annotations.*;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Reading 2-D images: ImageIoReader (decode + copy into the (W, H[, C]) tensor) beside plain ImageIO.read
 * (decode only), so the difference is our copy. 2048×2048 8-bit RGB PNG and 16-bit gray TIFF (uncompressed),
 * written once by ImageIoWriter. Run: ./axial bench 'ImageLoad.*' -f 1 -wi 1 -i 2
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ImageLoadBench {
    static final int N = 2048;

    @Param({"rgb.png", "gray16.tif"})
    public String file;

    private Path dir, path;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("imageload");
        path = dir.resolve(file);
        boolean rgb = file.startsWith("rgb");
        long[] shape = rgb ? new long[]{N, N, 3} : new long[]{N, N};
        int[] v = new int[N * N * (rgb ? 3 : 1)];
        for (int i = 0; i < v.length; i++) v[i] = (int) ((i * 2654435761L) >>> 20) & (rgb ? 0xFF : 0xFFFF);
        // NOTE: close() is idempotent, so closing t after m (which may own t itself) is fine
        try (Tensor t = Tensor.of(v, shape); MetaTensor m = MetaTensor.of(t.to(rgb ? DType.UINT8 : DType.INT32))) {
            if (!rgb) m.meta().put("dtype", "uint16");
            new ImageIoWriter().write(m, path, new WriteOptions().channelLast(rgb));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(path);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public long imageIoReader() {
        try (MetaTensor m = new ImageIoReader().read(path)) {
            return m.shape()[0];
        }
    }

    @Benchmark
    public int imageIoDecodeOnly() throws IOException {
        return ImageIO.read(path.toFile()).getWidth();
    }
}
