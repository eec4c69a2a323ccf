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
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Reads NRRD ({@code .nrrd}, and {@code .nhdr} with detached data) as MONAI's {@code NrrdReader} (pynrrd,
 * index_order "F"): the array axes in the file's axis order (the fastest first, so {@code [x, y, z]}), the
 * affine from {@code space directions} (one column per spatial axis) and {@code space origin}, turned from
 * LPS into RAS when the space is left-posterior-superior (or not given); {@code spatial_shape} the sizes.
 * The file's dtype is kept (MONAI's reader casts to float32 by default; LoadImage casts anyway).
 *
 * <p>Where MONAI fails (its affine code cannot take a "none" direction), this reader goes on: an axis whose
 * space direction is "none" or whose kind is not spatial (vector, RGB-color, list …) is the channel axis,
 * reported as {@code original_channel_dim} and left out of {@code spatial_shape} and the affine. Encodings
 * raw, gzip, ascii/text; endian; byte skip (-1 for raw: the data ends the file) and line skip; detached data
 * by file name or LIST.
 *
 * <pre>{@code
 * try (MetaTensor m = new NrrdReader().read(Path.of("seg.nrrd"))) { long[] xyz = m.shape(); }
 * }</pre>
 */
public final class NrrdReader implements ImageReader {
    static final String FORMAT = "NRRD";
    private static final Pattern VECTOR = Pattern.compile("\\(([^)]*)\\)|none");
    private static final Set<String> SPATIAL_KINDS = Set.of("domain", "space", "time");

    @Override public String name() { return "NrrdReader"; }

