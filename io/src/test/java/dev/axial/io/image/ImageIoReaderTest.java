package dev.axial.io.image;

import dev.axial.io.Expectations;
import dev.axial.tensor.DType;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every generated image of resources/images against what PIL and MONAI's LoadImage(PILReader) report. */
class ImageIoReaderTest {
    private static final Expectations EX = Expectations.load("images");

    static Path resource(String name) {
        try {
            return Path.of(ImageIoReaderTest.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @TestFactory
    List<DynamicTest> everyFileAsPilAndMonaiSeeIt() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : EX.files()) {
            tests.add(DynamicTest.dynamicTest(file, () -> {
                try (MetaTensor img = new ImageIoReader().read(resource(file))) {
                    check(file, "", img);
                    assertArrayEquals(EX.longs(file, "spatial_shape"), (long[]) img.meta().get(MetaKeys.SPATIAL_SHAPE), file);
                    String ch = EX.string(file, "original_channel_dim");
                    Object got = img.meta().get(MetaKeys.ORIGINAL_CHANNEL_DIM);
                    if (ch.equals("nan")) assertTrue(got instanceof Double d && d.isNaN(), file + ": " + got);
                    else assertEquals(Integer.parseInt(ch), got, file);
                    for (String k : List.of("format", "mode")) assertEquals(EX.string(file, k), img.meta().get(k), file + " " + k);
                    for (String k : List.of("width", "height")) assertEquals((int) EX.number(file, k), img.meta().get(k), file + " " + k);
                    assertEquals(EX.string(file, "dtype"), img.meta().get(MetaKeys.DTYPE), file);
                    assertArrayEquals(MetaTensor.identity(4), img.affine(), file);
                }
                if (EX.has(file, "all_shape"))
                    try (MetaTensor all = new ImageIoReader().allPages(true).read(resource(file))) {
                        check(file, "all_", all);
                        // pages are a spatial axis: (W, H, pages[, C]), the channel stays last
                        assertEquals(EX.longs(file, "shape").length == 3 ? (Object) (-1) : (Object) Double.NaN,
                                all.meta().get(MetaKeys.ORIGINAL_CHANNEL_DIM));
                        long[] sp = (long[]) all.meta().get(MetaKeys.SPATIAL_SHAPE);
                        assertArrayEquals(java.util.Arrays.copyOf(EX.longs(file, "all_shape"), 3), sp);
                    }
            }));
        }
        return tests;
    }

    /** shape, dtype, sum, min, max and the voxels, exactly. */
    private static void check(String file, String p, MetaTensor img) {
        assertArrayEquals(EX.longs(file, p + "shape"), img.shape(), file + " shape");
        assertEquals(expectedDType(EX.string(file, p + "dtype")), img.dtype(), file + " dtype");
        // NOTE: exact for JPEG too: the JDK's libjpeg 6b and PIL's libjpeg-turbo use the same integer IDCT,
        // fancy upsampling and YCbCr tables, so even the 4:2:0 colour file decodes to the same bytes.
        double tol = 0;
        double[] v = img.array().toDoubleArray();
        double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            sum += x;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        assertEquals(EX.number(file, p + "sum"), sum, Math.max(tol * v.length, Math.abs(sum) * 1e-6), file + " sum");
        assertEquals(EX.number(file, p + "min"), min, tol, file + " min");
        assertEquals(EX.number(file, p + "max"), max, tol, file + " max");
        for (String[] vox : EX.all(file, p + "voxel")) {
            long[] idx = new long[vox.length - 1];
            for (int i = 0; i < idx.length; i++) idx[i] = Long.parseLong(vox[i]);
            assertEquals(Double.parseDouble(vox[vox.length - 1]), img.array().getDouble(idx), tol, file + " voxel " + Arrays.toString(idx));
        }
    }

    /** numpy dtype → ours (uint16 has no DType: int32). */
    static DType expectedDType(String numpy) {
        return switch (numpy) {
            case "bool" -> DType.BOOL;
            case "uint8" -> DType.UINT8;
            case "int16" -> DType.INT16;
            case "uint16", "int32" -> DType.INT32;
            case "float32" -> DType.FLOAT32;
            default -> throw new IllegalArgumentException(numpy);
        };
    }

    @Test
    void reverseIndexingOffKeepsPilsAxes() {
        try (MetaTensor a = new ImageIoReader().read(resource("images/rgb.png"));
             MetaTensor b = new ImageIoReader().reverseIndexing(false).read(resource("images/rgb.png"))) {
            assertArrayEquals(new long[]{23, 37, 3}, b.shape());
            assertEquals(a.array().getDouble(5, 7, 1), b.array().getDouble(7, 5, 1));
        }
    }

    @Test
    void suffixesAndNames() {
        ImageIoReader r = new ImageIoReader();
        for (String s : List.of("a.png", "b.JPG", "c.jpeg", "d.bmp", "e.tif", "f.TIFF", "g.gif")) assertTrue(r.verifySuffix(Path.of(s)), s);
        for (String s : List.of("a.nii", "b.npy", "c.dcm", "png")) assertTrue(!r.verifySuffix(Path.of(s)), s);
        assertEquals(List.of("PILReader"), r.aliases());
    }
}
