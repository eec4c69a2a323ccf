package dev.axial.io.numpy;

import dev.axial.io.ImageFileException;
import dev.axial.io.raw.ElementType;
import dev.axial.io.raw.RawIO;
import dev.axial.tensor.Device;
import dev.axial.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The NPY format (versions 1.0, 2.0, 3.0): the header dictionary ({@code descr}, {@code fortran_order},
 * {@code shape}) and the array data after it, read and written as NumPy's {@code numpy.lib.format} does.
 */
final class NpyFormat {
    static final String FORMAT = "NumPy";
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy pads headers so that the data starts at a multiple of 64 bytes. */
    private static final int ALIGN = 64;

    private NpyFormat() {}

    /** A parsed NPY header; {@code headerBytes} is where the data starts. */
    record Header(String descr, ElementType type, ByteOrder order, boolean fortran, long[] shape, long numel, long headerBytes) {
        long dataBytes() { return numel * type.byteSize(); }

        /** The shape the file's bytes have in C order: reversed for Fortran order. */
        long[] storageShape() { return fortran ? reversed(shape) : shape.clone(); }
    }

    /**
     * Reads the header from the start of {@code in}; {@code available} is the number of bytes the file or
     * member holds (-1 when unknown). {@code what} names the file or npz member in messages.
     */
    static Header readHeader(InputStream in, long available, Path file, String what) throws IOException {
        byte[] pre = in.readNBytes(10);
        if (pre.length < 8) throw bad(file, what, "magic", "file is too short to be NPY (" + pre.length + " bytes)");
        for (int i = 0; i < MAGIC.length; i++)
            if (pre[i] != MAGIC[i]) throw bad(file, what, "magic", "does not start with \\x93NUMPY");
        int major = pre[6] & 0xff, minor = pre[7] & 0xff;
        if (major < 1 || major > 3) throw bad(file, what, "version", major + "." + minor + " is not 1.0, 2.0 or 3.0");
        long len;
        int prefix;
        if (major == 1) {
            if (pre.length < 10) throw bad(file, what, "header_len", "file ends inside the header length");
            len = (pre[8] & 0xff) | (pre[9] & 0xff) << 8;
            prefix = 10;
        } else {
            byte[] more = in.readNBytes(2);
            if (pre.length < 10 || more.length < 2) throw bad(file, what, "header_len", "file ends inside the header length");
            len = (pre[8] & 0xffL) | (pre[9] & 0xffL) << 8 | (more[0] & 0xffL) << 16 | (more[1] & 0xffL) << 24;
            prefix = 12;
        }
        if ((available >= 0 && prefix + len > available) || len > (1 << 26))
            throw bad(file, what, "header_len", "is " + len + ", beyond the " + (available >= 0 ? available + "-byte file" : "64 MiB limit"));
        byte[] text = in.readNBytes((int) len);
        if (text.length < len) throw bad(file, what, "header_len", "is " + len + ", but the file ends after " + text.length + " header bytes");
        // NOTE: version 3.0 is UTF-8; 1.0/2.0 latin-1, which decodes every byte (the dict itself is ASCII)
        String dict = new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return parse(dict, prefix + len, available, file, what);
    }

    private static Header parse(String dict, long headerBytes, long available, Path file, String what) {
        DictParser p = new DictParser(dict, file, what);
        String descr = null;
        Boolean fortran = null;
        long[] shape = null;
        p.expect('{');
        while (!p.peek('}')) {
            String key = p.string("header");
            p.expect(':');
            switch (key) {
                case "descr" -> {
                    if (p.peek('[')) throw bad(file, what, "descr", "is a structured dtype " + p.rest() + "; only plain numeric arrays are read");
                    descr = p.string("descr");
                }
                case "fortran_order" -> fortran = p.bool("fortran_order");
                case "shape" -> shape = p.tuple("shape");
                default -> p.skipValue(key);
            }
            if (!p.peek('}')) p.expect(',');
        }
        if (descr == null) throw bad(file, what, "descr", "is missing");
        if (fortran == null) throw bad(file, what, "fortran_order", "is missing");
        if (shape == null) throw bad(file, what, "shape", "is missing");
        ByteOrder[] order = new ByteOrder[1];
        ElementType type = type(descr, order, file, what);
        long numel = 1;
        for (long d : shape) {
            if (d < 0) throw bad(file, what, "shape", "has a negative dimension " + d);
            try {
                numel = Math.multiplyExact(numel, d);
                Math.multiplyExact(numel, (long) type.byteSize());
            } catch (ArithmeticException e) {
                throw bad(file, what, "shape", java.util.Arrays.toString(shape) + " overflows 64-bit sizes");
            }
        }
        if (available >= 0 && numel * type.byteSize() > available - headerBytes)
            throw bad(file, what, "shape", java.util.Arrays.toString(shape) + " of " + descr + " needs " + numel * type.byteSize()
                    + " bytes of data, the file has " + Math.max(0, available - headerBytes) + " (truncated)");
        return new Header(descr, type, order[0], fortran, shape, numel, headerBytes);
    }