    @Override public boolean verifySuffix(Path path) {
        String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".nrrd") || n.endsWith(".nhdr");
    }

    static ElementType type(String v, Path file) {
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "signed char", "int8", "int8_t" -> ElementType.INT8;
            case "uchar", "unsigned char", "uint8", "uint8_t" -> ElementType.UINT8;
            case "short", "short int", "signed short", "signed short int", "int16", "int16_t" -> ElementType.INT16;
            case "ushort", "unsigned short", "unsigned short int", "uint16", "uint16_t" -> ElementType.UINT16;
            case "int", "signed int", "int32", "int32_t" -> ElementType.INT32;
            case "uint", "unsigned int", "uint32", "uint32_t" -> ElementType.UINT32;
            case "longlong", "long long", "long long int", "signed long long", "signed long long int", "int64", "int64_t" -> ElementType.INT64;
            case "ulonglong", "unsigned long long", "unsigned long long int", "uint64", "uint64_t" -> ElementType.UINT64;
            case "float" -> ElementType.FLOAT32;
            case "double" -> ElementType.FLOAT64;
            default -> throw new ImageFileException(file, FORMAT, "type", "'" + v.strip() + "' is not supported (int8 … uint64, float, double)");
        };
    }

    @Override public MetaTensor read(Path path) {
        try (InputStream raw = Files.newInputStream(path)) {
            BufferedInputStream in = new BufferedInputStream(raw, RawIO.CHUNK);
            Map<String, String> fields = new LinkedHashMap<>();
            Map<String, String> keyValues = new LinkedHashMap<>();
            List<String> list = new ArrayList<>();
            readHeader(in, fields, keyValues, list, path);
            return decode(path, in, fields, keyValues, list);
        } catch (NoSuchFileException e) {
            throw new ImageFileException(path, FORMAT, null, "file not found: " + e.getFile(), e);
        } catch (IOException e) {
            throw new ImageFileException(path, FORMAT, null, "cannot read: " + e, e);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (b.size() > (1 << 20)) throw new IOException("header line longer than 1 MiB");
            b.write(c);
        }
        if (c < 0 && b.size() == 0) return null;
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static void readHeader(InputStream in, Map<String, String> fields, Map<String, String> kv, List<String> list, Path file) throws IOException {
        String magic = line(in);
        if (magic == null || !magic.startsWith("NRRD000"))
            throw new ImageFileException(file, FORMAT, "magic", "file does not start with NRRD000X");
        boolean inList = false;
        String s;
        while ((s = line(in)) != null) {
            if (s.isEmpty()) break;   // the blank line that ends an attached header
            if (inList) { list.add(s.strip()); continue; }
            if (s.startsWith("#")) continue;
            int kvAt = s.indexOf(":=");
            int colon = s.indexOf(": ");
            if (kvAt >= 0 && (colon < 0 || kvAt < colon)) {
                kv.put(s.substring(0, kvAt), s.substring(kvAt + 2));
                continue;
            }
            if (colon < 0) throw new ImageFileException(file, FORMAT, "header", "line '" + s + "' is not 'field: value'");
            String key = s.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = s.substring(colon + 2).strip();
            if (key.equals("datafile")) key = "data file";
            if (key.equals("byteskip")) key = "byte skip";
            if (key.equals("lineskip")) key = "line skip";
            fields.put(key, value);
            if (key.equals("data file") && value.toUpperCase(Locale.ROOT).startsWith("LIST")) inList = true;
        }
    }

    private static String need(Map<String, String> f, String key, Path file) {
        String v = f.get(key);
        if (v == null) throw new ImageFileException(file, FORMAT, key, "is missing");
        return v;
    }

    private MetaTensor decode(Path file, InputStream attached, Map<String, String> f, Map<String, String> kv, List<String> list) throws IOException {
        ElementType type = type(need(f, "type", file), file);
        int n = (int) ItkGeometry.numbers(need(f, "dimension", file), 1, file, FORMAT, "dimension")[0];
        if (n < 1 || n > 16) throw new ImageFileException(file, FORMAT, "dimension", "is " + n + "; must be 1 … 16");
        long[] sizes = ItkGeometry.sizes(need(f, "sizes", file), n, type.byteSize(), file, FORMAT, "sizes");
        String endian = f.getOrDefault("endian", "little");
        ByteOrder order = endian.equalsIgnoreCase("big") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        if (!endian.equalsIgnoreCase("big") && !endian.equalsIgnoreCase("little"))
            throw new ImageFileException(file, FORMAT, "endian", "is '" + endian + "', not little or big");
        String enc = need(f, "encoding", file).toLowerCase(Locale.ROOT);
        long byteSkip = f.containsKey("byte skip") ? (long) ItkGeometry.numbers(f.get("byte skip"), 1, file, FORMAT, "byte skip")[0] : 0;
        long lineSkip = f.containsKey("line skip") ? (long) ItkGeometry.numbers(f.get("line skip"), 1, file, FORMAT, "line skip")[0] : 0;

        Tensor array;
        String dataFile = f.get("data file");
        if (dataFile == null) {
            array = readData(attached, file, -1, sizes, type, order, enc, byteSkip, lineSkip);
        } else if (dataFile.toUpperCase(Locale.ROOT).startsWith("LIST") || dataFile.contains("%")) {
            throw new ImageFileException(file, FORMAT, "data file", "'" + dataFile + "': multi-file data (LIST, patterns) is not supported yet");
        } else {
            Path data = file.toAbsolutePath().getParent().resolve(dataFile);
            if (!Files.isRegularFile(data))
                throw new ImageFileException(file, FORMAT, "data file", "names '" + dataFile + "', which is not a file (" + data + ")");
            try (InputStream din = new BufferedInputStream(Files.newInputStream(data), RawIO.CHUNK)) {
                array = readData(din, data, Files.size(data), sizes, type, order, enc, byteSkip, lineSkip);
            }
        }
        return wrap(array, file, f, kv, sizes, type);
    }

    private static Tensor readData(InputStream in, Path file, long fileSize, long[] sizes, ElementType type, ByteOrder order,
                                   String enc, long byteSkip, long lineSkip) throws IOException {
        for (long i = 0; i < lineSkip; i++)
            if (line(in) == null) throw new ImageFileException(file, FORMAT, "line skip", "is " + lineSkip + ", beyond the end of the data");
        long need = type.byteSize();
        for (long s : sizes) need *= s;
        switch (enc) {
            case "raw" -> {
                if (byteSkip == -1) {
                    if (fileSize < 0) throw new ImageFileException(file, FORMAT, "byte skip", "-1 needs detached raw data");
                    if (fileSize < need) throw new ImageFileException(file, FORMAT, "sizes", "need " + need + " bytes, the data file has " + fileSize + " (truncated)");
                    in.skipNBytes(fileSize - need);
                } else {
                    skip(in, byteSkip, file);
                }
                return ItkGeometry.readXFastest(in, sizes, 1, type, order, file, FORMAT, "sizes");
            }
            case "gzip", "gz" -> {
                if (byteSkip == -1) throw new ImageFileException(file, FORMAT, "byte skip", "-1 is only allowed for raw encoding");
                try {
                    InputStream z = new GZIPInputStream(in, 1 << 16);
                    skip(z, byteSkip, file);   // NOTE: for compressed encodings the skip applies to the decompressed data (teem)
                    return ItkGeometry.readXFastest(z, sizes, 1, type, order, file, FORMAT, "sizes");
                } catch (java.util.zip.ZipException | java.io.EOFException e) {
                    throw new ImageFileException(file, FORMAT, "encoding", "gzip data is corrupt or cut short: " + e.getMessage(), e);
                }
            }
            case "ascii", "text", "txt" -> {
                skip(in, byteSkip, file);
                return readAscii(in, sizes, type, file);
            }
            default -> throw new ImageFileException(file, FORMAT, "encoding", "'" + enc + "' is not supported (raw, gzip, ascii)");
        }
    }

    private static void skip(InputStream in, long n, Path file) throws IOException {
        try {
            in.skipNBytes(n);
        } catch (java.io.EOFException e) {
            throw new ImageFileException(file, FORMAT, "byte skip", "is " + n + ", beyond the end of the data", e);
        }
    }

    private static Tensor readAscii(InputStream in, long[] sizes, ElementType type, Path file) throws IOException {
        int n = sizes.length;
        long[] storage = new long[n];
        for (int i = 0; i < n; i++) storage[i] = sizes[n - 1 - i];
        Tensor t = Tensor.empty(type.dtype(), Device.CPU, storage);
        try {
            MemorySegment seg = t.hostSegment();
            long count = t.numel();
            java.util.Scanner sc = new java.util.Scanner(new java.io.InputStreamReader(in, StandardCharsets.ISO_8859_1)).useDelimiter("[\\s,]+");
            sc.useLocale(Locale.ROOT);
            for (long i = 0; i < count; i++) {
                if (!sc.hasNext()) throw new ImageFileException(file, FORMAT, "sizes", "ascii data has " + i + " values, sizes need " + count + " (truncated)");
                String tok = sc.next();
                double v;
                try {
                    v = Double.parseDouble(tok);
                } catch (NumberFormatException e) {
                    throw new ImageFileException(file, FORMAT, "encoding", "ascii value '" + tok + "' is not a number");
                }
                switch (type.dtype()) {
                    case INT8, UINT8, BOOL -> seg.set(ValueLayout.JAVA_BYTE, i, (byte) (long) v);
                    case INT16 -> seg.set(ValueLayout.JAVA_SHORT_UNALIGNED, i * 2, (short) (long) v);
                    case INT32 -> seg.set(ValueLayout.JAVA_INT_UNALIGNED, i * 4, (int) (long) v);
                    case INT64 -> seg.set(ValueLayout.JAVA_LONG_UNALIGNED, i * 8, Long.parseLong(tok.contains(".") ? Long.toString((long) v) : tok));
                    case FLOAT32 -> seg.set(ValueLayout.JAVA_FLOAT_UNALIGNED, i * 4, (float) v);
                    default -> seg.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, i * 8, v);
                }
            }
        } catch (RuntimeException | Error e) {
            t.close();
            throw e;
        }
        return ItkGeometry.fromStorage(t, n, 1);
    }

    private static MetaTensor wrap(Tensor array, Path file, Map<String, String> f, Map<String, String> kv, long[] sizes, ElementType type) {
        try {
            int n = sizes.length;
            List<String> kinds = f.containsKey("kinds") ? List.of(f.get("kinds").strip().split("\\s+")) : null;
            if (kinds != null && kinds.size() != n)
                throw new ImageFileException(file, FORMAT, "kinds", "has " + kinds.size() + " entries, dimension is " + n);
            double[][] dirs = null;   // per axis, null for "none"
            int spaceDim = 0;
            if (f.containsKey("space directions")) {
                dirs = new double[n][];
                Matcher m = VECTOR.matcher(f.get("space directions"));
                int a = 0;
                while (m.find()) {
                    if (a >= n) throw new ImageFileException(file, FORMAT, "space directions", "has more than " + n + " entries");
                    if (m.group(1) != null) {
                        dirs[a] = ItkGeometry.numbers(m.group(1), -1, file, FORMAT, "space directions");
                        spaceDim = dirs[a].length;
                    }
                    a++;
                }
                if (a != n) throw new ImageFileException(file, FORMAT, "space directions", "has " + a + " entries, dimension is " + n);
            }
            List<Integer> spatial = new ArrayList<>();
            int channel = -1;
            for (int a = 0; a < n; a++) {
                boolean isSpatial = dirs != null ? dirs[a] != null : kinds == null || SPATIAL_KINDS.contains(kinds.get(a).toLowerCase(Locale.ROOT));
                if (isSpatial) spatial.add(a);
                else if (channel < 0) channel = a;
            }
            String space = f.get("space");
            int sr = Math.min(spatial.size(), 3);
            double[][] affine = new double[sr + 1][sr + 1];
            affine[sr][sr] = 1;
            double[] origin = f.containsKey("space origin") ? parseOrigin(f.get("space origin"), file) : null;
            for (int c = 0; c < sr; c++) {
                int axis = spatial.get(c);
                if (dirs != null) {
                    for (int r = 0; r < Math.min(sr, dirs[axis].length); r++) affine[r][c] = dirs[axis][r];
                } else {
                    double sp = 1;
                    if (f.containsKey("spacings")) {
                        String[] p = f.get("spacings").strip().split("\\s+");
                        if (axis < p.length && !p[axis].equalsIgnoreCase("nan")) sp = ItkGeometry.numbers(p[axis], 1, file, FORMAT, "spacings")[0];
                    }
                    affine[c][c] = sp;
                }
            }
            if (origin != null) for (int r = 0; r < Math.min(sr, origin.length); r++) affine[r][sr] = origin[r];
            String norm = space == null ? null : space.toLowerCase(Locale.ROOT);
            String outSpace;
            if (norm == null || norm.equals("left-posterior-superior") || norm.equals("lps")) {
                ItkGeometry.lpsRas(affine);   // MONAI: LPS (or no space given) becomes RAS
                outSpace = MetaKeys.SPACE_RAS;
            } else if (norm.equals("right-anterior-superior") || norm.equals("ras")) {
                outSpace = MetaKeys.SPACE_RAS;
            } else {
                outSpace = space;   // scanner-xyz, 3D-right-handed …: left as the file says, as MONAI does
            }
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("type", f.get("type"));
            meta.put("dimension", n);
            for (Map.Entry<String, String> e : f.entrySet())
                if (!Set.of("type", "dimension", "sizes", "space origin", "space directions", "space").contains(e.getKey())) meta.put(e.getKey(), e.getValue());
            if (kinds != null) meta.put("kinds", kinds);
            meta.putAll(kv);
            meta.put(MetaKeys.ORIGINAL_AFFINE, MetaTensor.copy(affine));
            meta.put(MetaKeys.SPACE, outSpace);
            long[] ss = new long[spatial.size()];
            for (int i = 0; i < ss.length; i++) ss[i] = sizes[spatial.get(i)];
            meta.put(MetaKeys.SPATIAL_SHAPE, channel < 0 ? sizes.clone() : ss);
            meta.put(MetaKeys.ORIGINAL_CHANNEL_DIM, channel < 0 ? (Object) Double.NaN : (Object) channel);
            meta.put(MetaKeys.FILENAME_OR_OBJ, file.toString());
            meta.put(MetaKeys.DTYPE, type.numpyName());
            return new MetaTensor(array, affine, meta);
        } catch (RuntimeException e) {
            array.close();
            throw e;
        }
    }

    private static double[] parseOrigin(String v, Path file) {
        Matcher m = VECTOR.matcher(v);
        if (!m.find() || m.group(1) == null) throw new ImageFileException(file, FORMAT, "space origin", "'" + v + "' is not a vector (x,y,z)");
        return ItkGeometry.numbers(m.group(1), -1, file, FORMAT, "space origin");
    }
}
