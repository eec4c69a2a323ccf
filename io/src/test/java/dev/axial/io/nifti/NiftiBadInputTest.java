package dev.axial.io.nifti;

import dev.axial.io.ImageFileException;
import dev.axial.io.WriteOptions;
import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Broken files: a clear ImageFileException naming the file and the header field; failed writes leave nothing. */
class NiftiBadInputTest {
    @TempDir Path dir;

    /** A valid 4×3×2 int16 .nii, as bytes. */
    private byte[] valid() throws IOException {
        Path f = dir.resolve("valid.nii");
        try (Scope s = Scope.open()) {
            new NiftiWriter().write(new MetaTensor(Tensor.of(new short[24], 4, 3, 2), MetaTensor.identity(4), null), f, null);
        }
        byte[] b = Files.readAllBytes(f);
        Files.delete(f);
        return b;
    }

    private ImageFileException broken(String name, byte[] bytes, String field) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        ImageFileException e = assertThrows(ImageFileException.class, () -> new NiftiReader().read(f).close());
        assertTrue(e.getMessage().contains(f.toString()), "message names the file: " + e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        if (field != null) assertTrue(e.getMessage().contains(field), e.getMessage());
        return e;
    }

    private byte[] edit(Consumer<ByteBuffer> change) throws IOException {
        byte[] b = valid();
        change.accept(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN));
        return b;
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bo)) {
            g.write(b);
        }
        return bo.toByteArray();
    }

    @Test
    void truncatedHeader() throws IOException {
        broken("short.nii", Arrays.copyOf(valid(), 100), null);
        broken("short.nii.gz", gzip(Arrays.copyOf(valid(), 200)), null);
        broken("empty.nii", new byte[0], null);
    }

    @Test
    void truncatedData() throws IOException {
        byte[] v = valid();
        broken("cut.nii", Arrays.copyOf(v, v.length - 10), "dim");
        ImageFileException e = broken("cut.nii.gz", gzip(Arrays.copyOf(v, v.length - 10)), null);
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        byte[] gz = gzip(v);
        broken("cutgz.nii.gz", Arrays.copyOf(gz, gz.length - 20), null);
    }

    @Test
    void corruptGzip() throws IOException {
        byte[] gz = gzip(valid());
        gz[gz.length - 6] ^= 0x55;   // the stored length no longer matches
        broken("crc.nii.gz", gz, null);
        broken("notgz.nii.gz", valid(), null);
    }

    @Test
    void wrongMagicAndLyingSizeofHdr() throws IOException {
        broken("magic.nii", edit(b -> b.put(344, (byte) 'x')), "magic");
        broken("sizeof.nii", edit(b -> b.putInt(0, 123)), "sizeof_hdr");
        broken("sizeof2.nii", Arrays.copyOf(edit(b -> b.putInt(0, 540)), 700), "magic");   // claims NIfTI-2, is not
    }

    @Test
    void badDims() throws IOException {
        broken("dim0.nii", edit(b -> b.putShort(40, (short) 0)), "dim[0]");
        broken("dim0big.nii", edit(b -> b.putShort(40, (short) 9)), "dim[0]");
        broken("negdim.nii", edit(b -> b.putShort(44, (short) -3)), "dim[2]");
        broken("zerodim.nii", edit(b -> b.putShort(46, (short) 0)), "dim[3]");
        broken("huge.nii", edit(b -> {
            b.putShort(40, (short) 7);
            for (int i = 1; i <= 7; i++) b.putShort(40 + 2 * i, Short.MAX_VALUE);
        }), "dim");
        broken("toobig.nii", edit(b -> b.putShort(42, (short) 30000)), "dim");
        broken("toobig.nii.gz", gzip(edit(b -> {
            b.putShort(40, (short) 4);
            for (int i = 1; i <= 4; i++) b.putShort(40 + 2 * i, (short) 30000);
        })), "dim");
    }

    @Test
    void badTypes() throws IOException {
        broken("unknown.nii", edit(b -> b.putShort(70, (short) 999)), "datatype");
        ImageFileException e = broken("complex.nii", edit(b -> {
            b.putShort(70, (short) 32);
            b.putShort(72, (short) 64);
        }), "datatype");
        assertTrue(e.getMessage().contains("complex64"), e.getMessage());
        broken("bitpix.nii", edit(b -> b.putShort(72, (short) 8)), "bitpix");
        broken("voxoffset.nii", edit(b -> b.putFloat(108, 100f)), "vox_offset");
        broken("voxoffsetNeg.nii", edit(b -> b.putFloat(108, -5f)), "vox_offset");
    }

    @Test
    void uint64AboveInt64() throws IOException {
        byte[] b = edit(x -> {
            x.putShort(70, (short) 1280);
            x.putShort(72, (short) 64);
            x.putShort(42, (short) 1);
            x.putShort(44, (short) 1);
            x.putShort(46, (short) 1);
        });
        byte[] full = Arrays.copyOf(b, 352 + 8);
        Arrays.fill(full, 352, 360, (byte) 0xff);
        broken("u64.nii", full, "datatype");
    }

    @Test
    void missingFile() {
        ImageFileException e = assertThrows(ImageFileException.class, () -> new NiftiReader().read(dir.resolve("nope.nii.gz")));
        assertTrue(e.getMessage().contains("nope.nii.gz"));
    }

    @Test
    void failedWritesLeaveNothing() throws IOException {
        try (Scope s = Scope.open()) {
            Tensor eight = Tensor.zeros(DType.FLOAT32, dev.axial.tensor.Device.CPU, 1, 1, 1, 1, 1, 1, 1, 2);
            Path f = dir.resolve("eight.nii.gz");
            assertThrows(ImageFileException.class, () -> new NiftiWriter().write(MetaTensor.of(eight), f, new WriteOptions()));
            Tensor freed = Tensor.zeros(DType.FLOAT32, dev.axial.tensor.Device.CPU, 2, 2, 2);
            freed.close();
            Path g = dir.resolve("freed.nii");
            assertThrows(RuntimeException.class, () -> new NiftiWriter().write(MetaTensor.of(freed), g, null));
            Files.write(dir.resolve("keep.nii"), new byte[] {1, 2, 3});
            assertThrows(RuntimeException.class, () -> new NiftiWriter().write(MetaTensor.of(freed), dir.resolve("keep.nii"), null));
            assertEquals(3, Files.size(dir.resolve("keep.nii")), "a failed write keeps the old file");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(java.util.List.of("keep.nii"), files.map(p -> p.getFileName().toString()).toList());
        }
        assertFalse(Files.exists(dir.resolve("eight.nii.gz")));
    }
}
