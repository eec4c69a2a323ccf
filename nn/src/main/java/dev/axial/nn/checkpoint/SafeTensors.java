package dev.axial.nn.checkpoint;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Shapes;
import dev.axial.tensor.Tensor;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face's safetensors format: an 8-byte little-endian header length N, N bytes of JSON
 * ({@code {"__metadata__": {str: str}, name: {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}}},
 * padded with spaces to a multiple of 8), then the raw little-endian data, offsets relative to its start.
 *
 * <p>Writing follows the reference writer: tensors ordered by dtype alignment (largest first) then name, packed
 * back to back, {@code __metadata__} first; the file is written to a temporary sibling and renamed over the
 * target, so an interrupted save leaves the previous file intact. Reading streams each tensor from a
 * {@link FileChannel} straight into its storage and validates the header as strictly as the reference reader
 * (known dtypes, sizes that match shapes, no overlaps, no holes, nothing beyond the file).
 *
 * <pre>{@code
 * SafeTensors.write(Path.of("model.safetensors"), model.stateDict(), Map.of("format", "pt"));
 * try (Scope s = Scope.open()) {
 *     Map<String, Tensor> sd = SafeTensors.read(Path.of("model.safetensors"));
 * }
 * }</pre>
 */
public final class SafeTensors {
    /** The reference reader's limit: larger headers are refused before allocating them. */
    static final long MAX_HEADER = 100_000_000L;
    private static final String METADATA = "__metadata__";
    private static final int CHUNK = 1 << 26;

    private SafeTensors() {}

    /** The dtype's safetensors name (F32, BF16, I64, BOOL, ...). */
    public static String dtypeName(DType d) {
        return switch (d) {
            case BOOL -> "BOOL";
            case UINT8 -> "U8";
            case INT8 -> "I8";
            case INT16 -> "I16";
            case INT32 -> "I32";
            case INT64 -> "I64";
            case FLOAT16 -> "F16";
            case BFLOAT16 -> "BF16";
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
        };
    }

    /** The dtype a safetensors name stands for, or null for a name Axial does not hold (U16, F8_E4M3, ...). */
    static DType dtypeOf(String name) {
        for (DType d : DType.values()) if (dtypeName(d).equals(name)) return d;
        return null;
    }

    /** The reference writer's alignment order (its dtype enum order): ties in size break as it does. */
    private static int alignmentRank(DType d) {
        return switch (d) {
            case BOOL -> 0;
            case UINT8 -> 1;
            case INT8 -> 2;
            case INT16 -> 3;
            case FLOAT16 -> 4;
            case BFLOAT16 -> 5;
            case INT32 -> 6;
            case FLOAT32 -> 7;
            case FLOAT64 -> 8;
            case INT64 -> 9;
        };
    }

    // ---- writing -------------------------------------------------------------------------------------

    /** Writes {@code tensors} (any device; read as they are now) with no metadata. */
    public static void write(Path file, Map<String, Tensor> tensors) { write(file, tensors, Map.of()); }

