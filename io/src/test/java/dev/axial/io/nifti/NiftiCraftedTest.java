package dev.axial.io.nifti;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hand-made headers for what the real files do not cover: both byte orders of NIfTI-1 and NIfTI-2, unsigned
 * types, scaling, RGB24, vox_offset past extensions, qform-only and no-form affines, .hdr/.img pairs.
 */
class NiftiCraftedTest {
    @TempDir Path dir;

    /** A NIfTI-1 (n+1) or NIfTI-2 (n+2) single file: dims {2,3,2}, the given type, data written by {@code put}. */
    static byte[] craft(boolean nifti2, ByteOrder order, NiftiDataType t, double slope, double inter, long voxOffset,
                        java.util.function.BiConsumer<ByteBuffer, Integer> put, int n) {
        int hs = nifti2 ? 540 : 348;
        long off = voxOffset == 0 ? hs + 4 : voxOffset;
        ByteBuffer b = ByteBuffer.allocate((int) off + n * t.diskBytes * t.channels()).order(order);
        long[] dim = {3, 2, 3, 2, 1, 1, 1, 1};
        double[] pixdim = {1, 2, 3, 4, 1, 1, 1, 1};
        if (nifti2) {
            b.putInt(0, 540);
            b.put(4, (byte) 'n').put(5, (byte) '+').put(6, (byte) '2');
            b.putShort(12, (short) t.code).putShort(14, (short) t.bitpix());
            for (int i = 0; i < 8; i++) b.putLong(16 + 8 * i, dim[i]);
            for (int i = 0; i < 8; i++) b.putDouble(104 + 8 * i, pixdim[i]);
            b.putLong(168, voxOffset).putDouble(176, slope).putDouble(184, inter);
            b.putInt(344, 1).putInt(348, 0);   // qform only
            b.putDouble(352, 0).putDouble(360, 0).putDouble(368, 1);   // 180° about z
            b.putDouble(376, 5).putDouble(384, 6).putDouble(392, 7);
        } else {
            b.putInt(0, 348);
            for (int i = 0; i < 8; i++) b.putShort(40 + 2 * i, (short) dim[i]);
            b.putShort(70, (short) t.code).putShort(72, (short) t.bitpix());
            for (int i = 0; i < 8; i++) b.putFloat(76 + 4 * i, (float) pixdim[i]);
            b.putFloat(108, voxOffset).putFloat(112, (float) slope).putFloat(116, (float) inter);
            b.putShort(252, (short) 0).putShort(254, (short) 0);   // no form: nibabel's fallback
            b.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
        }
        ByteBuffer data = b.duplicate().order(order).position((int) off);
        for (int i = 0; i < n; i++) put.accept(data, i);
        return b.array();
    }

