package dev.axial.io.itk;

import dev.axial.io.ImageFileException;
import dev.axial.io.ImageReader;
import dev.axial.io.raw.ElementType;
import dev.axial.io.raw.RawIO;
import dev.axial.tensor.Device;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.InflaterInputStream;

/**
 * Reads MetaImage ({@code .mha}, and {@code .mhd} with its {@code .raw}/{@code .zraw} data) as MONAI's
 * {@code ITKReader}: the array {@code [x, y, z, (c)]} (ITK's array transposed, channels last), the affine
 * {@code direction · diag(spacing)} with the origin, turned from ITK's LPS into RAS; {@code spatial_shape}
 * the first min(NDims, 3) sizes; {@code original_channel_dim} -1 for multi-channel images, else NaN;
 * {@code spacing}; the header fields MONAI's ITK metadata carries, plus the file's {@code dtype}.
 *
 * <p>Fields: ObjectType, NDims, DimSize, ElementType (MET_CHAR … MET_DOUBLE), ElementNumberOfChannels,
 * ElementSpacing (or ElementSize), Offset/Position/Origin, TransformMatrix/Rotation/Orientation,
 * AnatomicalOrientation, BinaryDataByteOrderMSB/ElementByteOrderMSB, CompressedData (zlib) with
 * CompressedDataSize, HeaderSize, ElementDataFile (LOCAL, a file name, or LIST).
 *
 * <pre>{@code
 * try (MetaTensor ct = new MetaImageReader().read(Path.of("ct.mha"))) { double[][] ras = ct.affine(); }
 * }</pre>
 */
public final class MetaImageReader implements ImageReader {
    static final String FORMAT = "MetaImage";

    @Override public String name() { return "MetaImageReader"; }

    @Override public List<String> aliases() { return List.of("ITKReader"); }

