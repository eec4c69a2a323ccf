package dev.axial.io.nifti;

import dev.axial.io.Expectations;
import dev.axial.io.ImageFileException;
import dev.axial.io.TestData;
import dev.axial.tensor.DType;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reader against what nibabel and MONAI's NibabelReader report for real files (tools/testdata/expect_nifti.py). */
class NiftiRealFilesTest {
    private static final Expectations EX = Expectations.load("nifti");
    private static final String NIB_DIR = "usr/lib/python3/dist-packages/nibabel/tests/data/";
    private static final String MRI_DIR = "usr/share/mricron/templates/";

    @TestFactory
    List<DynamicTest> everyFileMatchesNibabel() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String section : EX.files()) tests.add(DynamicTest.dynamicTest(section, () -> check(section)));
        return tests;
    }

    private static void check(String section) throws IOException {
        String pkg = section.substring(0, section.indexOf('/'));
        String name = section.substring(section.indexOf('/') + 1);
        boolean pair = name.endsWith("+img");
        if (pair) name = name.substring(0, name.length() - 4);
        Path file;
        if (pkg.equals("resource")) {   // small files made by expect_nifti.py for MONAI's header-correction paths
            try {
                file = Path.of(NiftiRealFilesTest.class.getResource("/nifti/" + name).toURI());
            } catch (java.net.URISyntaxException e) {
                throw new AssertionError(e);
            }
        } else file = TestData.file(pkg, (pkg.equals("python3-nibabel") ? NIB_DIR : MRI_DIR) + name);
        Path tmp = null;
        try {
            if (pair) {
                tmp = Files.createTempDirectory("axial-nifti");
                file = makePair(file, tmp);
            }
            try (Scope s = Scope.open(); MetaTensor img = new NiftiReader().read(file)) {
                compare(section, img);
            }
        } finally {
            if (tmp != null) try (Stream<Path> w = Files.walk(tmp)) {
                for (Path p : w.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
    }

    /** Copies the header and writes the .img expect_nifti.py writes: byte i = (7 i + 3) mod 256. */
    static Path makePair(Path hdr, Path dir) throws IOException {
        Path h = dir.resolve(hdr.getFileName());
        Files.copy(hdr, h);
        long n;
        try {
            new NiftiReader().read(h).close();
            throw new AssertionError("a header without its .img must not read");
        } catch (ImageFileException e) {
            assertTrue(e.getMessage().contains(".img"), e.getMessage());
        }
        NiftiHeader parsed = NiftiHeader.parse(h, java.lang.foreign.MemorySegment.ofArray(Files.readAllBytes(h)));
        n = parsed.voxOffset + parsed.dataBytes();
        byte[] img = new byte[(int) n];
        for (int i = 0; i < n; i++) img[i] = (byte) ((7L * i + 3) % 256);
        String stem = h.getFileName().toString().replaceFirst("\\.hdr$", "");
        Files.write(dir.resolve(stem + ".img"), img);
        return h;
    }

    private static void compare(String f, MetaTensor img) {
        assertArrayEquals(EX.longs(f, "shape"), img.shape(), f + " shape");
        assertEquals(dtypeOf(EX.string(f, "dtype")), img.dtype(), f + " dtype");
        double[] want = EX.doubles(f, "affine");
        double[][] aff = img.affine();
        for (int i = 0; i < 16; i++) close(want[i], aff[i / 4][i % 4], 1e-9, f + " affine[" + i / 4 + "][" + i % 4 + "]");
        assertArrayEquals(EX.longs(f, "spatial_shape"), (long[]) img.meta().get(MetaKeys.SPATIAL_SHAPE), f + " spatial_shape");
        double ch = EX.number(f, "original_channel_dim");
        Object got = img.meta().get(MetaKeys.ORIGINAL_CHANNEL_DIM);
        if (Double.isNaN(ch)) assertTrue(got instanceof Double d && d.isNaN(), f + " original_channel_dim " + got);
        else assertEquals((int) ch, got, f + " original_channel_dim");
        double[] pix = EX.doubles(f, "pixdim");
        double[] gotPix = (double[]) img.meta().get(MetaKeys.PIXDIM);
        for (int i = 0; i < pix.length; i++) close(pix[i], gotPix[i], 1e-6, f + " pixdim[" + i + "]");
        assertArrayEquals(EX.longs(f, "dim"), (long[]) img.meta().get("dim"), f + " dim");
        for (String k : new String[] {"datatype", "bitpix", "qform_code", "sform_code"})
            if (EX.has(f, k)) assertEquals((int) EX.number(f, k), img.meta().get(k), f + " " + k);
        double[] stats = stats(img.array());
        close(EX.number(f, "sum"), stats[0], 1e-9, f + " sum");
        close(EX.number(f, "min"), stats[1], 0, f + " min");
        close(EX.number(f, "max"), stats[2], 0, f + " max");
        for (String[] v : EX.all(f, "voxel")) {
            long[] idx = new long[v.length - 1];
            for (int i = 0; i < idx.length; i++) idx[i] = Long.parseLong(v[i]);
            close(Double.parseDouble(v[v.length - 1]), img.array().getDouble(idx), 1e-12, f + " voxel " + Arrays.toString(idx));
        }
        assertEquals("RAS", img.meta().get(MetaKeys.SPACE));
    }

    /** Sum, min, max over the contiguous storage under the reader's permuted view (order does not matter). */
    static double[] stats(Tensor view) {
        long[] st = view.strides();
        int r = st.length;
        Integer[] order = new Integer[r];
        for (int i = 0; i < r; i++) order[i] = i;
        Arrays.sort(order, (x, y) -> Long.compare(st[y], st[x]));
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) perm[i] = order[i];
        java.lang.foreign.MemorySegment seg = view.permute(perm).hostSegment();
        DType t = view.dtype();
        long n = seg.byteSize() / t.byteSize();
        double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (long i = 0; i < n; i++) {
            double v = switch (t) {
                case UINT8 -> seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i) & 0xff;
                case INT8 -> seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i);
                case INT16 -> seg.getAtIndex(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, i);
                case INT32 -> seg.getAtIndex(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, i);
                case INT64 -> seg.getAtIndex(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, i);
                case FLOAT32 -> seg.getAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, i);
                case FLOAT64 -> seg.getAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE_UNALIGNED, i);
                default -> throw new AssertionError(t);
            };
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new double[] {sum, min, max};
    }

    private static void close(double want, double got, double rel, String what) {
        if (Double.isNaN(want)) {
            assertTrue(Double.isNaN(got), what + ": want nan, got " + got);
            return;
        }
        assertTrue(Math.abs(want - got) <= rel * Math.max(1, Math.abs(want)), what + ": want " + want + ", got " + got);
    }

    static DType dtypeOf(String numpy) {
        return switch (numpy) {
            case "uint16" -> DType.INT32;
            case "uint32", "uint64" -> DType.INT64;
            default -> DType.of(numpy);
        };
    }

    @Test
    void headerWithoutImgNamesTheMissingFile(@TempDir Path dir) throws IOException {
        Path hdr = TestData.nibabel("nifti1.hdr");
        Path h = dir.resolve("nifti1.hdr");
        Files.copy(hdr, h);
        ImageFileException e = assertThrows(ImageFileException.class, () -> new NiftiReader().read(h));
        assertTrue(e.getMessage().contains("nifti1.img"), e.getMessage());
    }
}
