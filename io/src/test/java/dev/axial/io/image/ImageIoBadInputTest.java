package dev.axial.io.image;

import dev.axial.io.ImageFileException;
import dev.axial.tensor.MetaTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Broken files: always ImageFileException naming the file and format (and the field where there is one). */
class ImageIoBadInputTest {
    @TempDir Path dir;

    private ImageFileException fails(Path f, String format, String field) {
        ImageFileException e = assertThrows(ImageFileException.class, () -> {
            try (MetaTensor ignored = new ImageIoReader().read(f)) {
                // must not get here
            }
        });
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().startsWith(format + " "), e.getMessage());
        assertEquals(f, e.file());
        if (field != null) assertEquals(field, e.field(), e.getMessage());
        return e;
    }

    private Path copy(String name, int keepBytes) throws IOException {
        byte[] all = Files.readAllBytes(ImageIoReaderTest.resource("images/" + name));
        Path f = dir.resolve("cut-" + name);
        Files.write(f, Arrays.copyOf(all, Math.min(keepBytes < 0 ? all.length + keepBytes : keepBytes, all.length)));
        return f;
    }

    @ParameterizedTest
    @ValueSource(strings = {"gray8.png", "rgb.png", "gray16.png", "baseline.jpg", "gray.jpg", "rgb24.bmp", "gray8.tif", "rgb_lzw.tif", "float32.tif", "palette.gif"})
    void truncatedFiles(String name) throws IOException {
        String format = ImageIoFormat.ofSuffix(Path.of(name)).name();
        for (int keep : new int[]{-40, 60, 30, 9}) fails(copy(name, keep), format, null);
    }

    @Test
    void wrongMagic() throws IOException {
        Path f = dir.resolve("text.png");
        Files.writeString(f, "this is no image, only some text");
        var e = fails(f, "PNG", "magic");
        assertTrue(e.getMessage().contains("74 68 69 73"), e.getMessage());   // the first bytes, in hex
    }

    @Test
    void zeroSize() throws IOException {
        Path f = Files.createFile(dir.resolve("empty.tif"));
        var e = fails(f, "TIFF", "magic");
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void unsupportedFormats() throws IOException {
        Path webp = dir.resolve("x.webp");
        Files.write(webp, "RIFF\0\0\0\0WEBPVP8 ".getBytes());
        fails(webp, "image", "magic");
        Path jp2 = dir.resolve("x.jpg");   // JPEG 2000 under a .jpg name
        Files.write(jp2, new byte[]{0, 0, 0, 12, 'j', 'P', ' ', ' ', 13, 10, (byte) 0x87, 10});
        fails(jp2, "JPEG", "magic");
        Path missing = dir.resolve("missing.png");
        fails(missing, "image", null);
    }

    /** A PNG whose IHDR (with a correct CRC) claims 2^31-1 x 2^31-1 pixels: refused before any allocation. */
    @Test
    void headerThatClaimsHugeDimensions() throws IOException {
        byte[] png = Files.readAllBytes(ImageIoReaderTest.resource("images/gray8.png"));
        ByteBuffer b = ByteBuffer.wrap(png);
        b.putInt(16, Integer.MAX_VALUE).putInt(20, Integer.MAX_VALUE);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        b.putInt(29, (int) crc.getValue());
        Path f = dir.resolve("huge.png");
        Files.write(f, png);
        fails(f, "PNG", null);
    }

    @Test
    void corruptedPngData() throws IOException {
        byte[] png = Files.readAllBytes(ImageIoReaderTest.resource("images/rgb.png"));
        for (int i = 45; i < png.length - 20; i++) png[i] ^= 0x5A;   // scramble the IDAT stream
        Path f = dir.resolve("scrambled.png");
        Files.write(f, png);
        fails(f, "PNG", null);
    }

    @Test
    void multiPageAllPagesOnlyForTiffAndFirstPageByDefault() {
        try (MetaTensor first = new ImageIoReader().read(ImageIoReaderTest.resource("images/multipage.tif"));
             MetaTensor all = new ImageIoReader().allPages(true).read(ImageIoReaderTest.resource("images/multipage.tif"))) {
            assertEquals(2, first.shape().length);
            assertEquals(3, all.shape()[2]);
            for (long x = 0; x < 37; x += 5)
                for (long y = 0; y < 23; y += 3) assertEquals(first.array().getDouble(x, y), all.array().getDouble(x, y, 0));
        }
    }
}
