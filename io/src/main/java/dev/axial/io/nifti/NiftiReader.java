package dev.axial.io.nifti;

import dev.axial.io.ImageFileException;
import dev.axial.io.ImageReader;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads NIfTI-1 and NIfTI-2 images (single .nii / .nii.gz files and .hdr/.img pairs, gzipped or not) and
 * Analyze 7.5 pairs, both byte orders, as MONAI's {@code NibabelReader} with nibabel does: shape
 * dim[1..dim[0]] (i, j, k, then time and the rest), the file's dtype (uint16 → int32, uint32/uint64 →
 * int64), float64 after a real scl_slope/scl_inter as nibabel scales, RGB24 as uint8 with a trailing channel
 * axis; the affine by nibabel's choice (sform, else qform, else from pixdim) after MONAI's header correction,
 * and MONAI's metadata keys.
 *
 * <p>The voxels are decoded straight into the tensor's memory: a plain file by {@code FileChannel} reads, a
 * gzip file by inflating from a memory mapping into the tensor; byte swapping, widening and scaling go
 * through one reused 1 MiB buffer. NIfTI stores i fastest, so the result is a zero-copy permuted view of a
 * row-major (…, k, j, i) tensor: call {@code contiguous()} where a row-major (i, j, k) array is needed.
 *
 * <pre>{@code
 * try (MetaTensor ct = new NiftiReader().read(Path.of("ct.nii.gz"))) {
 *     long[] shape = ct.shape();                 // e.g. [512, 512, 128]
 *     double[][] affine = ct.affine();           // voxel (i, j, k, 1) → RAS mm
 * }
 * }</pre>
 */
public final class NiftiReader implements ImageReader {
    private static final List<String> SUFFIXES = List.of(".nii", ".nii.gz", ".hdr", ".img", ".hdr.gz", ".img.gz");
    private static final int CHUNK = 1 << 20;

    @Override public String name() { return "NiftiReader"; }

    @Override public List<String> aliases() { return List.of("NibabelReader"); }