    /** Maps a NumPy descr ('<f4', '|u1', '>i2' ...) to our element type and byte order. */
    static ElementType type(String descr, ByteOrder[] order, Path file, String what) {
        String d = descr;
        char e = d.isEmpty() ? '?' : d.charAt(0);
        if (e == '<' || e == '>' || e == '|' || e == '=') d = d.substring(1);
        order[0] = e == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ElementType t = switch (d) {
            case "b1", "?" -> ElementType.BOOL;
            case "u1" -> ElementType.UINT8;
            case "i1" -> ElementType.INT8;
            case "i2" -> ElementType.INT16;
            case "u2" -> ElementType.UINT16;
            case "i4" -> ElementType.INT32;
            case "u4" -> ElementType.UINT32;
            case "i8" -> ElementType.INT64;
            case "u8" -> ElementType.UINT64;
            case "f2" -> ElementType.FLOAT16;
            case "f4" -> ElementType.FLOAT32;
            case "f8" -> ElementType.FLOAT64;
            default -> null;
        };
        if (t == null)
            throw bad(file, what, "descr", "'" + descr + "' is not supported (complex, object, string, datetime and structured dtypes have no tensor type)");
        return t;
    }

    /** NumPy's descr for {@code type}, little-endian. */
    static String descr(ElementType type) {
        return switch (type) {
            case BOOL -> "|b1";
            case UINT8 -> "|u1";
            case INT8 -> "|i1";
            case INT16 -> "<i2";
            case UINT16 -> "<u2";
            case INT32 -> "<i4";
            case UINT32 -> "<u4";
            case INT64 -> "<i8";
            case UINT64 -> "<u8";
            case FLOAT16 -> "<f2";
            case FLOAT32 -> "<f4";
            case FLOAT64 -> "<f8";
        };
    }

    /** The complete header (magic to newline) for an array; version 1.0 unless the dict needs 2.0's 4-byte length. */
    static byte[] header(ElementType type, boolean fortran, long[] shape) {
        StringBuilder sb = new StringBuilder("{'descr': '").append(descr(type)).append("', 'fortran_order': ")
                .append(fortran ? "True" : "False").append(", 'shape': (");
        for (int i = 0; i < shape.length; i++) sb.append(i > 0 ? ", " : "").append(shape[i]);
        if (shape.length == 1) sb.append(',');
        sb.append("), }");
        int prefix = sb.length() + 1 + 10 > 65535 ? 12 : 10;
        int total = prefix + sb.length() + 1;
        int pad = (ALIGN - total % ALIGN) % ALIGN;
        sb.append(" ".repeat(pad)).append('\n');
        byte[] dict = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[prefix + dict.length];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[6] = (byte) (prefix == 10 ? 1 : 2);
        out[7] = 0;
        out[8] = (byte) dict.length;
        out[9] = (byte) (dict.length >>> 8);
        if (prefix == 12) {
            out[10] = (byte) (dict.length >>> 16);
            out[11] = (byte) (dict.length >>> 24);
        }
        System.arraycopy(dict, 0, out, prefix, dict.length);
        return out;
    }

