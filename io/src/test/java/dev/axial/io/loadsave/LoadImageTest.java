package dev.axial.io.loadsave;

import dev.axial.io.EnsureChannelFirst;
import dev.axial.io.ImageFileException;
import dev.axial.io.ImageFormats;
import dev.axial.io.LoadImage;
import dev.axial.tensor.DType;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LoadImageTest {
    @TempDir Path dir;
    private final RawFormats.Reader first = new RawFormats.Reader("FirstRaw", ".rawf");
    private final RawFormats.Reader second = new RawFormats.Reader("SecondRaw", ".rawf");

    @AfterEach void unregister() {
        ImageFormats.unregister(first);
        ImageFormats.unregister(second);
    }

    private Path raw(String name, DType dt, String cd, long... shape) { return RawFormats.write(dir.resolve(name), dt, cd, shape); }

    @Test void registeredReadersAreTriedLatestFirstBySuffix() {
        Path f = raw("a.rawf", DType.FLOAT32, "nan", 2, 3);
        ImageFormats.registerReader(first);
        ImageFormats.registerReader(second);
        try (MetaTensor img = new LoadImage().apply(f)) {
            assertEquals("SecondRaw", img.meta().get("reader"));
            assertEquals(f.toString(), img.meta().get(MetaKeys.FILENAME_OR_OBJ));
        }
        RawFormats.Reader own = new RawFormats.Reader("OwnRaw", ".rawf");
        try (MetaTensor img = new LoadImage().register(own).apply(f.toString())) {
            assertEquals("OwnRaw", img.meta().get("reader"), "LoadImage.register goes before the global registry");
        }
        RawFormats.Reader other = new RawFormats.Reader("OtherSuffix", ".other");
        try (MetaTensor img = new LoadImage().register(other).apply(f)) {
            assertEquals("SecondRaw", img.meta().get("reader"), "by suffix: a reader that does not take .rawf is skipped");
            assertTrue(other.reads.isEmpty());
        }
    }

    @Test void aNamedReaderGoesFirstAndOthersAreTriedWhenItFails() {
        Path f = raw("a.rawf", DType.FLOAT32, "nan", 2, 3);
        ImageFormats.registerReader(first);
        ImageFormats.registerReader(second);
        try (MetaTensor img = new LoadImage("FirstRaw").apply(f)) {
            assertEquals("FirstRaw", img.meta().get("reader"));
        }
        try (MetaTensor img = new LoadImage("firstrawalias").apply(f)) {
            assertEquals("FirstRaw", img.meta().get("reader"), "aliases and case are accepted");
        }
        // a user reader is tried regardless of suffix; when it fails, the next one reads the file
        RawFormats.Reader wrongSuffix = new RawFormats.Reader("Picky", ".nothing") {
            @Override public MetaTensor read(Path p) { throw new ImageFileException(p, "Picky", "magic", "not mine"); }
        };
        try (MetaTensor img = new LoadImage(wrongSuffix).apply(f)) {
            assertEquals("SecondRaw", img.meta().get("reader"));
        }
        var ex = assertThrows(IllegalArgumentException.class, () -> new LoadImage("NoSuchReader"));
        assertTrue(ex.getMessage().contains("FirstRaw"), ex.getMessage());
    }

    @Test void everyFailureIsReportedWhenNoReaderWorks() {
        Path f = dir.resolve("junk.rawf");
        RawFormats.write(f, DType.FLOAT32, "nan", 1);
        ImageFormats.registerReader(first);
        RawFormats.Reader broken = new RawFormats.Reader("Broken", ".rawf") {
            @Override public MetaTensor read(Path p) { throw new ImageFileException(p, "RAWF", "dim[1]", "is -4"); }
        };
        ImageFormats.unregister(first);
        var ex = assertThrows(ImageFileException.class, () -> new LoadImage(broken).register(broken).apply(f));
        assertTrue(ex.getMessage().contains("Broken: RAWF " + f + ": header field dim[1] is -4"), ex.getMessage());
        assertEquals(f, ex.file());
        // by suffix, the chosen reader's own error is the error (MONAI does not try another)
        var ex2 = assertThrows(ImageFileException.class, () -> new LoadImage().register(broken).apply(f));
        assertEquals("dim[1]", ex2.field());
    }

    @Test void missingFileAndUnknownSuffixGiveClearErrors() {
        Path missing = dir.resolve("nope.rawf");
        var ex = assertThrows(ImageFileException.class, () -> new LoadImage().apply(missing));
        assertTrue(ex.getMessage().contains(missing.toString()) && ex.getMessage().contains("no such file"), ex.getMessage());
        Path odd = raw("a.weird", DType.FLOAT32, "nan", 2);
        ImageFormats.registerReader(first);
        var ex2 = assertThrows(ImageFileException.class, () -> new LoadImage().apply(odd));
        assertTrue(ex2.getMessage().contains("cannot find a suitable reader") && ex2.getMessage().contains("FirstRaw"), ex2.getMessage());
    }

    @Test void dtypeIsCastToFloat32UnlessNull() {
        Path f = raw("i.rawf", DType.INT16, "nan", 2, 3);
        ImageFormats.registerReader(first);
        try (MetaTensor img = new LoadImage().apply(f)) {
            assertEquals(DType.FLOAT32, img.dtype());
            assertArrayEquals(new float[]{-3, -2, -1, 0, 1, 2}, img.array().toFloatArray());
            assertEquals(2.0, img.affine()[0][0], "the affine survives the cast");
        }
        try (MetaTensor img = new LoadImage().dtype(null).apply(f)) {
            assertEquals(DType.INT16, img.dtype());
        }
        try (MetaTensor img = new LoadImage().dtype(DType.FLOAT64).apply(f)) {
            assertEquals(DType.FLOAT64, img.dtype());
        }
    }

    @Test void ensureChannelFirstForNoChannelLastAndFirst() {
        ImageFormats.registerReader(first);
        try (MetaTensor img = new LoadImage().ensureChannelFirst(true).apply(raw("n.rawf", DType.FLOAT32, "nan", 2, 3))) {
            assertArrayEquals(new long[]{1, 2, 3}, img.shape());
            assertTrue(((Double) img.meta().get(MetaKeys.ORIGINAL_CHANNEL_DIM)).isNaN());
        }
        try (MetaTensor img = new LoadImage().ensureChannelFirst(true).apply(raw("l.rawf", DType.FLOAT32, "-1", 2, 3, 4))) {
            assertArrayEquals(new long[]{4, 2, 3}, img.shape());
            // (2, 3, 4) value at [i, j, c] = 0.25 * (12 i + 4 j + c) - 3 moves to [c, i, j]
            assertEquals(0.25 * (12 + 8 + 3) - 3, img.array().getDouble(3, 1, 2), 1e-6);
            assertEquals(-1, img.meta().get(MetaKeys.ORIGINAL_CHANNEL_DIM));
        }
        try (MetaTensor img = new LoadImage().ensureChannelFirst(true).apply(raw("f.rawf", DType.FLOAT32, "0", 2, 3))) {
            assertArrayEquals(new long[]{2, 3}, img.shape());
        }
    }

    @Test void ensureChannelFirstOptions() {
        try (MetaTensor img = new EnsureChannelFirst().channelDim(1).apply(MetaTensor.of(Tensor.zeros(2, 3, 4)))) {
            assertArrayEquals(new long[]{3, 2, 4}, img.shape());
            assertEquals(1, img.meta().get(MetaKeys.ORIGINAL_CHANNEL_DIM));
        }
        try (MetaTensor img = new EnsureChannelFirst().channelDim("no_channel").apply(MetaTensor.of(Tensor.zeros(2, 3)))) {
            assertArrayEquals(new long[]{1, 2, 3}, img.shape());
        }
        try (MetaTensor in = MetaTensor.of(Tensor.zeros(2, 3))) {
            assertThrows(IllegalArgumentException.class, () -> new EnsureChannelFirst().apply(in), "strict: no channel dim known");
            assertSame(in, new EnsureChannelFirst().strictCheck(false).apply(in));
        }
        assertThrows(IllegalArgumentException.class, () -> new EnsureChannelFirst().channelDim("first"));
    }

    @Test void severalFilesAreStackedAsChannels() {
        ImageFormats.registerReader(first);
        Path a = raw("a.rawf", DType.FLOAT32, "nan", 2, 3), b = RawFormats.write(dir.resolve("b.rawf"), DType.FLOAT32, "nan",
                new double[]{10, 11, 12, 13, 14, 15}, 2, 3);
        try (MetaTensor img = new LoadImage().apply(List.of(a, b))) {
            assertArrayEquals(new long[]{2, 2, 3}, img.shape());
            assertEquals(0, img.meta().get(MetaKeys.ORIGINAL_CHANNEL_DIM));
            assertEquals(a.toString(), img.meta().get(MetaKeys.FILENAME_OR_OBJ), "the first file names the stack");
            assertEquals(13.0, img.array().getDouble(1, 1, 0));
            assertArrayEquals(new long[]{2, 3}, (long[]) img.meta().get(MetaKeys.SPATIAL_SHAPE));
        }
        Path c = raw("c.rawf", DType.FLOAT32, "-1", 2, 3, 2), d = raw("d.rawf", DType.FLOAT32, "-1", 2, 3, 2);
        try (MetaTensor img = new LoadImage().ensureChannelFirst(true).apply(List.of(c, d))) {
            assertArrayEquals(new long[]{4, 2, 3}, img.shape(), "files with a channel axis are concatenated along it");
        }
        Path e = raw("e.rawf", DType.FLOAT32, "nan", 3, 2);
        var ex = assertThrows(IllegalArgumentException.class, () -> new LoadImage().apply(List.of(a, e)));
        assertTrue(ex.getMessage().contains("spatial shapes"), ex.getMessage());
    }

    @Test void withMetaGivesTheImagesOwnMeta() {
        ImageFormats.registerReader(first);
        try (LoadImage.Loaded l = new LoadImage().applyWithMeta(raw("a.rawf", DType.FLOAT32, "nan", 2, 3))) {
            assertSame(l.image().meta(), l.meta());
            assertNotNull(l.meta().get(MetaKeys.AFFINE));
        }
        Object o = new LoadImage().imageOnly(false).load(dir.resolve("a.rawf").toString());
        assertInstanceOf(LoadImage.Loaded.class, o);
        ((LoadImage.Loaded) o).close();
    }
}
