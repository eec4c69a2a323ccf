package dev.axial.io.itk;

import dev.axial.io.ImageFileException;
import dev.axial.io.ImageReader;
import dev.axial.io.WriteOptions;
import dev.axial.io.numpy.NpyItkExpectations;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class ItkFormatsTest {
    @TempDir Path tmp;

    static Path resource(String name) {
        try {
            return Path.of(ItkFormatsTest.class.getResource("/npy_itk/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> realFilesMatchItkAndMonai() {
        List<String> sections = NpyItkExpectations.sections(".mha", ".mhd", ".nrrd", ".nhdr");
        assertTrue(sections.size() >= 15, "sections: " + sections.size());
        return sections.stream().map(s -> DynamicTest.dynamicTest(s, () -> {
            ImageReader r = s.endsWith(".nrrd") || s.endsWith(".nhdr") ? new NrrdReader() : new MetaImageReader();
            assertTrue(r.verifySuffix(Path.of(s)));
            try (Scope sc = Scope.open(); MetaTensor m = r.read(resource(s))) {
                NpyItkExpectations.check(s, m);
                assertEquals(1, sc.ownedCount(), "only the result is alive");
            }
        }));
    }

    static double[][] obliqueAffine(boolean flip) {
        double c = Math.cos(0.3), s = Math.sin(0.3);
        return new double[][] {{c * 1.5, -s * 2, 0, -12.5}, {s * 1.5, c * 2, 0, 7}, {0, 0, flip ? -3 : 3, 40}, {0, 0, 0, 1}};
    }

    @TestFactory
    Stream<DynamicTest> roundTripsEveryDtypeAndOrientation() {
        return Stream.of(DType.values()).flatMap(dt -> Stream.of(".mha", ".mhd", ".mha.z", ".nrrd", ".nrrd.gz").map(kind -> DynamicTest.dynamicTest(dt + " " + kind, () -> {
            try (Scope sc = Scope.open()) {
                Tensor src = Tensor.arange(DType.FLOAT64, Device.CPU, -30, 30, 1).reshape(5, 4, 3).to(dt);
                boolean flip = dt.ordinal() % 2 == 0;
                MetaTensor img = new MetaTensor(src, obliqueAffine(flip), null);
                boolean nrrd = kind.startsWith(".nrrd");
                Path f = tmp.resolve("x" + dt + (nrrd ? ".nrrd" : kind.substring(0, 4)));
                if (nrrd) new NrrdWriter().gzip(kind.endsWith(".gz")).write(img, f, new WriteOptions());
                else new MetaImageWriter().compressed(kind.endsWith(".z")).write(img, f, new WriteOptions());
                ImageReader r = nrrd ? new NrrdReader() : new MetaImageReader();
                try (MetaTensor back = r.read(f)) {
                    DType expect = switch (dt) { case BOOL -> DType.UINT8; case FLOAT16, BFLOAT16 -> DType.FLOAT32; default -> dt; };
                    if (nrrd && dt == DType.BOOL) expect = DType.UINT8;
                    assertEquals(expect, back.dtype());
                    assertArrayEquals(src.toDoubleArray(), back.array().toDoubleArray());
                    double[][] a = back.affine(), e = obliqueAffine(flip);
                    for (int i = 0; i < 4; i++) assertArrayEquals(e[i], a[i], 1e-9, "affine row " + i);
                }
                try (var files = Files.list(tmp)) { assertTrue(files.noneMatch(p -> p.toString().contains(".tmp-"))); }
            }
        })));
    }

    @Test
    void channelsRoundTrip() {
        try (Scope sc = Scope.open()) {
            Tensor src = Tensor.arange(DType.FLOAT64, Device.CPU, 0, 60, 1).reshape(5, 4, 3).to(DType.UINT8);
            MetaTensor img = new MetaTensor(src, new double[][] {{2, 0, 0}, {0, 3, 0}, {0, 0, 1}}, null);
            Path f = tmp.resolve("rgb.mha");
            new MetaImageWriter().write(img, f, new WriteOptions().channelLast(true));
            try (MetaTensor back = new MetaImageReader().read(f)) {
                assertArrayEquals(new long[] {5, 4, 3}, back.shape());
                assertEquals(-1, back.meta().get("original_channel_dim"));
                assertArrayEquals(src.toDoubleArray(), back.array().toDoubleArray());
                assertArrayEquals(new double[] {2, 0, 0}, back.affine()[0], 1e-12);
            }
            Path n = tmp.resolve("rgb.nrrd");
            new NrrdWriter().write(img, n, new WriteOptions().channelLast(true));
            try (MetaTensor back = new NrrdReader().read(n)) {
                assertArrayEquals(new long[] {3, 5, 4}, back.shape());   // NRRD keeps the vector axis first, as MONAI's reader documents
                assertEquals(0, back.meta().get("original_channel_dim"));
                assertEquals(src.getDouble(1, 2, 1), back.array().getDouble(1, 1, 2));
            }
        }
    }

    private ImageFileException bad(ImageReader r, String name, String content) throws IOException {
        Path f = tmp.resolve(name);
        Files.write(f, content.getBytes(StandardCharsets.ISO_8859_1));
        try (Scope sc = Scope.open()) {
            ImageFileException e = assertThrows(ImageFileException.class, () -> r.read(f));
            assertEquals(0, sc.ownedCount(), "nothing leaked");
            assertTrue(e.getMessage().contains(name), e.getMessage());
            return e;
        }
    }

    @Test
    void badMetaImages() throws IOException {
        String h = "ObjectType = Image\nNDims = 3\nDimSize = 4 3 2\nElementType = MET_SHORT\n";
        MetaImageReader r = new MetaImageReader();
        assertEquals("ElementType", bad(r, "a.mha", h.replace("MET_SHORT", "MET_FLOAT_MATRIX") + "ElementDataFile = LOCAL\n" + "x".repeat(48)).field());
        assertEquals("DimSize", bad(r, "b.mha", h + "ElementDataFile = LOCAL\n" + "x".repeat(47)).field());
        assertEquals("DimSize", bad(r, "c.mha", h.replace("4 3 2", "4000000000 4000000000 4000000000") + "ElementDataFile = LOCAL\n").field());
        assertEquals("DimSize", bad(r, "c2.mha", h.replace("4 3 2", "4 -3 2") + "ElementDataFile = LOCAL\n").field());
        assertEquals("ElementDataFile", bad(r, "d.mhd", h + "ElementDataFile = missing.raw\n").field());
        assertEquals("ElementDataFile", bad(r, "e.mha", h).field());
        assertEquals("header", bad(r, "f.mha", "\u0093NUMPY garbage\n").field());
        assertEquals("CompressedDataSize", bad(r, "g.mha", h + "CompressedData = True\nCompressedDataSize = 9999\nElementDataFile = LOCAL\nxx").field());
        byte[] z = new byte[200];
        java.util.zip.Deflater d = new java.util.zip.Deflater();
        byte[] plain = new byte[48];
        for (int i = 0; i < plain.length; i++) plain[i] = (byte) (i * 37 + i * i);
        d.setInput(plain);
        d.finish();
        int zn = d.deflate(z);
        Path f = tmp.resolve("h.mha");
        Files.write(f, (h + "CompressedData = True\nCompressedDataSize = " + (zn / 2) + "\nElementDataFile = LOCAL\n").getBytes());
        Files.write(f, java.util.Arrays.copyOf(z, zn), java.nio.file.StandardOpenOption.APPEND);
        ImageFileException e = assertThrows(ImageFileException.class, () -> r.read(f));
        assertEquals("CompressedDataSize", e.field());
        assertEquals("NDims", bad(r, "i.mha", "NDims = 0\nElementDataFile = LOCAL\n").field());
    }

    @Test
    void badNrrds() throws IOException {
        String h = "NRRD0004\ntype: short\ndimension: 3\nsizes: 4 3 2\nendian: little\nencoding: raw\n";
        NrrdReader r = new NrrdReader();
        assertEquals("magic", bad(r, "a.nrrd", "NRRX0004\n").field());
        assertEquals("type", bad(r, "b.nrrd", h.replace("short", "block") + "\n" + "x".repeat(48)).field());
        assertEquals("sizes", bad(r, "c.nrrd", h + "\n" + "x".repeat(40)).field());
        assertEquals("sizes", bad(r, "d.nrrd", h.replace("4 3 2", "4000000000 4000000000 4000000000") + "\n").field());
        assertEquals("data file", bad(r, "e.nhdr", h + "data file: nope.raw\n").field());
        assertEquals("encoding", bad(r, "f.nrrd", h.replace("raw", "bzip2") + "\nxx").field());
        assertEquals("encoding", bad(r, "g.nrrd", h.replace("raw", "gzip") + "\nnot gzip at all").field());
        assertEquals("dimension", bad(r, "h.nrrd", "NRRD0004\ntype: short\nsizes: 4\nencoding: raw\n\n").field());
        assertEquals("space directions", bad(r, "i.nrrd", h + "space directions: (1,0,0) (0,1,0)\n\n" + "x".repeat(48)).field());
    }
}
