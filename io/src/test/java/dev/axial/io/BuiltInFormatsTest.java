package dev.axial.io;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The built-in formats through the user-facing LoadImage/SaveImage, with MONAI's reader choice and file naming. */
class BuiltInFormatsTest {
    @Test void readersAreChosenBySuffixInMonaisOrder() {
        Map<String, String> expected = Map.of("a.nii.gz", "NiftiReader", "a.nii", "NiftiReader", "a.png", "ImageIoReader",
                "a.jpg", "ImageIoReader", "a.npy", "NumpyReader", "a.npz", "NumpyReader", "a.nrrd", "NrrdReader", "a.mha", "MetaImageReader",
                "a.dcm", "DicomReader");
        expected.forEach((file, reader) -> assertEquals(reader, ImageFormats.readerFor(Path.of(file)).orElseThrow().name(), file));
        assertEquals("NiftiReader", ImageFormats.reader("NibabelReader").orElseThrow().name(), "MONAI's names are aliases");
        assertEquals("ImageIoReader", ImageFormats.reader("pilreader").orElseThrow().name());
        assertEquals("MetaImageReader", ImageFormats.reader("ITKReader").orElseThrow().name());
        List<String> order = ImageFormats.readers().stream().map(ImageReader::name).toList();
        assertTrue(order.indexOf("NiftiReader") < order.indexOf("ImageIoReader") && order.indexOf("ImageIoReader") < order.indexOf("NumpyReader")
                && order.indexOf("NumpyReader") < order.indexOf("NrrdReader") && order.indexOf("NrrdReader") < order.indexOf("MetaImageReader") && order.indexOf("MetaImageReader") < order.indexOf("DicomReader"), order.toString());
        assertEquals("DicomReader", ImageFormats.reader("PydicomReader").orElseThrow().name());
    }

    @Test void fourDimensionalNiftiLoadsChannelFirstAsFloat32() {
        Path file = TestData.nibabel("example4d.nii.gz");
        try (Scope s = Scope.open()) {
            MetaTensor raw = new LoadImage().dtype(null).apply(file);
            MetaTensor img = new LoadImage().ensureChannelFirst(true).apply(file);
            long[] shape = raw.shape();
            assertEquals(4, shape.length);
            assertArrayEquals(new long[] {shape[3], shape[0], shape[1], shape[2]}, img.shape(), "the time axis (original_channel_dim -1) moves first");
            assertEquals(DType.FLOAT32, img.dtype());
            Tensor expected = raw.array().permute(3, 0, 1, 2).to(DType.FLOAT32);
            assertEquals(0.0, expected.sub(img.array()).abs().max().item(), 0.0);
            assertEquals(file.toString(), img.meta().get(MetaKeys.FILENAME_OR_OBJ));
        }
    }

    @Test void saveImageThenLoadImageKeepsValuesAndAffineForEveryWritableFormat(@TempDir Path dir) {
        double[][] affine = {{-1.5, 0, 0, 90}, {0, 1.5, 0, -126}, {0, 0, 2, -72}, {0, 0, 0, 1}};
        for (String ext : new String[] {".nii.gz", ".nii", ".npy", ".nrrd", ".mha"}) {
            try (Scope s = Scope.open()) {
                Tensor data = Tensor.arange(DType.FLOAT32, dev.axial.tensor.Device.CPU, 0, 2 * 3 * 4, 1).reshape(1, 2, 3, 4);
                Map<String, Object> meta = new HashMap<>();
                meta.put(MetaKeys.FILENAME_OR_OBJ, "/data/case_0001.nii.gz");
                MetaTensor img = new MetaTensor(data, affine, meta);
                new SaveImage().outputDir(dir.toString()).outputPostfix("seg").outputExt(ext).printLog(false).apply(img);
                Path written = dir.resolve("case_0001").resolve("case_0001_seg" + ext);
                MetaTensor back = new LoadImage().ensureChannelFirst(true).apply(written);
                assertArrayEquals(new long[] {1, 2, 3, 4}, back.shape(), ext);
                assertEquals(0.0, back.array().sub(data).abs().max().item(), 0.0, ext);
                if (!ext.equals(".npy")) {
                    double[][] a = back.affine();
                    for (int r = 0; r < 4; r++)
                        for (int c = 0; c < 4; c++) assertEquals(affine[r][c], a[r][c], 1e-5, ext + " affine[" + r + "][" + c + "]");
                }
            }
        }
    }

    @Test void pngRoundTripThroughSaveImageAndLoadImage(@TempDir Path dir) {
        try (Scope s = Scope.open()) {
            Tensor data = Tensor.arange(DType.FLOAT32, dev.axial.tensor.Device.CPU, 0, 12, 1).reshape(1, 4, 3);
            Map<String, Object> meta = new HashMap<>();
            meta.put(MetaKeys.FILENAME_OR_OBJ, "slice.png");
            new SaveImage().outputDir(dir.toString()).outputExt(".png").separateFolder(false).printLog(false).apply(new MetaTensor(data, null, meta));
            MetaTensor back = new LoadImage().ensureChannelFirst(true).apply(dir.resolve("slice_trans.png"));
            assertArrayEquals(new long[] {1, 4, 3}, back.shape());
            assertEquals(0.0, back.array().sub(data).abs().max().item(), 0.0, "uint8 PNG keeps small integers exactly");
        }
    }
}
