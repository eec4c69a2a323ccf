package dev.axial.io.dicom;

import dev.axial.io.Expectations;
import dev.axial.io.ImageFileException;
import dev.axial.io.TestData;
import dev.axial.tensor.DType;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Every file in expectations/dicom.txt (pydicom 2.3 + MONAI 1.5 PydicomReader) against our DicomReader. */
class DicomRealFilesTest {
    private static final Expectations EX = Expectations.load("dicom");

    static Path path(String section) {
        int slash = section.indexOf('/');
        return TestData.file(section.substring(0, slash), section.substring(slash + 1));
    }

    @TestFactory
    Stream<DynamicTest> realFiles() {
        return EX.files().stream().map(f -> DynamicTest.dynamicTest(f.substring(f.lastIndexOf('/') + 1), () -> check(f)));
    }

    /**
     * Known divergences, not yet fixed: TwelveMonkeys fails on SC_rgb_jpeg.dcm ("Invalid argument"); for the
     * gdcm lossy and no-colour-transform files our colour-space choice differs from libjpeg/Pillow's.
     */
    private static final java.util.Set<String> KNOWN = java.util.Set.of();

    private static void check(String f) {
        Path p = path(f);
        org.junit.jupiter.api.Assumptions.assumeFalse(KNOWN.contains(p.getFileName().toString()), "known divergence, see KNOWN");
        DicomReader reader = new DicomReader();
        assertTrue(reader.verifySuffix(p));
        if (EX.has(f, "error")) {
            String want = EX.string(f, "error");
            ImageFileException e = assertThrows(ImageFileException.class, () -> reader.read(p).close());
            assertTrue(e.getMessage().contains(want), () -> "message should name " + want + ": " + e.getMessage());
            assertTrue(e.getMessage().contains(p.getFileName().toString()), e::getMessage);
            if (EX.has(f, "tag")) { // header-only files: the parser still reads their elements
                DicomDataset ds = DicomParser.readHeader(p);
                for (String[] t : EX.all(f, "tag"))
                    assertEquals(String.join(" ", Arrays.copyOfRange(t, 1, t.length)), ds.string(Integer.parseUnsignedInt(t[0], 16)), t[0]);
            }
            return;
        }
        if (EX.has(f, "same_as")) {
            // pydicom 2.3 cannot decode this JPEG lossless file; lossless means equal to its RLE twin
            try (MetaTensor a = reader.read(p); MetaTensor b = reader.read(path(EX.string(f, "same_as")))) {
                assertArrayEquals(b.shape(), a.shape());
                assertEquals(b.dtype(), a.dtype());
                try (Tensor x = a.array().contiguous(); Tensor y = b.array().contiguous()) {
                    assertEquals(-1L, x.hostSegment().mismatch(y.hostSegment()), "lossless JPEG differs from the RLE twin");
                }
            }
            return;
        }
        if (EX.has(f, "bits")) {
            // 12-bit JPEG extended: no reference (pydicom's Pillow cannot); either we decode it or say clearly why not
            long[] shape = EX.longs(f, "shape");
            try (MetaTensor m = reader.read(p)) {
                assertArrayEquals(shape, m.shape());
            } catch (ImageFileException e) {
                assertTrue(e.getMessage().contains("1.2.840.10008.1.2.4.51") && e.getMessage().contains("JPEG Extended"), e::getMessage);
            }
            return;
        }
        try (MetaTensor m = reader.read(p); Tensor flat = m.array().contiguous()) {
            assertArrayEquals(EX.longs(f, "shape"), m.shape(), "shape");
            assertEquals(ours(EX.string(f, "dtype")), m.dtype(), "dtype");
            boolean lossy = EX.has(f, "lossy");
            // NOTE: lossy JPEG: libjpeg (Pillow) and the JDK's decoder differ by a few levels (IDCT and chroma upsampling)
            double tol = lossy ? 12 : 0;
            long n = Arrays.stream(m.shape()).reduce(1, (x, y) -> x * y);
            double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            for (long i = 0; i < n; i++) {
                double v = get(flat, i);
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertEquals(EX.number(f, "sum"), sum, lossy ? 2.0 * n : 1e-6 * Math.abs(sum), "sum");
            assertEquals(EX.number(f, "min"), min, tol, "min");
            assertEquals(EX.number(f, "max"), max, tol, "max");
            for (String[] v : EX.all(f, "voxel")) {
                long[] shape = m.shape();
                long at = 0;
                for (int d = 0; d < shape.length; d++) at = at * shape[d] + Long.parseLong(v[d]);
                assertEquals(Double.parseDouble(v[v.length - 1]), get(flat, at), tol, "voxel " + String.join(",", Arrays.copyOf(v, v.length - 1)));
            }
            if (EX.has(f, "affine")) {
                double[] want = EX.doubles(f, "affine");
                double[][] a = m.affine();
                for (int i = 0; i < 16; i++) assertEquals(want[i], a[i / 4][i % 4], 1e-6, "affine " + Arrays.deepToString(a));
                assertArrayEquals(EX.longs(f, "spatial_shape"), (long[]) m.meta().get(MetaKeys.SPATIAL_SHAPE));
                assertTrue(Double.isNaN((Double) m.meta().get(MetaKeys.ORIGINAL_CHANNEL_DIM)));
                assertEquals(MetaKeys.SPACE_RAS, m.meta().get(MetaKeys.SPACE));
            }
        }
    }

    static DType ours(String numpy) {
        return switch (numpy) {
            case "uint16" -> DType.INT32;
            case "uint32", "uint64" -> DType.INT64;
            default -> DType.of(numpy);
        };
    }

    static double get(Tensor t, long i) {
        MemorySegment s = t.hostSegment();
        return switch (t.dtype()) {
            case UINT8 -> s.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
            case INT8 -> s.get(ValueLayout.JAVA_BYTE, i);
            case INT16 -> s.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i);
            case INT32 -> s.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i);
            case INT64 -> s.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i);
            case FLOAT32 -> s.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i);
            default -> s.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i);
        };
    }

}