    @Override public boolean verifySuffix(Path path) {
        String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String s : SUFFIXES) if (n.endsWith(s)) return true;
        return false;
    }

    @Override public MetaTensor read(Path path) {
        String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean gz = n.endsWith(".gz");
        String base = gz ? n.substring(0, n.length() - 3) : n;
        Path headerFile = path, dataFile = path;
        if (base.endsWith(".hdr")) dataFile = partner(path, ".img");
        else if (base.endsWith(".img")) headerFile = partner(path, ".hdr");
        boolean pair = !headerFile.equals(dataFile);

        NiftiHeader h;
        try (ByteSource src = ByteSource.open(headerFile)) {
            h = readHeader(headerFile, src);
            if (pair) return decode(path, h, dataFile, null, h.voxOffset);
            if (h.kind() == NiftiHeader.Kind.ANALYZE)   // NOTE: only .hdr/.img may be Analyze; nibabel rejects such a .nii too
                throw new ImageFileException(headerFile, NiftiHeader.FORMAT, "magic", "is not \"n+1\" or \"ni1\": not a NIfTI-1 file");
            long offset = h.single || h.voxOffset != 0 ? h.dataOffset() : h.headerSize() + 4L;
            return decode(path, h, dataFile, src, offset);
        } catch (NoSuchFileException e) {
            throw new ImageFileException(Path.of(e.getFile()), NiftiHeader.FORMAT, null, "does not exist", e);
        } catch (IOException e) {
            throw new ImageFileException(headerFile, NiftiHeader.FORMAT, null, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** The other file of a pair: same stem, {@code suffix}, gzipped like the given one if that exists, else the other way. */
    private static Path partner(Path p, String suffix) {
        String name = p.getFileName().toString();
        boolean gz = name.toLowerCase(Locale.ROOT).endsWith(".gz");
        String stem = name.substring(0, name.length() - (gz ? 7 : 4));
        boolean upper = Character.isUpperCase(name.charAt(stem.length() + 1));
        String sfx = upper ? suffix.toUpperCase(Locale.ROOT) : suffix;
        Path same = p.resolveSibling(stem + sfx + (gz ? ".gz" : ""));
        if (Files.exists(same)) return same;
        Path other = p.resolveSibling(stem + sfx + (gz ? "" : ".gz"));
        return Files.exists(other) ? other : same;
    }

    private static NiftiHeader readHeader(Path file, ByteSource src) throws IOException {
        byte[] buf = new byte[540];
        MemorySegment seg = MemorySegment.ofArray(buf);
        try {
            src.readFully(seg.asSlice(0, 4));
            int size = NiftiHeader.sizeOf(seg, file);
            src.readFully(seg.asSlice(4, size - 4));
            return NiftiHeader.parse(file, seg.asSlice(0, size));
        } catch (EOFException e) {
            throw new ImageFileException(file, NiftiHeader.FORMAT, null, "is truncated inside the header (" + src.position() + " bytes)", e);
        }
    }

    private static MetaTensor decode(Path path, NiftiHeader h, Path dataFile, ByteSource open, long offset) throws IOException {
        double[][] affine = NiftiMeta.correct(h);
        long[] shape = h.shape();
        NiftiDataType t = h.type;
        double[] scale = t.channels() == 1 ? h.scaling(dataFile) : null;
        DType dtype = scale != null ? DType.FLOAT64 : t.dtype;
        int ch = t.channels();
        int rank = shape.length + (ch > 1 ? 1 : 0);
        long[] rowMajor = new long[rank];
        int[] perm = new int[rank];
        for (int i = 0; i < shape.length; i++) {
            rowMajor[i] = shape[shape.length - 1 - i];
            perm[i] = shape.length - 1 - i;
        }
        if (ch > 1) {
            rowMajor[rank - 1] = ch;
            perm[rank - 1] = rank - 1;
        }
        long bytes = h.dataBytes();
        checkFits(dataFile, h, offset, bytes);

        ByteSource src = open;
        Tensor raw = null;
        boolean ok = false;
        try {
            if (src == null) src = ByteSource.open(dataFile);
            long skip = offset - src.position();
            if (skip < 0)
                throw new ImageFileException(dataFile, NiftiHeader.FORMAT, "vox_offset", "is " + offset + ", inside the header");
            src.skip(skip);
            raw = Tensor.empty(dtype, Device.CPU, rowMajor);
            fill(dataFile, h, src, raw.hostSegment(), scale);
            MetaTensor out = new MetaTensor(raw.permute(perm), affine, null);
            Map<String, Object> meta = NiftiMeta.of(h, affine, out.shape(), path.toString());
            out.meta().putAll(meta);
            ok = true;
            return out;
        } catch (EOFException e) {
            throw new ImageFileException(dataFile, NiftiHeader.FORMAT, null, "is truncated: the header's dim "
                    + java.util.Arrays.toString(shape) + " (" + t.label + ") needs " + bytes + " bytes of data from byte " + offset, e);
        } finally {
            if (!ok && raw != null) raw.close();
            if (src != null && src != open) src.close();
        }
    }

    /** Fails before allocating when the header asks for more data than the file can hold. */
    private static void checkFits(Path dataFile, NiftiHeader h, long offset, long bytes) throws IOException {
        long size = Files.size(dataFile);
        boolean gz = dataFile.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
        // NOTE: deflate expands at most ~1032:1, so a gzip file cannot hold more than that
        long room = gz ? (size > Long.MAX_VALUE / 2048 ? Long.MAX_VALUE : size * 1100 + (1 << 20)) : size - offset;
        if (bytes > room)
            throw new ImageFileException(dataFile, NiftiHeader.FORMAT, "dim", "is " + java.util.Arrays.toString(h.shape()) + " (" + h.type.label
                    + "): " + bytes + " bytes of data from byte " + offset + ", but the file has " + size + " bytes");
    }

    /** Decodes the voxels into {@code dst}: straight when no conversion is needed, else through one reused chunk. */
    private static void fill(Path file, NiftiHeader h, ByteSource src, MemorySegment dst, double[] scale) throws IOException {
        NiftiDataType t = h.type;
        boolean swap = h.order != ByteOrder.nativeOrder() && t.diskBytes > 1;
        if (!swap && !t.widens() && scale == null) {
            src.readFully(dst);
            return;
        }
        int esize = t.diskBytes;
        long count = h.dataBytes() / esize;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment chunk = arena.allocate(CHUNK, 8);
            long perChunk = CHUNK / esize;
            for (long done = 0; done < count; ) {
                long k = Math.min(perChunk, count - done);
                MemorySegment in = chunk.asSlice(0, k * esize);
                src.readFully(in);
                if (scale == null && !t.widens()) {
                    ValueLayout l = (ValueLayout) t.dtype.layout();
                    MemorySegment.copy(in, l.withOrder(h.order), 0, dst, l.withOrder(ByteOrder.LITTLE_ENDIAN), done * esize, k);
                } else {
                    NiftiConvert.convert(file, t, h.order, in, k, dst, done, scale);
                }
                done += k;
            }
        }
    }
}
