package dev.axial.io.nifti;

import dev.axial.io.ImageFileException;
import dev.axial.io.ImageWriter;
import dev.axial.io.WriteOptions;
import dev.axial.io.raw.AtomicFiles;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a NIfTI-1 single file (.nii, or .nii.gz gzipped at level 1 as nibabel does), little-endian, as
 * MONAI's {@code NibabelWriter}: the affine goes to the sform and the qform, both with code 1 (scanner), the
 * qform's quaternion, qfac and pixdim computed as nibabel's {@code set_qform}; the array's dtype is kept
 * (uint16/uint32/uint64 when the metadata's {@code datatype} says the int32/int64 array came from one) or
 * {@link WriteOptions#outputDtype()} is used, integer outputs truncated toward zero and clipped to their range (WriteOptions' contract).
 *
 * <p>The array is in file layout: spatial axes i, j, k, then the rest (time, or the channel when
 * {@link WriteOptions#channelLast()}; with fewer than 3 spatial axes, singleton ones are inserted so the
 * channel lands in dim[4], where MONAI puts it). The file is written to a temporary name in the target
 * folder and renamed into place, so a failure leaves nothing behind.
 *
 * <pre>{@code
 * new NiftiWriter().write(seg, Path.of("out/seg.nii.gz"), new WriteOptions().outputDtype(DType.UINT8));
 * }</pre>
 */
public final class NiftiWriter implements ImageWriter {
    private static final int CHUNK = 1 << 20;

    @Override public String name() { return "NiftiWriter"; }

    @Override public List<String> suffixes() { return List.of(".nii.gz", ".nii"); }

    @Override public void write(MetaTensor image, Path file, WriteOptions options) {
        WriteOptions opts = options == null ? new WriteOptions() : options;
        Tensor arr = image.array();
        long[] shape = fileShape(arr.shape(), opts.channelLast(), file);
        NiftiDataType disk = diskType(image, opts, file);
        double[][] affine = affine4(image.affine());
        byte[] header = NiftiHeaderWriter.header(shape, disk, affine);

        boolean gz = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
        Tensor cpu = null, shaped = null, fortran = null;
        try {
            cpu = arr.to(Device.CPU);
            shaped = java.util.Arrays.equals(cpu.shape(), shape) ? cpu : cpu.reshape(shape);
            int[] rev = new int[shape.length];
            for (int i = 0; i < shape.length; i++) rev[i] = shape.length - 1 - i;
            // NOTE: NIfTI stores i fastest: the row-major order of the reversed axes; a reader's view is already so
            Tensor data = fortran = shaped.permute(rev).contiguous();
            AtomicFiles.write(file, NiftiHeader.FORMAT, raw -> {
                OutputStream out = gz ? new FastGzip(raw) : raw;
                out.write(header);
                writeData(out, data.hostSegment(), data.dtype(), disk);
                if (out instanceof FastGzip z) z.finish();
            });
        } finally {
            // NOTE: each step may return a view of its input; close only the copies
            if (fortran != null && fortran.storage() != shaped.storage()) fortran.close();
            if (shaped != null && shaped.storage() != cpu.storage()) shaped.close();
            if (cpu != null && cpu.storage() != arr.storage()) cpu.close();
        }
    }

    /** The dims to store: with channelLast and fewer than 3 spatial axes, singletons go before the channel. */
    static long[] fileShape(long[] s, boolean channelLast, Path file) {
        long[] out = s;
        if (channelLast && s.length >= 1 && s.length < 4) {
            out = new long[4];
            java.util.Arrays.fill(out, 1);
            System.arraycopy(s, 0, out, 0, s.length - 1);
            out[3] = s[s.length - 1];
        }
        if (out.length < 1 || out.length > 7)
            throw new ImageFileException(file, NiftiHeader.FORMAT, "dim[0]", "would be " + out.length + "; NIfTI holds 1 to 7 dimensions");
        for (long d : out)
            if (d > Short.MAX_VALUE)
                throw new ImageFileException(file, NiftiHeader.FORMAT, "dim", java.util.Arrays.toString(out) + " has a size above 32767, beyond NIfTI-1");
        return out;
    }

    private static NiftiDataType diskType(MetaTensor image, WriteOptions opts, Path file) {
        DType want = opts.outputDtype() != null ? opts.outputDtype() : image.dtype();
        if (opts.outputDtype() == null && image.meta().get("datatype") instanceof Integer code) {
            NiftiDataType orig = NiftiDataType.of(code);
            if (orig != null && orig.widens() && orig.dtype == want) return orig;   // uint16 read as int32 goes back as uint16
        }
        return NiftiDataType.forDType(want);
    }

    /** The 4×4 affine of a 2-D (3×3), 3-D or larger affine, as MONAI's {@code to_affine_nd(3, affine)}. */
    static double[][] affine4(double[][] a) {
        int r = a.length - 1;
        double[][] out = MetaTensor.identity(4);
        for (int i = 0; i < Math.min(3, r); i++) {
            for (int j = 0; j < Math.min(3, r); j++) out[i][j] = a[i][j];
            out[i][3] = a[i][r];
        }
        return out;
    }

    private static void writeData(OutputStream out, MemorySegment src, DType from, NiftiDataType disk) throws IOException {
        byte[] buf = new byte[CHUNK];
        MemorySegment chunk = MemorySegment.ofArray(buf);
        boolean same = disk.dtype == from && !disk.widens() && from != DType.BOOL;
        if (same || (from == DType.BOOL && disk == NiftiDataType.UINT8)) {
            for (long off = 0; off < src.byteSize(); off += CHUNK) {
                int k = (int) Math.min(CHUNK, src.byteSize() - off);
                MemorySegment.copy(src, off, chunk, 0, k);
                out.write(buf, 0, k);
            }
            return;
        }
        long n = src.byteSize() / from.byteSize();
        int per = CHUNK / disk.diskBytes;
        for (long done = 0; done < n; done += per) {
            int k = (int) Math.min(per, n - done);
            NiftiEncode.encode(src, from, done, k, chunk, disk);
            out.write(buf, 0, k * disk.diskBytes);
        }
    }

    /** gzip at level 1 (nibabel's default): several times faster than the default level, ratio close. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
