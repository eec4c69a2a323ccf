package dev.axial.io.itk;

import dev.axial.io.ImageWriter;
import dev.axial.io.WriteOptions;
import dev.axial.io.raw.AtomicFiles;
import dev.axial.io.raw.ElementType;
import dev.axial.io.raw.RawIO;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes NRRD ({@code .nrrd}, header and data in one file; raw or {@link #gzip}). The array is
 * {@code [x, y, z]}; with {@link WriteOptions#channelLast()} the channel axis goes first in the file as a
 * "vector" axis (NRRD's convention, which MONAI's NrrdReader documents as channel-first). The RAS affine is
 * written as LPS {@code space directions} and {@code space origin} (space left-posterior-superior), so
 * NrrdReader, ITK and MONAI read the same affine back. Atomic.
 *
 * <pre>{@code
 * new NrrdWriter().gzip(true).write(seg, Path.of("out/seg.nrrd"), new WriteOptions());
 * }</pre>
 */
public final class NrrdWriter implements ImageWriter {
    private boolean gzip;

    /** gzip-compress the data (encoding: gzip). */
    public NrrdWriter gzip(boolean gzip) {
        this.gzip = gzip;
        return this;
    }

    @Override public String name() { return "NrrdWriter"; }

    @Override public List<String> suffixes() { return List.of(".nrrd"); }

    static String typeName(ElementType t) {
        return switch (t) {
            case BOOL, UINT8 -> "uint8";
            case INT8 -> "int8";
            case INT16 -> "int16";
            case UINT16 -> "uint16";
            case INT32 -> "int32";
            case UINT32 -> "uint32";
            case INT64 -> "int64";
            case UINT64 -> "uint64";
            case FLOAT16, FLOAT32 -> "float";
            case FLOAT64 -> "double";
        };
    }

    @Override public void write(MetaTensor image, Path file, WriteOptions options) {
        WriteOptions o = options == null ? new WriteOptions() : options;
        Tensor cpu = image.array().cpu();
        boolean ch = o.channelLast() && cpu.dim() > 1;
        int n = cpu.dim() - (ch ? 1 : 0);
        ElementType type = ElementType.forWriting(cpu.dtype(), o.outputDtype(), image.meta().get(MetaKeys.DTYPE));
        if (type == ElementType.FLOAT16) type = ElementType.FLOAT32;
        if (type == ElementType.BOOL) type = ElementType.UINT8;
        Tensor prepared = RawIO.prepare(cpu, type);
        Tensor storage = ItkGeometry.toStorage(prepared, n);   // [z, y, x, (c)]: c fastest, then x
        try {
            ItkGeometry.Geometry g = ItkGeometry.fromAffine(image.affine(), n);
            long[] shape = cpu.shape();
            StringBuilder sb = new StringBuilder("NRRD0004\n# written by Axial\n");
            sb.append("type: ").append(typeName(type)).append('\n');
            sb.append("dimension: ").append(cpu.dim()).append('\n');
            sb.append("space: left-posterior-superior\n");
            sb.append("sizes:");
            if (ch) sb.append(' ').append(shape[n]);
            for (int i = 0; i < n; i++) sb.append(' ').append(shape[i]);
            int sd = Math.min(n, 3);
            sb.append("\nspace directions:");
            if (ch) sb.append(" none");
            for (int c = 0; c < n; c++) {
                sb.append(" (");
                for (int r = 0; r < sd; r++) sb.append(r > 0 ? "," : "").append(MetaImageWriter.num(g.direction()[r][c] * g.spacing()[c]));
                sb.append(')');
            }
            sb.append("\nkinds:");
            if (ch) sb.append(shape[n] == 3 ? " RGB-color" : " vector");
            for (int i = 0; i < n; i++) sb.append(" domain");
            sb.append("\nendian: little\nencoding: ").append(gzip ? "gzip" : "raw").append('\n');
            sb.append("space origin: (");
            for (int r = 0; r < sd; r++) sb.append(r > 0 ? "," : "").append(MetaImageWriter.num(g.origin()[r]));
            sb.append(")\n\n");
            byte[] header = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
            final ElementType t = type;
            AtomicFiles.write(file, NrrdReader.FORMAT, out -> {
                out.write(header);
                writeData(out, storage, t, file);
            });
        } finally {
            if (storage != prepared) storage.close();
            if (prepared != cpu) prepared.close();
            if (cpu != image.array()) cpu.close();
        }
    }

    private void writeData(OutputStream out, Tensor storage, ElementType type, Path file) throws IOException {
        if (!gzip) {
            RawIO.write(out, storage, type, ByteOrder.LITTLE_ENDIAN, file, NrrdReader.FORMAT);
            return;
        }
        GZIPOutputStream z = new GZIPOutputStream(out, 1 << 16);
        RawIO.write(z, storage, type, ByteOrder.LITTLE_ENDIAN, file, NrrdReader.FORMAT);
        z.finish();
    }
}