    private MetaTensor read(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, name.endsWith(".gz") ? NiftiBadInputTest.gzip(bytes) : bytes);
        return new NiftiReader().read(f);
    }

    /** File order is i fastest: element (i, j, k) of a 2×3×2 image is disk element i + 2 j + 6 k. */
    static double[] fileOrder(MetaTensor m) {
        double[] out = new double[12];
        for (int k = 0; k < 2; k++) for (int j = 0; j < 3; j++) for (int i = 0; i < 2; i++) out[i + 2 * j + 6 * k] = m.array().getDouble(i, j, k);
        return out;
    }

    @Test
    void bothByteOrdersOfBothVersions() throws IOException {
        for (boolean v2 : new boolean[] {false, true})
            for (ByteOrder o : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN})
                for (String ext : new String[] {".nii", ".nii.gz"}) {
                    try (Scope s = Scope.open();
                         MetaTensor m = read("f" + v2 + o + ext, craft(v2, o, NiftiDataType.INT32, 0, 0, 0, (b, i) -> b.putInt(i * 1000 - 5000), 12))) {
                        assertEquals(DType.INT32, m.dtype());
                        double[] want = new double[12];
                        for (int i = 0; i < 12; i++) want[i] = i * 1000 - 5000;
                        assertArrayEquals(want, fileOrder(m), v2 + " " + o + ext);
                        if (v2) {   // qform: 180° about z flips x and y, offset (5, 6, 7)
                            assertArrayEquals(new double[] {-2, 0, 0, 5}, m.affine()[0], 1e-12);
                            assertArrayEquals(new double[] {0, -3, 0, 6}, m.affine()[1], 1e-12);
                            assertArrayEquals(new double[] {0, 0, 4, 7}, m.affine()[2], 1e-12);
                        } else {    // fallback: x flipped, centre at the origin
                            assertArrayEquals(new double[] {-2, 0, 0, 1}, m.affine()[0], 1e-12);
                            assertArrayEquals(new double[] {0, 3, 0, -3}, m.affine()[1], 1e-12);
                            assertArrayEquals(new double[] {0, 0, 4, -2}, m.affine()[2], 1e-12);
                        }
                        assertEquals(v2 ? 540 : 348, m.meta().get("sizeof_hdr"));
                    }
                }
    }

    @Test
    void unsignedTypesWiden() throws IOException {
        try (Scope s = Scope.open()) {
            try (MetaTensor m = read("u16.nii", craft(false, ByteOrder.BIG_ENDIAN, NiftiDataType.UINT16, 0, 0, 0, (b, i) -> b.putShort((short) (65535 - i)), 12))) {
                assertEquals(DType.INT32, m.dtype());
                assertEquals(65535, m.array().getDouble(0, 0, 0));
            }
            try (MetaTensor m = read("u32.nii.gz", craft(false, ByteOrder.LITTLE_ENDIAN, NiftiDataType.UINT32, 0, 0, 0, (b, i) -> b.putInt(-1 - i), 12))) {
                assertEquals(DType.INT64, m.dtype());
                assertEquals(4294967295.0, m.array().getDouble(0, 0, 0));
            }
            try (MetaTensor m = read("u64.nii", craft(true, ByteOrder.BIG_ENDIAN, NiftiDataType.UINT64, 0, 0, 0, (b, i) -> b.putLong(Long.MAX_VALUE - i), 12))) {
                assertEquals(DType.INT64, m.dtype());
                assertEquals(Long.MAX_VALUE, m.array().getLong(0, 0, 0));
            }
            try (MetaTensor m = read("i8.nii", craft(false, ByteOrder.BIG_ENDIAN, NiftiDataType.INT8, 0, 0, 0, (b, i) -> b.put((byte) (-i)), 12))) {
                assertEquals(DType.INT8, m.dtype());
                assertEquals(-1, m.array().getDouble(1, 0, 0));
            }
        }
    }

    @Test
    void scalingGivesFloat64AsNibabel() throws IOException {
        try (Scope s = Scope.open()) {
            try (MetaTensor m = read("s.nii", craft(false, ByteOrder.BIG_ENDIAN, NiftiDataType.INT16, 2, 1, 0, (b, i) -> b.putShort((short) (int) i), 12))) {
                assertEquals(DType.FLOAT64, m.dtype());
                assertEquals(3.0, m.array().getDouble(1, 0, 0));   // MONAI's verified example: 1 → 3.0
                assertTrue(((Double) m.meta().get("scl_slope")).isNaN());
            }
            // slope 1, inter 0 and slope 0 / NaN are no scaling: the file's dtype stays
            try (MetaTensor m = read("s1.nii", craft(false, ByteOrder.LITTLE_ENDIAN, NiftiDataType.UINT8, 1, 0, 0, (b, i) -> b.put((byte) (int) i), 12))) {
                assertEquals(DType.UINT8, m.dtype());
            }
            try (MetaTensor m = read("s0.nii", craft(false, ByteOrder.LITTLE_ENDIAN, NiftiDataType.FLOAT32, 0, 7, 0, (b, i) -> b.putFloat(i), 12))) {
                assertEquals(DType.FLOAT32, m.dtype());
                assertEquals(5.0, m.array().getDouble(1, 2, 0));
            }
            try (MetaTensor m = read("s2.nii.gz", craft(true, ByteOrder.BIG_ENDIAN, NiftiDataType.UINT16, 0.5, -10, 0, (b, i) -> b.putShort((short) (60000 + i)), 12))) {
                assertEquals(DType.FLOAT64, m.dtype());
                assertEquals(60000 * 0.5 - 10, m.array().getDouble(0, 0, 0));
            }
        }
    }

    @Test
    void rgb24HasATrailingChannelAxis() throws IOException {
        try (Scope s = Scope.open();
             MetaTensor m = read("rgb.nii", craft(false, ByteOrder.BIG_ENDIAN, NiftiDataType.RGB24, 0, 0, 0, (b, i) -> b.put((byte) (int) i), 36))) {
            assertEquals(DType.UINT8, m.dtype());
            assertArrayEquals(new long[] {2, 3, 2, 3}, m.shape());
            assertEquals(-1, m.meta().get("original_channel_dim"));
            // voxel (1, 0, 0) is disk voxel 1: bytes 3, 4, 5
            assertEquals(4, m.array().getDouble(1, 0, 0, 1));
            assertEquals(3 * (1 + 2 * 2 + 6) + 2, m.array().getDouble(1, 2, 1, 2));
        }
    }

    @Test
    void voxOffsetSkipsExtensions() throws IOException {
        try (Scope s = Scope.open();
             MetaTensor m = read("ext.nii.gz", craft(false, ByteOrder.LITTLE_ENDIAN, NiftiDataType.INT16, 0, 0, 480, (b, i) -> b.putShort((short) (i + 100)), 12))) {
            assertEquals(100, m.array().getDouble(0, 0, 0));
            assertEquals(111, m.array().getDouble(1, 2, 1));
        }
    }

    @Test
    void hdrImgPairsPlainAndGzipped() throws IOException {
        byte[] single = craft(false, ByteOrder.BIG_ENDIAN, NiftiDataType.INT16, 0, 0, 0, (b, i) -> b.putShort((short) (i * 3)), 12);
        byte[] hdr = java.util.Arrays.copyOf(single, 348);
        hdr[345] = 'i';   // "ni1": a pair
        ByteBuffer.wrap(hdr).order(ByteOrder.BIG_ENDIAN).putFloat(108, 0);
        byte[] img = java.util.Arrays.copyOfRange(single, 352, single.length);
        Files.write(dir.resolve("p.hdr"), hdr);
        Files.write(dir.resolve("p.img"), img);
        Files.write(dir.resolve("q.hdr.gz"), NiftiBadInputTest.gzip(hdr));
        Files.write(dir.resolve("q.img.gz"), NiftiBadInputTest.gzip(img));
        for (String f : new String[] {"p.hdr", "p.img", "q.hdr.gz", "q.img.gz"}) {
            try (Scope s = Scope.open(); MetaTensor m = new NiftiReader().read(dir.resolve(f))) {
                assertEquals(33, m.array().getDouble(1, 2, 1), f);
                assertTrue(m.meta().get("filename_or_obj").toString().endsWith(f));
            }
        }
        assertTrue(new NiftiReader().verifySuffix(Path.of("a.HDR.gz")));
    }
}