    /** Reads the array data that follows {@code h} from {@code in} into a new C-order tensor; frees it on failure. */
    static Tensor readData(InputStream in, Header h, Path file) throws IOException {
        Tensor t = Tensor.empty(h.type().dtype(), Device.CPU, h.storageShape());
        try {
            RawIO.read(in, h.type(), h.order(), t.hostSegment(), file, FORMAT, "shape");
            return h.fortran() ? toCOrder(t) : t;
        } catch (IOException | RuntimeException | Error e) {
            t.close();
            throw e;
        }
    }

    /** The C-order tensor whose values a Fortran-order read ({@code storage} has the reversed shape) describes; closes {@code storage}. */
    static Tensor toCOrder(Tensor storage) {
        int n = storage.dim();
        if (n < 2) return storage;
        int[] rev = new int[n];
        for (int i = 0; i < n; i++) rev[i] = n - 1 - i;
        try {
            return storage.permute(rev).contiguous();
        } finally {
            storage.close();
        }
    }

    /** Writes header and data of the contiguous tensor {@code t} (already of {@code type.dtype()}). */
    static void write(OutputStream out, Tensor t, ElementType type, boolean fortran, Path file) throws IOException {
        out.write(header(type, fortran, t.shape()));
        if (fortran && t.dim() > 1) {
            int n = t.dim();
            int[] rev = new int[n];
            for (int i = 0; i < n; i++) rev[i] = n - 1 - i;
            try (Tensor f = t.permute(rev).copy()) {
                RawIO.write(out, f, type, ByteOrder.LITTLE_ENDIAN, file, FORMAT);
            }
        } else {
            RawIO.write(out, t, type, ByteOrder.LITTLE_ENDIAN, file, FORMAT);
        }
    }

    static long[] reversed(long[] a) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[a.length - 1 - i];
        return r;
    }

    static ImageFileException bad(Path file, String what, String field, String msg) {
        return new ImageFileException(file, FORMAT, field, (what == null ? "" : "(" + what + ") ") + msg);
    }

    /** A parser for the Python literal dict NumPy writes: strings, True/False, tuples of ints. */
    private static final class DictParser {
        private final String s;
        private final Path file;
        private final String what;
        private int i;

        DictParser(String s, Path file, String what) {
            this.s = s;
            this.file = file;
            this.what = what;
        }

        private void ws() { while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++; }

        boolean peek(char c) {
            ws();
            if (i >= s.length()) throw bad(file, what, "header", "ends early: " + s.strip());
            return s.charAt(i) == c;
        }

        void expect(char c) {
            if (!peek(c)) throw bad(file, what, "header", "expected '" + c + "' at " + i + " in " + s.strip());
            i++;
        }

        String rest() { return s.substring(i).strip(); }

        String string(String field) {
            ws();
            if (i >= s.length() || (s.charAt(i) != '\'' && s.charAt(i) != '"')) throw bad(file, what, field, "expected a string in " + s.strip());
            char q = s.charAt(i++);
            int end = s.indexOf(q, i);
            if (end < 0) throw bad(file, what, field, "unterminated string in " + s.strip());
            String v = s.substring(i, end);
            i = end + 1;
            return v;
        }

        boolean bool(String field) {
            ws();
            if (s.startsWith("True", i)) { i += 4; return true; }
            if (s.startsWith("False", i)) { i += 5; return false; }
            throw bad(file, what, field, "expected True or False in " + s.strip());
        }

        long[] tuple(String field) {
            expect('(');
            List<Long> dims = new ArrayList<>();
            while (!peek(')')) {
                int start = i;
                while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '-')) i++;
                if (i < s.length() && s.charAt(i) == 'L') i++;   // Python 2 longs
                String num = s.substring(start, i).replace("L", "");
                try {
                    dims.add(Long.parseLong(num));
                } catch (NumberFormatException e) {
                    throw bad(file, what, field, "has a non-integer dimension in " + s.strip());
                }
                if (!peek(')')) expect(',');
            }
            i++;
            long[] out = new long[dims.size()];
            for (int k = 0; k < out.length; k++) out[k] = dims.get(k);
            return out;
        }

        void skipValue(String key) {
            ws();
            int depth = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '\'' || c == '"') { string(key); continue; }
                if (c == '(' || c == '[' || c == '{') depth++;
                if (c == ')' || c == ']' || c == '}') { if (depth == 0) return; depth--; }
                if (c == ',' && depth == 0) return;
                i++;
            }
        }
    }
}
