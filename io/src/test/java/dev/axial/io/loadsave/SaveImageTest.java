package dev.axial.io.loadsave;

import dev.axial.io.Expectations;
import dev.axial.io.ImageFormats;
import dev.axial.io.LoadImage;
import dev.axial.io.SaveImage;
import dev.axial.tensor.DType;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class SaveImageTest {
    @TempDir Path dir;
    private final RawFormats.Writer writer = new RawFormats.Writer(".cap", ".cap.gz", ".png");

    @AfterEach void unregister() { ImageFormats.unregister(writer); }

    private static MetaTensor image(String file, long... shape) {
        Map<String, Object> meta = new LinkedHashMap<>();
        if (file != null) meta.put(MetaKeys.FILENAME_OR_OBJ, file);
        return new MetaTensor(Tensor.zeros(shape), MetaTensor.identity(4), meta);
    }

    private SaveImage saver() { return new SaveImage().outputDir(dir).outputExt(".cap").printLog(false); }

    @Test void namesFollowMonaisFolderLayout() {
        ImageFormats.registerWriter(writer);
        try (MetaTensor img = image("/data/case1.nii.gz", 1, 2, 3, 4)) {
            saver().apply(img);
            assertEquals(dir.resolve("case1/case1_trans.cap"), writer.writes.getLast().file());
            assertTrue(Files.exists(dir.resolve("case1/case1_trans.cap")));
            img.meta().put(MetaKeys.PATCH_INDEX, 7);
            saver().outputPostfix("seg").separateFolder(false).apply(img);
            assertEquals(dir.resolve("case1_seg_7.cap"), writer.writes.getLast().file());
            img.meta().remove(MetaKeys.PATCH_INDEX);
            saver().dataRootDir("/data").outputExt("cap.gz").apply(img);
            assertEquals(dir.resolve("case1/case1_trans.cap.gz"), writer.writes.getLast().file());
            img.meta().put(MetaKeys.FILENAME_OR_OBJ, "/data/sub/x/case2.nii");
            SaveImage s = saver().dataRootDir("/data").savepathInMetadict(true);
            s.apply(img);
            assertEquals(dir.resolve("sub/x/case2/case2_trans.cap"), writer.writes.getLast().file());
            assertEquals(dir.resolve("sub/x/case2/case2_trans.cap").toString(), img.meta().get(MetaKeys.SAVED_TO));
        }
        try (MetaTensor img = image("/data/case3.nii", 1, 2, 2, 2)) {
            // as MONAI: output_format picks the writer but the layout has no extension; output_ext keeps its case
            saver().outputExt("").outputFormat("CAP").apply(img);
            assertEquals(dir.resolve("case3/case3_trans"), writer.writes.getLast().file());
            saver().outputExt(".CAP").apply(img);
            assertEquals(dir.resolve("case3/case3_trans.CAP"), writer.writes.getLast().file());
            saver().apply(img, dir.resolve("explicit").toString());
            assertEquals(dir.resolve("explicit.cap"), writer.writes.getLast().file());
        }
        // no meta: a running index names the files
        SaveImage s = saver();
        try (Tensor t = Tensor.zeros(1, 2, 2, 2)) {
            s.apply(t, null);
            s.apply(t, null);
        }
        assertEquals(dir.resolve("0/0_trans.cap"), writer.writes.get(writer.writes.size() - 2).file());
        assertEquals(dir.resolve("1/1_trans.cap"), writer.writes.getLast().file());
    }

    @Test void channelMovesLastAndTrailingOnesAreSqueezed() {
        ImageFormats.registerWriter(writer);
        try (MetaTensor img = image("a.nii", 1, 4, 5, 3)) {            // one channel: dropped
            saver().apply(img);
            assertArrayEquals(new long[]{4, 5, 3}, writer.writes.getLast().shape());
            assertFalse(writer.writes.getLast().options().channelLast());
            assertEquals(DType.FLOAT32, writer.writes.getLast().options().outputDtype());
        }
        try (MetaTensor img = image("b.nii", 3, 4, 5)) {               // 2-D, 3 channels, 3-D writer: (4, 5, 1, 3)
            saver().apply(img);
            assertArrayEquals(new long[]{4, 5, 1, 3}, writer.writes.getLast().shape());
            assertTrue(writer.writes.getLast().options().channelLast());
            saver().outputExt(".png").outputDtype(DType.FLOAT32).apply(img);  // 2-D writer: (4, 5, 3), uint8
            assertArrayEquals(new long[]{4, 5, 3}, writer.writes.getLast().shape());
            assertEquals(DType.UINT8, writer.writes.getLast().options().outputDtype());
            saver().squeezeEndDims(false).apply(image("c.nii", 1, 4, 5, 3));
            assertArrayEquals(new long[]{4, 5, 3, 1}, writer.writes.getLast().shape());
        }
        try (MetaTensor img = image("d.nii", 2, 3, 4)) {               // spatial_shape as long as the array: no channel
            img.meta().put(MetaKeys.SPATIAL_SHAPE, new long[]{2, 3, 4});
            saver().apply(img);
            assertArrayEquals(new long[]{2, 3, 4}, writer.writes.getLast().shape());
        }
        // values survive the move: (2, 3, 4) with channel 0 -> (3, 4, 1, 2)
        Tensor t = Tensor.arange(DType.FLOAT32, dev.axial.tensor.Device.CPU, 0, 24, 1).reshape(2, 3, 4);
        try (MetaTensor img = new MetaTensor(t, null, Map.of(MetaKeys.FILENAME_OR_OBJ, "e.nii"))) {
            saver().apply(img);
            RawFormats.Written w = writer.writes.getLast();
            assertArrayEquals(new long[]{3, 4, 1, 2}, w.shape());
            assertEquals(12 + 4 + 2, w.values()[((4 + 2) * 1) * 2 + 1]);   // [1, 2, 0, 1] <- [1, 1, 2]
        }
    }

    @Test void aFailingWriterLeavesNoFile() throws IOException {
        writer.fail = true;
        SaveImage s = saver().writer(writer);
        try (MetaTensor img = image("/data/x.nii", 1, 2, 2, 2)) {
            assertThrows(IllegalStateException.class, () -> s.apply(img));
        }
        try (Stream<Path> files = Files.walk(dir)) {
            assertEquals(0, files.filter(Files::isRegularFile).count());
        }
        writer.fail = false;
        try (MetaTensor img = image(null, 1, 2, 2, 2)) {
            s.apply(img);
        }
        assertEquals(dir.resolve("0/0_trans.cap"), writer.writes.getLast().file(), "a failed save does not advance the index");
    }

    @Test void resampleMatchesMonai() {
        Expectations ex = Expectations.load("resample");
        assertFalse(ex.files().isEmpty());
        for (String name : ex.files()) {
            if (name.startsWith("png_")) continue;   // pngResampleMatchesMonai
            long[] in = ex.longs(name, "in_shape");
            int n = (int) Arrays.stream(in).reduce(1, (a, b) -> a * b);
            float[] v = new float[n];
            for (int i = 0; i < n; i++) v[i] = (float) (0.25 * i - 3);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put(MetaKeys.FILENAME_OR_OBJ, "/data/" + name + ".nii");
            if (ex.has(name, "original_affine")) meta.put(MetaKeys.ORIGINAL_AFFINE, matrix(ex.doubles(name, "original_affine")));
            // without spatial_shape MONAI computes the output shape from the affines (auto_* cases)
            if (ex.has(name, "spatial_shape")) meta.put(MetaKeys.SPATIAL_SHAPE, ex.longs(name, "spatial_shape"));
            long[] shape = new long[in.length + 1];
            shape[0] = 1;
            System.arraycopy(in, 0, shape, 1, in.length);
            try (MetaTensor img = new MetaTensor(Tensor.of(v, shape), matrix(ex.doubles(name, "affine")), meta)) {
                saver().writer(writer).resample(true).mode(ex.string(name, "mode")).paddingMode(ex.string(name, "padding"))
                        .separateFolder(false).apply(img);
            }
            RawFormats.Written w = writer.writes.getLast();
            assertEquals(dir.resolve(name + "_trans.cap"), w.file());
            assertArrayEquals(ex.longs(name, "out_shape"), w.shape(), name);
            double[] want = ex.doubles(name, "values");
            for (int i = 0; i < want.length; i++) assertEquals(want[i], w.values()[i], 1e-5, name + " value " + i);
            double[] aff = ex.doubles(name, "out_affine");
            for (int i = 0; i < 16; i++) assertEquals(aff[i], w.affine()[i / 4][i % 4], 1e-9, name + " affine");
        }
    }

    /**
     * SaveImage(output_ext=".png") through the real PNG writer as MONAI's PILWriter: resample=true resizes to
     * spatial_shape (bilinear, bicubic clipped to the input's range, nearest, area), the cast truncates, and
     * outputDtype INT32 (our uint16) writes a 16-bit PNG.
     */
    @Test void pngResampleMatchesMonai() {
        Expectations ex = Expectations.load("resample");
        int cases = 0;
        for (String name : ex.files()) {
            if (!name.startsWith("png_")) continue;
            cases++;
            long[] in = ex.longs(name, "in_shape");
            double step = ex.number(name, "step"), mod = ex.number(name, "modulo"), off = ex.number(name, "offset");
            int n = (int) Arrays.stream(in).reduce(1, (a, b) -> a * b);
            float[] v = new float[n];
            for (int i = 0; i < n; i++) v[i] = (float) ((i * step) % mod + off);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put(MetaKeys.FILENAME_OR_OBJ, "/data/" + name + ".png");
            boolean resample = ex.has(name, "spatial_shape");
            if (resample) meta.put(MetaKeys.SPATIAL_SHAPE, ex.longs(name, "spatial_shape"));
            DType od = switch (ex.string(name, "output_dtype")) {
                case "uint8" -> DType.UINT8;
                case "uint16" -> DType.INT32;
                default -> DType.FLOAT32;
            };
            try (MetaTensor img = new MetaTensor(Tensor.of(v, in), MetaTensor.identity(4), meta)) {
                new SaveImage().outputDir(dir).outputExt(".png").printLog(false).separateFolder(false)
                        .resample(resample).mode(ex.string(name, "mode")).outputDtype(od).apply(img);
            }
            try (MetaTensor back = new LoadImage().dtype(null).apply(dir.resolve(name + "_trans.png"))) {
                assertEquals(ex.string(name, "png_mode").equals("I") ? DType.INT32 : DType.UINT8, back.dtype(), name);
                assertArrayEquals(ex.longs(name, "out_shape"), back.shape(), name);
                assertArrayEquals(ex.doubles(name, "values"), back.array().toDoubleArray(), name);
            }
        }
        assertEquals(6, cases);
    }

    @Test void sixteenBitPngClipsToUint16() {
        // MONAI's astype(uint16) wraps out-of-range values (platform-dependent); INT32 -> 16-bit PNG clips them
        try (MetaTensor img = new MetaTensor(Tensor.of(new float[]{-5f, 0.6f, 1000.7f, 65535.4f, 65536f, 70000f}, 1, 3, 2),
                MetaTensor.identity(4), new LinkedHashMap<>(Map.of(MetaKeys.FILENAME_OR_OBJ, "/d/u16.nii")))) {
            new SaveImage().outputDir(dir).outputExt(".png").printLog(false).separateFolder(false).outputDtype(DType.INT32).apply(img);
        }
        try (MetaTensor back = new LoadImage().dtype(null).apply(dir.resolve("u16_trans.png"))) {
            assertEquals(DType.INT32, back.dtype());
            assertArrayEquals(new double[]{0, 0, 1000, 65535, 65535, 65535}, back.array().toDoubleArray());
        }
    }

    private static double[][] matrix(double[] flat) {
        double[][] m = new double[4][4];
        for (int i = 0; i < 16; i++) m[i / 4][i % 4] = flat[i];
        return m;
    }
}
