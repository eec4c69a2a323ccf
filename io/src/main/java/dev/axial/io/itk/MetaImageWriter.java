package dev.axial.io.itk;

import dev.axial.io.ImageWriter;
import dev.axial.io.WriteOptions;
import dev.axial.io.raw.AtomicFiles;
import dev.axial.io.raw.ElementType;
import dev.axial.io.raw.RawIO;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes MetaImage: {@code .mha} (header and data in one file) or {@code .mhd} with a {@code .raw} data file
 * ({@code .zraw} when {@link #compressed}). The array is {@code [x, y, z]} ({@code [x, y, z, c]} with
 * {@link WriteOptions#channelLast()}: ElementNumberOfChannels); the RAS affine becomes ITK's LPS
 * TransformMatrix, ElementSpacing and Offset, so MetaImageReader (and ITK, and MONAI's ITKReader) give the
 * same affine back. Both files are written atomically (data first, header last).
 *
 * <pre>{@code
 * new MetaImageWriter().compressed(true).write(seg, Path.of("out/seg.mha"), new WriteOptions());
 * }</pre>
 */
public final class MetaImageWriter implements ImageWriter {
    private boolean compressed;

    /** zlib-compress the data (CompressedData = True). */
    public MetaImageWriter compressed(boolean compressed) {
        this.compressed = compressed;
        return this;
    }

    @Override public String name() { return "MetaImageWriter"; }

    @Override public List<String> suffixes() { return List.of(".mha", ".mhd"); }

    @Override public void write(MetaTensor image, Path file, WriteOptions options) {
        WriteOptions o = options == null ? new WriteOptions() : options;
        Tensor cpu = image.array().cpu();
        int comps = o.channelLast() && cpu.dim() > 1 ? (int) cpu.size(-1) : 1;
        int n = cpu.dim() - (o.channelLast() && cpu.dim() > 1 ? 1 : 0);
        ElementType type = ElementType.forWriting(cpu.dtype(), o.outputDtype(), image.meta().get(MetaKeys.DTYPE));
        if (type == ElementType.FLOAT16) type = ElementType.FLOAT32;
        Tensor prepared = RawIO.prepare(cpu, type);
        Tensor storage = ItkGeometry.toStorage(prepared, n);
        try {
            ItkGeometry.Geometry g = ItkGeometry.fromAffine(image.affine(), n);
            boolean mhd = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mhd");
            String base = file.getFileName().toString();
            String dataName = base.substring(0, base.length() - 4) + (compressed ? ".zraw" : ".raw");
            Path dataFile = file.toAbsolutePath().getParent().resolve(dataName);
            final ElementType t = type;
            AtomicFiles.Body data = out -> writeData(out, storage, t, file);
            byte[] body = null;
            long compressedSize = -1;
            if (compressed && !mhd) {
                // NOTE: CompressedDataSize comes before the data in the header, so the zlib stream is built first
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                data.write(buf);
                body = buf.toByteArray();
                compressedSize = body.length;
            }
            String header = header(n, cpu.shape(), comps, t, g, mhd ? dataName : "LOCAL", compressedSize);
            final byte[] local = body;
            Map<Path, AtomicFiles.Body> files = new LinkedHashMap<>();
            if (mhd) {
                files.put(dataFile, data);
                files.put(file, out -> out.write(header.getBytes(StandardCharsets.ISO_8859_1)));
            } else {
                files.put(file, out -> {
                    out.write(header.getBytes(StandardCharsets.ISO_8859_1));
                    if (local != null) out.write(local); else data.write(out);
                });
            }
            AtomicFiles.writeAll(MetaImageReader.FORMAT, files);
        } catch (IOException e) {
            throw new dev.axial.io.ImageFileException(file, MetaImageReader.FORMAT, null, "cannot write: " + e, e);
        } finally {
            if (storage != prepared) storage.close();
            if (prepared != cpu) prepared.close();
            if (cpu != image.array()) cpu.close();
        }
    }

    private void writeData(OutputStream out, Tensor storage, ElementType type, Path file) throws IOException {
        if (!compressed) {
            RawIO.write(out, storage, type, ByteOrder.LITTLE_ENDIAN, file, MetaImageReader.FORMAT);
            return;
        }
        DeflaterOutputStream z = new DeflaterOutputStream(out, new java.util.zip.Deflater(6), 1 << 16);
        RawIO.write(z, storage, type, ByteOrder.LITTLE_ENDIAN, file, MetaImageReader.FORMAT);
        z.finish();
    }

    private static String header(int n, long[] shape, int comps, ElementType type, ItkGeometry.Geometry g, String dataFile, long compressedSize) {
        StringBuilder sb = new StringBuilder();
        sb.append("ObjectType = Image\nNDims = ").append(n).append('\n');
        sb.append("BinaryData = True\nBinaryDataByteOrderMSB = False\n");
        sb.append("CompressedData = ").append(dataFile.endsWith(".zraw") || compressedSize >= 0 ? "True" : "False").append('\n');
        if (compressedSize >= 0) sb.append("CompressedDataSize = ").append(compressedSize).append('\n');
        sb.append("TransformMatrix =");
        for (int c = 0; c < n; c++) for (int r = 0; r < n; r++) sb.append(' ').append(num(g.direction()[r][c]));
        sb.append("\nOffset =");
        for (double v : g.origin()) sb.append(' ').append(num(v));
        sb.append("\nCenterOfRotation =");
        for (int i = 0; i < n; i++) sb.append(" 0");
        sb.append("\nElementSpacing =");
        for (double v : g.spacing()) sb.append(' ').append(num(v));
        sb.append("\nDimSize =");
        for (int i = 0; i < n; i++) sb.append(' ').append(shape[i]);
        sb.append('\n');
        if (comps > 1) sb.append("ElementNumberOfChannels = ").append(comps).append('\n');
        sb.append("ElementType = ").append(MetaImageReader.metName(type)).append('\n');
        sb.append("ElementDataFile = ").append(dataFile).append('\n');
        return sb.toString();
    }

    /** Shortest text that parses back to the same double. */
    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }
}