    /** Writes {@code tensors} and the string {@code metadata} atomically (temporary file, then rename). */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        for (String k : tensors.keySet()) {
            if (k.equals(METADATA)) throw CheckpointException.atKey(file, k, "reserved for the metadata");
            if (tensors.get(k) == null) throw CheckpointException.atKey(file, k, "null tensor");
        }
        List<String> order = new ArrayList<>(tensors.keySet());
        order.sort(Comparator.<String>comparingInt(k -> -alignmentRank(tensors.get(k).dtype())).thenComparing(Comparator.naturalOrder()));
        StringBuilder h = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            h.append(Json.quote(METADATA)).append(":{");
            boolean first = true;
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (!first) h.append(',');
                first = false;
                h.append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
            }
            h.append('}');
        }
        long offset = 0;
        for (String k : order) {
            Tensor t = tensors.get(k);
            long bytes = t.numel() * t.dtype().byteSize();
            if (h.length() > 1) h.append(',');
            h.append(Json.quote(k)).append(":{\"dtype\":\"").append(dtypeName(t.dtype())).append("\",\"shape\":[");
            long[] shape = t.shape();
            for (int i = 0; i < shape.length; i++) h.append(i > 0 ? "," : "").append(shape[i]);
            h.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        h.append('}');
        byte[] json = h.toString().getBytes(StandardCharsets.UTF_8);
        // NOTE: padded with spaces to 8 bytes, as the reference writer does, so the data starts aligned
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) head.put((byte) ' ');
        head.flip();
        writeAtomically(file, ch -> {
            writeFully(ch, head);
            for (String k : order) {
                try (Scope s = Scope.open()) {
                    Tensor t = tensors.get(k);
                    Tensor host = t.device() == Device.CPU && t.isContiguous() ? t : t.to(Device.CPU).contiguous();
                    MemorySegment seg = host.hostSegment();
                    for (long pos = 0; pos < seg.byteSize(); pos += CHUNK)
                        writeFully(ch, seg.asSlice(pos, Math.min(CHUNK, seg.byteSize() - pos)).asByteBuffer());
                }
            }
        });
    }

    /** Something that writes a file's content to a channel. */
    @FunctionalInterface
    interface ChannelWriter {
        void write(FileChannel ch) throws IOException;
    }

    /**
     * Writes through a temporary sibling, forces it to disk, then renames it over {@code file}: a crash leaves
     * the old file or the new one, never half of one. The temporary file is removed on failure.
     */
    static void writeAtomically(Path file, ChannelWriter body) {
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().threadId());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                body.write(ch);
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot write: " + e, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the temporary file is named as such; nothing more to do
            }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    // ---- reading -------------------------------------------------------------------------------------

    /** One header entry. */
    record Entry(String name, DType dtype, long[] shape, long begin, long end) {}

    /** The parsed, validated header: entries in data order, metadata, and where the data starts. */
    record Header(List<Entry> entries, Map<String, String> metadata, long dataStart) {}

    /** The {@code __metadata__} strings of a file (empty when it has none). */
    public static Map<String, String> metadata(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return header(file, ch).metadata();
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e, e);
        }
    }

    /**
     * Every tensor of the file, in data order, as new CPU tensors in the caller's scope. Nothing is left
     * allocated when it throws.
     */
    public static Map<String, Tensor> read(Path file) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ); Scope s = Scope.open()) {
            Header h = header(file, ch);
            for (Entry e : h.entries()) {
                Tensor t = Tensor.empty(e.dtype(), Device.CPU, e.shape());
                MemorySegment seg = t.hostSegment();
                long pos = h.dataStart() + e.begin();
                for (long done = 0; done < seg.byteSize(); ) {
                    ByteBuffer b = seg.asSlice(done, Math.min(CHUNK, seg.byteSize() - done)).asByteBuffer();
                    while (b.hasRemaining()) {
                        int n = ch.read(b, pos + done + b.position());
                        if (n < 0) throw CheckpointException.atKey(file, e.name(), "the file ends inside this tensor's data (truncated?)");
                    }
                    done += b.capacity();
                }
                out.put(e.name(), t);
            }
            for (Tensor t : out.values()) s.keep(t);
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e, e);
        }
        return out;
    }

    /** Reads and validates the header. */
    static Header header(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) throw new CheckpointException(file, "not a safetensors file: " + size + " bytes, too short for the 8-byte header length");
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, ch, lenBuf, 0);
        long n = lenBuf.getLong(0);
        if (n < 2 || n > MAX_HEADER)
            throw new CheckpointException(file, "header length " + Long.toUnsignedString(n) + " is out of range (2 to " + MAX_HEADER + " bytes)");
        if (8 + n > size)
            throw new CheckpointException(file, "header length " + n + " goes beyond the end of the file (" + size + " bytes): truncated or not safetensors");
        ByteBuffer hb = ByteBuffer.allocate((int) n);
        readFully(file, ch, hb, 8);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(hb.flip()).toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointException(file, "the header is not valid UTF-8");
        }
        if (!text.startsWith("{")) throw new CheckpointException(file, "the header does not start with '{': not safetensors");
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, "header: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> root)) throw new CheckpointException(file, "the header is not a JSON object");
        long dataLen = size - 8 - n;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> me : root.entrySet()) {
            String key = (String) me.getKey();
            if (key.equals(METADATA)) {
                if (!(me.getValue() instanceof Map<?, ?> mm)) throw CheckpointException.atKey(file, key, "must be an object of strings");
                for (Map.Entry<?, ?> kv : mm.entrySet()) {
                    if (!(kv.getValue() instanceof String v)) throw CheckpointException.atKey(file, key, "value of '" + kv.getKey() + "' is not a string");
                    metadata.put((String) kv.getKey(), v);
                }
                continue;
            }
            entries.add(entry(file, key, me.getValue(), dataLen));
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expect = 0;
        Entry prev = null;
        for (Entry e : entries) {
            if (e.begin() < expect)
                throw CheckpointException.atKey(file, e.name(), "data_offsets [" + e.begin() + ", " + e.end() + "] overlap '" + prev.name() + "' [" + prev.begin() + ", " + prev.end() + "]");
            if (e.begin() > expect)
                throw CheckpointException.atKey(file, e.name(), "data_offsets [" + e.begin() + ", " + e.end() + "] leave a hole after byte " + expect);
            expect = e.end();
            prev = e;
        }
        if (expect != dataLen)
            throw new CheckpointException(file, "the tensors cover " + expect + " data bytes but the file holds " + dataLen + " after the header");
        return new Header(entries, metadata, 8 + n);
    }

    private static Entry entry(Path file, String key, Object value, long dataLen) {
        if (!(value instanceof Map<?, ?> m)) throw CheckpointException.atKey(file, key, "is not an object with dtype, shape and data_offsets");
        if (!(m.get("dtype") instanceof String dn)) throw CheckpointException.atKey(file, key, "has no dtype string");
        DType dt = dtypeOf(dn);
        if (dt == null) throw CheckpointException.atKey(file, key, "unknown or unsupported dtype '" + dn + "' (supported: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)");
        long[] shape = longs(file, key, "shape", m.get("shape"), -1);
        long[] off = longs(file, key, "data_offsets", m.get("data_offsets"), 2);
        for (long d : shape) if (d < 0) throw CheckpointException.atKey(file, key, "negative dimension in shape " + Shapes.str(shape));
        long begin = off[0], end = off[1];
        if (begin < 0 || end < begin) throw CheckpointException.atKey(file, key, "bad data_offsets [" + begin + ", " + end + "]");
        if (end > dataLen)
            throw CheckpointException.atKey(file, key, "data_offsets [" + begin + ", " + end + "] go beyond the data (" + dataLen + " bytes after the header): truncated?");
        long numel;
        try {
            numel = 1;
            for (long d : shape) numel = Math.multiplyExact(numel, d);
            numel = Math.multiplyExact(numel, (long) dt.byteSize());
        } catch (ArithmeticException ex) {
            throw CheckpointException.atKey(file, key, "shape " + Shapes.str(shape) + " is too large");
        }
        if (numel != end - begin)
            throw CheckpointException.atKey(file, key, dn + Shapes.str(shape) + " needs " + numel + " bytes but data_offsets [" + begin + ", " + end + "] hold " + (end - begin));
        return new Entry(key, dt, shape, begin, end);
    }

    private static long[] longs(Path file, String key, String field, Object v, int len) {
        if (!(v instanceof List<?> l) || (len >= 0 && l.size() != len))
            throw CheckpointException.atKey(file, key, field + " must be a list" + (len >= 0 ? " of " + len : "") + " of integers, got " + v);
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Long x)) throw CheckpointException.atKey(file, key, field + " must hold integers, got " + v);
            out[i] = x;
        }
        return out;
    }

    private static void readFully(Path file, FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + b.position());
            if (n < 0) throw new CheckpointException(file, "unexpected end of file");
        }
    }
}
