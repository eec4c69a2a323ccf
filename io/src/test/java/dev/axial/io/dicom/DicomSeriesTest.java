package dev.axial.io.dicom;

import dev.axial.io.ImageFileException;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** DicomWriter -> folder (shuffled names, oblique orientation) -> DicomReader, and broken series. */
class DicomSeriesTest {
    @TempDir Path tmp;

    /** An oblique RAS affine: rotation about z by 30 degrees and x by 10, spacing 0.7 x 0.8 x 2.5. */
    static double[][] oblique() {
        double a = Math.toRadians(30), b = Math.toRadians(10);
        double[][] rz = {{Math.cos(a), -Math.sin(a), 0}, {Math.sin(a), Math.cos(a), 0}, {0, 0, 1}};
        double[][] rx = {{1, 0, 0}, {0, Math.cos(b), -Math.sin(b)}, {0, Math.sin(b), Math.cos(b)}};
        double[] sp = {0.7, 0.8, 2.5};
        double[][] m = new double[4][4];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) s += rz[i][k] * rx[k][j];
                m[i][j] = s * sp[j];
            }
        m[0][3] = -12.5; m[1][3] = 30.25; m[2][3] = -100; m[3][3] = 1;
        return m;
    }

    static MetaTensor volume(DType dt, long seed) {
        Tensor t = Tensor.empty(dt, Device.CPU, 6, 5, 7);
        MemorySegment s = t.hostSegment();
        Random r = new Random(seed);
        for (long i = 0; i < 6 * 5 * 7; i++) {
            switch (dt) {
                case UINT8 -> s.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt(256));
                case INT16 -> s.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, (short) (r.nextInt(4000) - 2000));
                case INT32 -> s.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i, r.nextInt(65536));
                default -> s.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, r.nextInt(3000) - 1024);
            }
        }
        return new MetaTensor(t, oblique(), null);
    }

    private void shuffle(Path dir, long seed) throws IOException {
        List<Path> files;
        try (Stream<Path> l = Files.list(dir)) { files = new ArrayList<>(l.toList()); }
        List<Integer> names = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) names.add(i);
        Collections.shuffle(names, new Random(seed));
        for (int i = 0; i < files.size(); i++) Files.move(files.get(i), dir.resolve("x" + names.get(i) + ".tmpname"));
        try (Stream<Path> l = Files.list(dir)) {
            for (Path p : l.toList()) Files.move(p, dir.resolve(p.getFileName().toString().replace(".tmpname", i2(p)))) ;
        }
    }

    private static String i2(Path p) { return p.getFileName().toString().hashCode() % 2 == 0 ? ".dcm" : ""; } // some without suffix: found by DICM

    @Test
    void roundTripEveryDtypeShuffledOblique() throws IOException {
        for (DType dt : new DType[]{DType.INT16, DType.UINT8, DType.INT32, DType.FLOAT32}) {
            Path dir = tmp.resolve("s_" + dt);
            try (MetaTensor v = volume(dt, 7)) {
                new DicomWriter().writeSeries(v, dir);
                shuffle(dir, 3);
                try (MetaTensor back = new DicomReader().read(dir); Tensor flat = back.array().contiguous()) {
                    assertArrayEquals(v.shape(), back.shape(), dt.toString());
                    assertEquals(dt, back.dtype(), "dtype survives (float via RescaleSlope 1)");
                    assertEquals(-1L, v.array().hostSegment().mismatch(flat.hostSegment()), "voxels of " + dt);
                    double[][] a = v.affine(), b = back.affine();
                    for (int i = 0; i < 4; i++)
                        for (int j = 0; j < 4; j++) assertEquals(a[i][j], b[i][j], 1e-9, "affine " + dt);
                    assertArrayEquals(new long[]{6, 5, 7}, (long[]) back.meta().get(MetaKeys.SPATIAL_SHAPE));
                    assertEquals(dir.toString(), back.meta().get(MetaKeys.FILENAME_OR_OBJ));
                    assertNotNull(back.meta().get("lastImagePositionPatient"));
                    assertArrayEquals(new double[]{0.7, 0.8, 2.5}, (double[]) back.meta().get("spacing"), 1e-9);
                }
            }
        }
    }

    @Test
    void nonIntegerFloatsUseRescale() {
        Tensor t = Tensor.empty(DType.FLOAT32, Device.CPU, 4, 3, 2);
        for (long i = 0; i < 24; i++) t.hostSegment().setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) (i * 0.37 - 3));
        Path dir = tmp.resolve("f");
        try (MetaTensor v = new MetaTensor(t, MetaTensor.identity(4), null)) {
            new DicomWriter().writeSeries(v, dir);
            try (MetaTensor back = new DicomReader().read(dir); Tensor flat = back.array().contiguous()) {
                for (long i = 0; i < 24; i++)
                    assertEquals(i * 0.37 - 3, flat.hostSegment().getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i), 1e-3);
            }
        }
    }

    private Path written(String name) {
        Path dir = tmp.resolve(name);
        try (MetaTensor v = volume(DType.INT16, 1)) { new DicomWriter().writeSeries(v, dir); }
        return dir;
    }

    private static void fails(Path dir, String field, String... names) {
        ImageFileException e = assertThrows(ImageFileException.class, () -> new DicomReader().read(dir).close());
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        for (String n : names) assertTrue(e.getMessage().contains(n), () -> "should name " + n + ": " + e.getMessage());
    }

    @Test
    void duplicateSlice() throws IOException {
        Path dir = written("dup");
        Files.copy(dir.resolve("IM00003.dcm"), dir.resolve("copy.dcm"));
        fails(dir, "ImagePositionPatient", "duplicate", "copy.dcm", "IM00003.dcm");
    }

    @Test
    void missingSlice() throws IOException {
        Path dir = written("gap");
        Files.delete(dir.resolve("IM00004.dcm"));
        fails(dir, "ImagePositionPatient", "missing", "IM00003.dcm", "IM00005.dcm");
    }

    @Test
    void mixedOrientation() throws IOException {
        Path dir = written("mixed");
        Path other = tmp.resolve("other");
        try (MetaTensor v = volume(DType.INT16, 1)) {
            v.setAffine(MetaTensor.identity(4));
            new DicomWriter().writeSeries(v, other);
        }
        Files.copy(other.resolve("IM00000.dcm"), dir.resolve("odd.dcm"));
        fails(dir, "ImageOrientationPatient", "mixed", "odd.dcm");
    }

    @Test
    void mixedSeries() throws IOException {
        Path dir = written("series");
        Path other = tmp.resolve("other2");
        try (MetaTensor v = volume(DType.INT16, 1)) {
            double[][] a = v.affine();
            a[2][3] += 1000;
            v.setAffine(a);
            new DicomWriter().writeSeries(v, other);
        }
        Files.copy(other.resolve("IM00000.dcm"), dir.resolve("stranger.dcm"));
        fails(dir, "SeriesInstanceUID", "stranger.dcm");
    }

    @Test
    void badFiles() throws IOException {
        Path ok = written("bad").resolve("IM00000.dcm");
        byte[] all = Files.readAllBytes(ok);
        Path cut = tmp.resolve("cut.dcm");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length - 10));
        ImageFileException e = assertThrows(ImageFileException.class, () -> new DicomReader().read(cut).close());
        assertEquals("PixelData", e.field(), e.getMessage());
        Path junk = tmp.resolve("junk.dcm");
        Files.write(junk, "this is not a DICOM file at all, just text ......".getBytes());
        e = assertThrows(ImageFileException.class, () -> new DicomReader().read(junk).close());
        assertTrue(e.getMessage().contains("junk.dcm"), e.getMessage());
        Path odd = tmp.resolve("odd.dcm"); // Rows (US) with length 3
        byte[] o = all.clone();
        int at = indexOf(o, new byte[]{0x28, 0, 0x10, 0, 'U', 'S', 2, 0});
        o[at + 6] = 3;
        Files.write(odd, o);
        e = assertThrows(ImageFileException.class, () -> new DicomReader().read(odd).close());
        assertTrue(e.getMessage().contains("odd length"), e.getMessage());
        assertEquals("Rows", e.field());
        Path empty = tmp.resolve("empty");
        Files.createDirectories(empty);
        assertThrows(ImageFileException.class, () -> new DicomReader().read(empty).close());
    }

    private static int indexOf(byte[] a, byte[] b) {
        outer:
        for (int i = 0; i + b.length <= a.length; i++) {
            for (int j = 0; j < b.length; j++) if (a[i + j] != b[j]) continue outer;
            return i;
        }
        throw new AssertionError("pattern not found");
    }
}
