package dev.axial.io.numpy;

import dev.axial.io.raw.AtomicFiles;
import dev.axial.io.raw.ElementType;
import dev.axial.io.raw.RawIO;
import dev.axial.tensor.Tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes several arrays into one {@code .npz}, as NumPy's {@code np.savez} (stored) and
 * {@code np.savez_compressed} (deflated): one {@code KEY.npy} member per entry, in map order. Atomic.
 *
 * <pre>{@code
 * Npz.write(Path.of("case.npz"), Map.of("image", image, "label", label));          // stored
 * Npz.write(Path.of("case.npz"), Map.of("image", image), true);                     // deflated
 * try (MetaTensor m = new NumpyReader().npzKeys("label").read(Path.of("case.npz"))) { ... }
 * }</pre>
 */
public final class Npz {
    private Npz() {}

    /** Writes the arrays uncompressed (np.savez). */
    public static void write(Path file, Map<String, Tensor> arrays) { write(file, arrays, false); }

    /** Writes the arrays, deflated when {@code compressed} (np.savez_compressed). */
    public static void write(Path file, Map<String, Tensor> arrays, boolean compressed) {
        if (arrays == null || arrays.isEmpty()) throw new IllegalArgumentException("Npz.write: no arrays for " + file);
        Map<String, Tensor> prepared = new LinkedHashMap<>();
        List<Tensor> owned = new ArrayList<>();
        try {
            for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
                Tensor a = e.getValue().cpu();
                if (a != e.getValue()) owned.add(a);
                Tensor p = RawIO.prepare(a, ElementType.of(a.dtype()));
                if (p != a) owned.add(p);
                prepared.put(e.getKey(), p);
            }
            AtomicFiles.write(file, NpyFormat.FORMAT, out -> writeZip(out, prepared, compressed, file));
        } finally {
            for (Tensor t : owned) t.close();
        }
    }

    private static void writeZip(OutputStream out, Map<String, Tensor> arrays, boolean compressed, Path file) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
            Tensor t = e.getValue();
            ElementType type = ElementType.of(t.dtype());
            byte[] header = NpyFormat.header(type, false, t.shape());
            ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
            if (compressed) {
                entry.setMethod(ZipEntry.DEFLATED);
            } else {
                // NOTE: a stored entry needs its size and CRC up front; the tensor's bytes are the file's bytes, so no copy
                long size = header.length + t.numel() * type.byteSize();
                CRC32 crc = new CRC32();
                crc.update(header);
                MemorySegment seg = t.hostSegment();
                for (long off = 0; off < seg.byteSize(); off += 1L << 30)
                    crc.update(seg.asSlice(off, Math.min(1L << 30, seg.byteSize() - off)).asByteBuffer());
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(size);
                entry.setCompressedSize(size);
                entry.setCrc(crc.getValue());
            }
            zip.putNextEntry(entry);
            zip.write(header);
            RawIO.write(zip, t, type, ByteOrder.LITTLE_ENDIAN, file, NpyFormat.FORMAT);
            zip.closeEntry();
        }
        zip.finish();
    }

}
