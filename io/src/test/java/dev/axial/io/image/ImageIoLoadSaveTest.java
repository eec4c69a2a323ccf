package dev.axial.io.image;

import dev.axial.io.ImageFormats;
import dev.axial.io.LoadImage;
import dev.axial.io.SaveImage;
import dev.axial.tensor.DType;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The reader and writer behind LoadImage and SaveImage, as MONAI's LoadImage(PILReader) → SaveImage(.png). */
class ImageIoLoadSaveTest {
    @TempDir Path dir;

    @Test
    void loadChannelFirstSaveAndReadBack() {
        Path rgb = ImageIoReaderTest.resource("images/rgb.png");
        try (MetaTensor img = new LoadImage(new ImageIoReader()).ensureChannelFirst(true).apply(rgb);
             MetaTensor orig = new ImageIoReader().read(rgb)) {
            assertEquals(DType.FLOAT32, img.dtype());
            assertArrayEquals(new long[]{3, 37, 23}, img.shape());   // MONAI: EnsureChannelFirst moves -1 to 0
            new SaveImage().writer(new ImageIoWriter()).outputDir(dir).outputExt(".png").outputPostfix("out")
                    .outputDtype(DType.UINT8).separateFolder(false).apply(img);
            Path out = dir.resolve("rgb_out.png");
            try (MetaTensor back = new ImageIoReader().read(out)) {
                assertArrayEquals(orig.shape(), back.shape());
                assertArrayEquals(orig.array().toDoubleArray(), back.array().toDoubleArray());
            }
        }
    }

    @Test
    void twoGrayFilesStackAsChannels() {
        Path a = ImageIoReaderTest.resource("images/gray8.png"), b = ImageIoReaderTest.resource("images/gray8.tif");
        try (MetaTensor img = new LoadImage(new ImageIoReader()).dtype(null).apply(List.of(a, b))) {
            assertArrayEquals(new long[]{2, 37, 23}, img.shape());
            assertEquals(DType.UINT8, img.dtype());
            assertEquals(0, img.meta().get(MetaKeys.ORIGINAL_CHANNEL_DIM));
        }
    }

    /** MONAI's name selects it once registered (DefaultFormats will hold it; registered here until then). */
    @Test
    void aliasSelectsTheReader() {
        ImageIoReader reader = new ImageIoReader();
        ImageFormats.registerReader(reader);
        try (MetaTensor img = new LoadImage("PILReader").dtype(null).apply(ImageIoReaderTest.resource("images/gray16.tif"))) {
            assertEquals(DType.INT32, img.dtype());
            assertEquals("I;16", img.meta().get("mode"));
        } finally {
            ImageFormats.unregister(reader);
        }
    }
}