    @Override public boolean verifySuffix(Path path) {
        String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".mha") || n.endsWith(".mhd");
    }

    static ElementType elementType(String v, Path file) {
        return switch (v.strip().toUpperCase(Locale.ROOT)) {
            case "MET_CHAR" -> ElementType.INT8;
            case "MET_UCHAR" -> ElementType.UINT8;
            case "MET_SHORT" -> ElementType.INT16;
            case "MET_USHORT" -> ElementType.UINT16;
            case "MET_INT", "MET_LONG" -> ElementType.INT32;
            case "MET_UINT", "MET_ULONG" -> ElementType.UINT32;
            case "MET_LONG_LONG" -> ElementType.INT64;
            case "MET_ULONG_LONG" -> ElementType.UINT64;
            case "MET_FLOAT" -> ElementType.FLOAT32;
            case "MET_DOUBLE" -> ElementType.FLOAT64;
            default -> throw new ImageFileException(file, FORMAT, "ElementType", "'" + v.strip() + "' is not supported (MET_CHAR … MET_DOUBLE)");
        };
    }

    static String metName(ElementType t) {
        return switch (t) {
            case BOOL, UINT8 -> "MET_UCHAR";
            case INT8 -> "MET_CHAR";
            case INT16 -> "MET_SHORT";
            case UINT16 -> "MET_USHORT";
            case INT32 -> "MET_INT";
            case UINT32 -> "MET_UINT";
            case INT64 -> "MET_LONG_LONG";
            case UINT64 -> "MET_ULONG_LONG";
            case FLOAT16, FLOAT32 -> "MET_FLOAT";
            case FLOAT64 -> "MET_DOUBLE";
        };
    }

    @Override public MetaTensor read(Path path) {
        try (InputStream raw = Files.newInputStream(path)) {
            BufferedInputStream in = new BufferedInputStream(raw, RawIO.CHUNK);
            Map<String, String> h = new LinkedHashMap<>();
            long headerBytes = readHeader(in, h, path);
            return decode(path, in, headerBytes, h);
        } catch (NoSuchFileException e) {
            throw new ImageFileException(path, FORMAT, null, "file not found: " + e.getFile(), e);
        } catch (IOException e) {
            throw new ImageFileException(path, FORMAT, null, "cannot read: " + e, e);
        }
    }

    /** Reads "Key = Value" lines up to and including ElementDataFile; returns the bytes consumed. */
    private static long readHeader(InputStream in, Map<String, String> h, Path file) throws IOException {
        long consumed = 0;
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b >= 0) consumed++;
            if (b == '\n' || b < 0) {
                String s = line.toString(StandardCharsets.ISO_8859_1).strip();
                line.reset();
                if (!s.isEmpty()) {
                    int eq = s.indexOf('=');
                    if (eq < 0) throw new ImageFileException(file, FORMAT, "header", "line '" + s + "' is not 'Key = Value' (not a MetaImage file?)");
                    String key = s.substring(0, eq).strip();
                    h.put(key, s.substring(eq + 1).strip());
                    if (key.equalsIgnoreCase("ElementDataFile")) return consumed;
                }
                if (b < 0) throw new ImageFileException(file, FORMAT, "ElementDataFile", "is missing: the header ends without it");
            } else {
                if (consumed > (1 << 20)) throw new ImageFileException(file, FORMAT, "header", "is longer than 1 MiB (not a MetaImage file?)");
                line.write(b);
            }
        }
    }

    private static String get(Map<String, String> h, String... keys) {
        for (String k : keys) for (Map.Entry<String, String> e : h.entrySet()) if (e.getKey().equalsIgnoreCase(k)) return e.getValue();
        return null;
    }

    private static boolean isTrue(String v) { return v != null && (v.equalsIgnoreCase("true") || v.equals("1")); }

    private MetaTensor decode(Path file, InputStream local, long headerBytes, Map<String, String> h) throws IOException {
        String obj = get(h, "ObjectType");
        if (obj != null && !obj.equalsIgnoreCase("Image")) throw new ImageFileException(file, FORMAT, "ObjectType", "is '" + obj + "', not Image");
        String nd = get(h, "NDims");
        if (nd == null) throw new ImageFileException(file, FORMAT, "NDims", "is missing");
        int n = (int) ItkGeometry.numbers(nd, 1, file, FORMAT, "NDims")[0];
        if (n < 1 || n > 16) throw new ImageFileException(file, FORMAT, "NDims", "is " + nd + "; must be 1 … 16");
        String et = get(h, "ElementType");
        if (et == null) throw new ImageFileException(file, FORMAT, "ElementType", "is missing");
        ElementType type = elementType(et, file);
        String ch = get(h, "ElementNumberOfChannels");
        int comps = ch == null ? 1 : (int) ItkGeometry.numbers(ch, 1, file, FORMAT, "ElementNumberOfChannels")[0];
        if (comps < 1) throw new ImageFileException(file, FORMAT, "ElementNumberOfChannels", "is " + ch + "; must be >= 1");
        String ds = get(h, "DimSize");
        if (ds == null) throw new ImageFileException(file, FORMAT, "DimSize", "is missing");
        long[] sizes = ItkGeometry.sizes(ds, n, type.byteSize() * comps, file, FORMAT, "DimSize");
        String sp = get(h, "ElementSpacing", "ElementSize");
        double[] spacing = sp == null ? ones(n) : ItkGeometry.numbers(sp, n, file, FORMAT, "ElementSpacing");
        String og = get(h, "Offset", "Position", "Origin");
        double[] origin = og == null ? new double[n] : ItkGeometry.numbers(og, n, file, FORMAT, "Offset");
        String tm = get(h, "TransformMatrix", "Rotation", "Orientation");
        double[][] dir = new double[n][n];
        if (tm == null) {
            for (int i = 0; i < n; i++) dir[i][i] = 1;
        } else {
            double[] m = ItkGeometry.numbers(tm, n * n, file, FORMAT, "TransformMatrix");
            // NOTE: as ITK's MetaImageIO: each group of NDims values is one axis' direction (a column of ITK's direction)
            for (int c = 0; c < n; c++) for (int r = 0; r < n; r++) dir[r][c] = m[c * n + r];
        }
        ByteOrder order = isTrue(get(h, "BinaryDataByteOrderMSB", "ElementByteOrderMSB")) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        String dataFile = get(h, "ElementDataFile");
        boolean compressed = isTrue(get(h, "CompressedData")) || dataFile.toLowerCase(Locale.ROOT).endsWith(".zraw");
        String cds = get(h, "CompressedDataSize");
        long compressedSize = cds == null ? -1 : (long) ItkGeometry.numbers(cds, 1, file, FORMAT, "CompressedDataSize")[0];
        String hs = get(h, "HeaderSize");
        long headerSize = hs == null ? 0 : (long) ItkGeometry.numbers(hs, 1, file, FORMAT, "HeaderSize")[0];

        Tensor array;
        if (dataFile.equalsIgnoreCase("LOCAL")) {
            long remaining = Files.size(file) - headerBytes;
            array = readData(local, remaining, sizes, comps, type, order, compressed, compressedSize, file);
        } else if (dataFile.toUpperCase(Locale.ROOT).startsWith("LIST")) {
            array = readList(file, local, sizes, comps, type, order, compressed);
        } else {
            Path data = dataPath(file, dataFile);
            try (InputStream din = new BufferedInputStream(Files.newInputStream(data), RawIO.CHUNK)) {
                long size = Files.size(data);
                long need = compressed ? 0 : dataBytes(sizes, comps, type);
                long skip = headerSize == -1 ? Math.max(0, size - need) : headerSize;
                if (skip > size) throw new ImageFileException(file, FORMAT, "HeaderSize", "is " + headerSize + ", beyond the " + size + "-byte data file " + data);
                din.skipNBytes(skip);
                array = readData(din, size - skip, sizes, comps, type, order, compressed, compressedSize, data);
            }
        }
        return wrap(array, file, h, n, sizes, comps, spacing, origin, dir, type);
    }

    private static Path dataPath(Path header, String name) {
        Path data = header.toAbsolutePath().getParent().resolve(name);
        if (!Files.isRegularFile(data))
            throw new ImageFileException(header, FORMAT, "ElementDataFile", "names '" + name + "', which is not a file (" + data + ")");
        return data;
    }

    private static long dataBytes(long[] sizes, int comps, ElementType type) {
        long b = (long) comps * type.byteSize();
        for (long s : sizes) b *= s;
        return b;
    }

    private static Tensor readData(InputStream in, long available, long[] sizes, int comps, ElementType type, ByteOrder order,
                                   boolean compressed, long compressedSize, Path file) throws IOException {
        if (!compressed) {
            long need = dataBytes(sizes, comps, type);
            if (need > available)
                throw new ImageFileException(file, FORMAT, "DimSize", "needs " + need + " bytes of " + type.numpyName() + " data, the file has " + available + " (truncated)");
            return ItkGeometry.readXFastest(in, sizes, comps, type, order, file, FORMAT, "DimSize");
        }
        if (compressedSize > available)
            throw new ImageFileException(file, FORMAT, "CompressedDataSize", "is " + compressedSize + ", beyond the " + available + " bytes left in the file");
        InputStream z = new InflaterInputStream(compressedSize >= 0 ? new BoundedInputStream(in, compressedSize) : in, new java.util.zip.Inflater(), 1 << 16);
        try {
            return ItkGeometry.readXFastest(z, sizes, comps, type, order, file, FORMAT, compressedSize >= 0 ? "CompressedDataSize" : "CompressedData");
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new ImageFileException(file, FORMAT, compressedSize >= 0 ? "CompressedDataSize" : "CompressedData", "zlib data is corrupt or cut short: " + e.getMessage(), e);
        }
    }

    /** ElementDataFile = LIST [kD]: one file per slice of the last axes, named on the following header lines. */
    private static Tensor readList(Path file, InputStream rest, long[] sizes, int comps, ElementType type, ByteOrder order, boolean compressed) throws IOException {
        List<String> names = new ArrayList<>();
        for (String s : new String(rest.readAllBytes(), StandardCharsets.ISO_8859_1).split("\\R")) if (!s.isBlank()) names.add(s.strip());
        int n = sizes.length;
        long slices = sizes[n - 1];
        if (names.size() != slices)
            throw new ImageFileException(file, FORMAT, "ElementDataFile", "LIST names " + names.size() + " files, DimSize needs " + slices);
        long[] storage = new long[n + (comps > 1 ? 1 : 0)];
        for (int i = 0; i < n; i++) storage[i] = sizes[n - 1 - i];
        if (comps > 1) storage[n] = comps;
        Tensor t = Tensor.empty(type.dtype(), Device.CPU, storage);
        try {
            long bytes = t.hostSegment().byteSize() / slices;
            long[] sliceSizes = java.util.Arrays.copyOf(sizes, n - 1);
            for (int i = 0; i < slices; i++) {
                Path p = dataPath(file, names.get(i));
                try (InputStream in = new BufferedInputStream(Files.newInputStream(p), RawIO.CHUNK)) {
                    InputStream src = compressed ? new InflaterInputStream(in) : in;
                    if (!compressed && Files.size(p) < dataBytes(sliceSizes, comps, type))
                        throw new ImageFileException(p, FORMAT, "DimSize", "slice file is shorter than " + dataBytes(sliceSizes, comps, type) + " bytes (truncated)");
                    RawIO.read(src, type, order, t.hostSegment().asSlice(i * bytes, bytes), p, FORMAT, "DimSize");
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            t.close();
            throw e;
        }
        return ItkGeometry.fromStorage(t, n, comps);
    }

    private static double[] ones(int n) {
        double[] d = new double[n];
        java.util.Arrays.fill(d, 1);
        return d;
    }

    private static MetaTensor wrap(Tensor array, Path file, Map<String, String> h, int n, long[] sizes, int comps,
                                   double[] spacing, double[] origin, double[][] dir, ElementType type) {
        Map<String, Object> meta = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : h.entrySet()) meta.put(e.getKey(), e.getValue());
        double[][] affine = ItkGeometry.affine(dir, spacing, origin, true);
        meta.put("spacing", spacing.clone());
        meta.put(MetaKeys.ORIGINAL_AFFINE, MetaTensor.copy(affine));
        meta.put(MetaKeys.SPACE, MetaKeys.SPACE_RAS);
        int sr = Math.min(n, 3);
        meta.put(MetaKeys.SPATIAL_SHAPE, java.util.Arrays.copyOf(sizes, sr));
        // NOTE: MONAI: NaN when the array has as many axes as spatial_shape, else -1 (channels, or a 4th axis)
        meta.put(MetaKeys.ORIGINAL_CHANNEL_DIM, array.dim() == sr ? (Object) Double.NaN : (Object) (-1));
        meta.put(MetaKeys.FILENAME_OR_OBJ, file.toString());
        meta.put(MetaKeys.DTYPE, type.numpyName());
        return new MetaTensor(array, affine, meta);
    }

    /** Stops after {@code limit} bytes: zlib data is read only as far as CompressedDataSize says. */
    static final class BoundedInputStream extends java.io.FilterInputStream {
        private long left;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override public int read() throws IOException {
            if (left <= 0) return -1;
            int b = super.read();
            if (b >= 0) left--;
            return b;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) return -1;
            int r = super.read(b, off, (int) Math.min(len, left));
            if (r > 0) left -= r;
            return r;
        }
    }
}
