package dev.axial.io.image;

import dev.axial.io.ImageFileException;
import dev.axial.io.WriteOptions;
import dev.axial.tensor.DType;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Write, read back: every format and bit depth; exact for the lossless ones. */
class ImageIoWriterTest {
    @TempDir Path dir;

    private static final int W = 19, H = 11;

    /** (W, H[, C]) ramp of {@code dtype} with values {@code (i * step) % mod}. */
    private static MetaTensor ramp(DType dtype, long mod, long step, long... shape) {
        long n = 1;
        for (long s : shape) n *= s;
        double[] v = new double[(int) n];
        for (int i = 0; i < n; i++) v[i] = (i * step) % mod;
        try (Tensor d = Tensor.of(v, shape)) {
            return MetaTensor.of(d.to(dtype));
        }
    }

    private MetaTensor roundTrip(MetaTensor img, String name, WriteOptions o) {
        Path f = dir.resolve(name);
        new ImageIoWriter().write(img, f, o);
        return new ImageIoReader().read(f);
    }

    private static void assertSame(MetaTensor want, MetaTensor got, DType dtype) {
        assertArrayEquals(want.shape(), got.shape());
        assertEquals(dtype, got.dtype());
        assertArrayEquals(want.array().toDoubleArray(), got.array().toDoubleArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "bmp", "tif"})
    void gray8Exact(String ext) {
        try (MetaTensor img = ramp(DType.UINT8, 256, 7, W, H); MetaTensor back = roundTrip(img, "g." + ext, new WriteOptions())) {
            assertSame(img, back, DType.UINT8);
            assertEquals("L", back.meta().get("mode"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "bmp", "tiff"})
    void rgbExact(String ext) {
        try (MetaTensor img = ramp(DType.UINT8, 256, 5, W, H, 3);
             MetaTensor back = roundTrip(img, "c." + ext, new WriteOptions().channelLast(true))) {
            assertSame(img, back, DType.UINT8);
            assertEquals("RGB", back.meta().get("mode"));
            assertEquals(-1, back.meta().get(MetaKeys.ORIGINAL_CHANNEL_DIM));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "tif"})
    void rgbaAndGrayAlphaExact(String ext) {
        for (int c : new int[]{2, 4})
            try (MetaTensor img = ramp(DType.UINT8, 256, 3, W, H, c);
                 MetaTensor back = roundTrip(img, "a" + c + "." + ext, new WriteOptions().channelLast(true))) {
                assertSame(img, back, DType.UINT8);
                assertEquals(c == 2 ? "LA" : "RGBA", back.meta().get("mode"));
            }
    }

    @Test
    void sixteenBitPngAndTiff() {
        try (MetaTensor img = ramp(DType.INT32, 65536, 977, W, H)) {
            try (MetaTensor back = roundTrip(img, "g16.png", new WriteOptions())) {
                assertSame(img, back, DType.INT32);
                assertEquals("I", back.meta().get("mode"));   // PIL: 16-bit PNG opens as mode I
            }
            // TIFF keeps int32 unless the image came from a uint16 file (meta dtype) or scale 65535 asks for 16 bits
            try (MetaTensor back = roundTrip(img, "g32.tif", new WriteOptions())) {
                assertSame(img, back, DType.INT32);
                assertEquals("I", back.meta().get("mode"));
            }
            img.meta().put(MetaKeys.DTYPE, "uint16");
            try (MetaTensor back = roundTrip(img, "g16.tif", new WriteOptions())) {
                assertSame(img, back, DType.INT32);
                assertEquals("I;16", back.meta().get("mode"));
                // and a uint16 TIFF read then written stays uint16
                try (MetaTensor again = roundTrip(back, "g16b.tif", new WriteOptions())) {
                    assertEquals("I;16", again.meta().get("mode"));
                }
            }
        }
    }

    @Test
    void sixteenBitRgbPng() {
        try (MetaTensor img = ramp(DType.INT32, 65536, 4099, W, H, 3);
             MetaTensor back = roundTrip(img, "c16.png", new WriteOptions().channelLast(true))) {
            // PIL reads 16-bit colour as 8-bit: the high bytes
            double[] want = img.array().toDoubleArray();
            double[] got = back.array().toDoubleArray();
            assertEquals(DType.UINT8, back.dtype());
            for (int i = 0; i < want.length; i++) assertEquals(Math.floor(want[i] / 256), got[i]);
        }
    }

    @Test
    void negativeInt32AndFloatTiff() {
        try (MetaTensor img = MetaTensor.of(Tensor.of(new int[]{-70000, 5, 1 << 30, -1, 0, 65536}, 3, 2));
             MetaTensor back = roundTrip(img, "i32.tif", new WriteOptions())) {
            assertSame(img, back, DType.INT32);
        }
        try (MetaTensor img = MetaTensor.of(Tensor.of(new float[]{-1.5f, 3e7f, 0.25f, Float.MIN_VALUE, -0f, 1e-3f}, 2, 3));
             MetaTensor back = roundTrip(img, "f.tif", new WriteOptions())) {
            assertSame(img, back, DType.FLOAT32);
            assertEquals("F", back.meta().get("mode"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "bmp", "tif"})
    void boolIsOneBit(String ext) {
        boolean[] v = new boolean[W * H];
        for (int i = 0; i < v.length; i++) v[i] = i % 3 == 0 || i % 7 == 0;
        try (MetaTensor img = MetaTensor.of(Tensor.of(v, W, H)); MetaTensor back = roundTrip(img, "b." + ext, new WriteOptions())) {
            assertSame(img, back, DType.BOOL);
            assertEquals("1", back.meta().get("mode"));
        }
    }

    @Test
    void scaleAsPilWriter() {
        float[] v = {-0.5f, 0f, 0.2f, 0.5f, 0.999f, 1f, 1.5f, Float.NaN};
        try (MetaTensor img = MetaTensor.of(Tensor.of(v, 4, 2))) {
            try (MetaTensor back = roundTrip(img, "s8.png", new WriteOptions().scale(255))) {
                // np.clip(x, 0, 1) * 255 then astype(uint8): truncation
                assertArrayEquals(new double[]{0, 0, 51, 127, 254, 255, 255, 0}, back.array().toDoubleArray());
            }
            try (MetaTensor back = roundTrip(img, "s16.png", new WriteOptions().scale(65535))) {
                assertArrayEquals(new double[]{0, 0, 13107, 32767, 65469, 65535, 65535, 0}, back.array().toDoubleArray());
            }
        }
    }

    @Test
    void outputDtypeTruncatesAndClips() {
        try (MetaTensor img = MetaTensor.of(Tensor.of(new double[]{-3, 0.5, 1.5, 2.5, 254.6, 300}, 3, 2));
             MetaTensor back = roundTrip(img, "o.png", new WriteOptions().outputDtype(DType.UINT8))) {
            // numpy's astype(uint8) truncates (PILWriter): 0.5 -> 0, 1.5 -> 1, 254.6 -> 254; out of range it wraps, we clip
            assertArrayEquals(new double[]{0, 0, 1, 2, 254, 255}, back.array().toDoubleArray());
        }
    }

    @Test
    void jpegIsCloseAndRefusesWhatItCannotHold() {
        try (MetaTensor img = ramp(DType.UINT8, 200, 1, W, H, 3)) {
            try (MetaTensor back = roundTrip(img, "c.jpg", new WriteOptions().channelLast(true))) {
                assertArrayEquals(img.shape(), back.shape());
                double[] a = img.array().toDoubleArray(), b = back.array().toDoubleArray();
                double err = 0;
                for (int i = 0; i < a.length; i++) err += Math.abs(a[i] - b[i]);
                assertTrue(err / a.length < 12, "mean abs error " + err / a.length);
            }
            try (MetaTensor rgba = ramp(DType.UINT8, 256, 1, W, H, 4)) {
                var e = assertThrows(ImageFileException.class, () -> new ImageIoWriter().write(rgba, dir.resolve("x.jpeg"), new WriteOptions().channelLast(true)));
                assertTrue(e.getMessage().contains("x.jpeg") && e.getMessage().contains("JPEG"), e.getMessage());
            }
        }
        try (MetaTensor f = MetaTensor.of(Tensor.of(new float[]{0.5f, 1f}, 2, 1))) {
            var e = assertThrows(ImageFileException.class, () -> new ImageIoWriter().write(f, dir.resolve("f.png"), new WriteOptions()));
            assertTrue(e.getMessage().contains("PNG") && e.getMessage().contains("scale"), e.getMessage());
        }
    }

    @Test
    void extraSpatialAxesKeepSliceZeroAndSingleChannelIsGray() {
        try (MetaTensor vol = ramp(DType.UINT8, 256, 1, W, H, 3);
             MetaTensor back = roundTrip(vol, "v.png", new WriteOptions())) {
            assertArrayEquals(new long[]{W, H}, back.shape());
            assertEquals(vol.array().getDouble(4, 5, 0), back.array().getDouble(4, 5));
        }
        try (MetaTensor one = ramp(DType.UINT8, 256, 1, W, H, 1);
             MetaTensor back = roundTrip(one, "one.png", new WriteOptions().channelLast(true))) {
            assertArrayEquals(new long[]{W, H}, back.shape());
        }
    }

    @Test
    void atomicWriteLeavesTargetAndNoTemporaryOnFailure() throws IOException {
        Path f = dir.resolve("keep.png");
        Files.write(f, new byte[]{1, 2, 3});
        try (MetaTensor bad = MetaTensor.of(Tensor.of(new float[]{0.5f, 1f}, 2, 1))) {
            assertThrows(ImageFileException.class, () -> new ImageIoWriter().write(bad, f, new WriteOptions()));
        }
        assertArrayEquals(new byte[]{1, 2, 3}, Files.readAllBytes(f));
        try (MetaTensor ok = ramp(DType.UINT8, 256, 1, W, H)) {
            new ImageIoWriter().write(ok, f, new WriteOptions());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
        try (MetaTensor back = new ImageIoReader().read(f)) {
            assertEquals("PNG", back.meta().get("format"));
        }
    }

    @Test
    void namesAndSuffixes() {
        ImageIoWriter w = new ImageIoWriter();
        assertEquals("ImageIoWriter", w.name());
        assertTrue(w.suffixes().containsAll(List.of(".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff")));
        try (MetaTensor img = ramp(DType.UINT8, 256, 1, 2, 2)) {
            assertThrows(ImageFileException.class, () -> w.write(img, dir.resolve("x.webp"), new WriteOptions()));
        }
    }
}
