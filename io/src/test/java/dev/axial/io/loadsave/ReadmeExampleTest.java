package dev.axial.io.loadsave;

import dev.axial.io.ImageFileException;
import dev.axial.io.ImageFormats;
import dev.axial.io.ImageReader;
import dev.axial.io.ImageWriter;
import dev.axial.io.LoadImage;
import dev.axial.io.SaveImage;
import dev.axial.io.WriteOptions;
import dev.axial.tensor.DType;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Runs the example of io/README.md; the README's code block must equal the marked lines below. */
class ReadmeExampleTest {
    @TempDir Path dir;
    private ImageReader reader;
    private ImageWriter writer;

    @AfterEach void unregister() {
        ImageFormats.unregister(reader);
        ImageFormats.unregister(writer);
    }

    @Test void theExampleRuns() throws IOException {
        Files.write(dir.resolve("scan.f32"), new byte[8 * 8 * 4 * 4]);
        example(dir);
        assertEquals(8 * 8 * 4 * 4, Files.size(dir.resolve("out/scan/scan_trans.f32")));
    }

    @Test void theReadmeShowsThisExample() throws IOException {
        // from the module (Maven) or from the repository root (the GPU host's console launcher)
        Path readme = Files.exists(Path.of("io/README.md")) ? Path.of("io/README.md") : Path.of("README.md");
        String md = Files.readString(readme);
        String block = md.substring(md.indexOf("```java\n") + 8, md.indexOf("```", md.indexOf("```java\n") + 8));
        String src = Files.readString(Path.of(readme.getParent() == null ? "" : readme.getParent().toString(),
                "src/test/java/dev/axial/io/loadsave/ReadmeExampleTest.java"));
        String marked = src.substring(src.indexOf("// README-BEGIN\n") + 16, src.lastIndexOf("        // README-END"));
        assertEquals(strip(block), strip(marked), "io/README.md's example differs from ReadmeExampleTest");
    }

    private static String strip(String s) { return s.lines().map(String::strip).reduce("", (a, b) -> a + b + "\n"); }

    private void example(Path dir) {
        // README-BEGIN
        // A format of your own: "*.f32", raw little-endian float32 volumes of 8 x 8 x 4 voxels.
        ImageReader reader = new ImageReader() {
            public String name() { return "F32Reader"; }
            public boolean verifySuffix(Path p) { return p.toString().endsWith(".f32"); }
            public MetaTensor read(Path p) {
                try {
                    byte[] bytes = Files.readAllBytes(p);   // a small example; real readers stream into hostSegment()
                    Tensor t = Tensor.fromSegment(MemorySegment.ofArray(bytes), DType.FLOAT32, 8, 8, 4);
                    Map<String, Object> meta = new HashMap<>();
                    meta.put(MetaKeys.ORIGINAL_CHANNEL_DIM, Double.NaN);   // no channel axis in the file
                    meta.put(MetaKeys.SPATIAL_SHAPE, new long[]{8, 8, 4});
                    meta.put(MetaKeys.ORIGINAL_AFFINE, MetaTensor.identity(4));
                    return new MetaTensor(t, MetaTensor.identity(4), meta);
                } catch (IOException e) {
                    throw new ImageFileException(p, "F32", null, "cannot read: " + e.getMessage(), e);
                }
            }
        };
        ImageWriter writer = new ImageWriter() {
            public String name() { return "F32Writer"; }
            public List<String> suffixes() { return List.of(".f32"); }
            public void write(MetaTensor image, Path file, WriteOptions options) {
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");   // atomic: a temporary, then rename
                try (Scope s = Scope.open()) {                                 // frees the float32 copy, if any
                    Tensor f = image.array().to(DType.FLOAT32).contiguous();
                    byte[] bytes = new byte[Math.toIntExact(f.numel() * 4)];
                    f.copyTo(MemorySegment.ofArray(bytes));
                    Files.write(tmp, bytes);
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    try { Files.deleteIfExists(tmp); } catch (IOException ignored) { }
                }
            }
        };
        ImageFormats.registerReader(reader);   // LoadImage now reads *.f32, before every other reader
        ImageFormats.registerWriter(writer);   // SaveImage writes .f32

        try (MetaTensor img = new LoadImage().ensureChannelFirst(true).apply(dir.resolve("scan.f32"))) {
            // img: (1, 8, 8, 4) float32; img.meta(): affine, spatial_shape, filename_or_obj ...
            new SaveImage().outputDir(dir.resolve("out")).outputExt(".f32").apply(img);   // out/scan/scan_trans.f32
        }
        // README-END
        this.reader = reader;
        this.writer = writer;
    }
}
