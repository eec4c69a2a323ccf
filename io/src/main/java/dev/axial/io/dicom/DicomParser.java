package dev.axial.io.dicom;

import dev.axial.io.ImageFileException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Our own DICOM parser: Part 10 files (128-byte preamble, "DICM", file meta group) and bare data sets
 * without them (the transfer syntax is then guessed from the first element, as pydicom does: a valid VR at
 * bytes 4-5 means explicit VR, the smaller of the two readings of the group number gives the byte order).
 * Implicit VR LE, explicit VR LE and BE, deflated explicit VR LE; sequences of defined and undefined length
 * are walked and skipped; parsing stops at the top-level Pixel Data, whose value is left to {@link DicomPixels}.
 *
 * <pre>{@code
 * DicomDataset ds = DicomParser.readHeader(Path.of("MR_small.dcm"));
 * ds.transferSyntax();                       // "1.2.840.10008.1.2.1"
 * }</pre>
 */
public final class DicomParser {
    private DicomParser() {}

    /** Values longer than this are skipped, not kept (they are lookup tables, overlays, private blobs). */
    private static final int KEEP_LIMIT = 1 << 16;
    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");
    private static final Set<String> ALL_VRS = Set.of("AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD", "IS", "LO", "LT", "OB", "OD",
            "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV");
    private static final Set<String> STRING_VRS = Set.of("AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM",
            "UC", "UI", "UR", "UT");

    /** True if {@code file} starts with a 128-byte preamble and "DICM". */
    public static boolean hasMagic(Path file) {
        try (var ch = Files.newByteChannel(file)) {
            ByteBuffer b = ByteBuffer.allocate(132);
            while (b.hasRemaining() && ch.read(b) > 0) { /* fill */ }
            return b.position() == 132 && b.get(128) == 'D' && b.get(129) == 'I' && b.get(130) == 'C' && b.get(131) == 'M';
        } catch (IOException e) {
            return false;
        }
    }

    /** Parses the header of {@code file}, up to the pixel data. */
    public static DicomDataset readHeader(Path file) {
        DicomInput in = open(file);
        DicomDataset ds;
        try {
            ds = parse(in);
        } finally {
            in.close();
        }
        return ds;
    }

    static DicomInput open(Path file) {
        try {
            return new DicomInput(file, Files.newInputStream(file), Files.size(file));
        } catch (IOException e) {
            throw new ImageFileException(file, DicomInput.FORMAT, null, "cannot open: " + e, e);
        }
    }

    /** Parses from the start of {@code in}; on return {@code in} sits at the pixel data's value (if any). */
    static DicomDataset parse(DicomInput in) {
        byte[] head = new byte[132];
        int got = in.peek(head, 132);
        String syntax = null;
        if (got == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M') {
            in.skip(132, "preamble");
            syntax = readMeta(in);
        } else if (got >= 8 && head[0] == 2 && head[1] == 0) {
            syntax = readMeta(in); // file meta without a preamble
        }
        if (syntax == null) {
            if (in.atEnd()) throw in.error(null, "no data set (empty file or file meta only)");
            syntax = guess(in);
        }
        if (syntax.equals(TransferSyntax.DEFLATED_LE)) in.inflate();
        in.big = syntax.equals(TransferSyntax.EXPLICIT_BE);
        boolean implicit = syntax.equals(TransferSyntax.IMPLICIT_LE) || switchedToImplicit(in);
        DicomDataset ds = new DicomDataset(in.file, syntax);
        while (!in.atEnd()) {
            long start = in.position();
            int tag = readTag(in);
            String vr = implicit ? DicomTags.implicitVr(tag) : readVr(in, tag);
            long len = readLength(in, implicit, vr, tag);
            if (tag == DicomTags.PIXEL_DATA) {
                if (len != UNDEFINED && len > in.remaining())
                    throw in.error("PixelData", "length " + len + " runs past the end of the file (" + in.remaining() + " bytes left; truncated file)");
                ds.pixelOffset = in.position();
                ds.pixelLength = len == UNDEFINED ? -1 : len;
                ds.pixelVr = vr;
                return ds;
            }
            if (len == UNDEFINED) {
                skipUndefined(in, tag, vr, implicit);
                continue;
            }
            checkLength(in, tag, len, start);
            // NOTE: a known tag stored as UN (converted files) is read with its dictionary VR, as pydicom does
            if (vr.equals("UN")) vr = DicomTags.implicitVr(tag);
            if (len <= KEEP_LIMIT && !vr.equals("SQ")) ds.put(tag, value(in, tag, vr, (int) len));
            else skipValue(in, tag, vr, len, implicit);
        }
        return ds;
    }

    /** Reads the file meta group (always explicit VR LE); returns its TransferSyntaxUID or null. */
    private static String readMeta(DicomInput in) {
        in.big = false;
        String syntax = null;
        byte[] peek = new byte[2];
        while (in.peek(peek, 2) == 2 && peek[0] == 2 && peek[1] == 0) {
            long start = in.position();
            int tag = readTag(in);
            String vr = readVr(in, tag);
            long len = readLength(in, false, vr, tag);
            if (len == UNDEFINED) throw in.error(DicomTags.keyword(tag), "undefined length in the file meta group");
            checkLength(in, tag, len, start);
            if (tag == DicomTags.TRANSFER_SYNTAX_UID) syntax = (String) value(in, tag, "UI", (int) len);
            else in.skip(len, DicomTags.keyword(tag));
        }
        if (syntax != null && syntax.isEmpty()) syntax = null;
        return syntax;
    }

    /** pydicom's guess for a data set without a transfer syntax: explicit if bytes 4-5 are a VR; byte order from the group. */
    private static String guess(DicomInput in) {
        byte[] b = new byte[8];
        if (in.peek(b, 8) < 8) throw in.error(null, "too short for a DICOM data set");
        int le = (b[0] & 0xFF) | ((b[1] & 0xFF) << 8);
        int be = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
        boolean explicit = ALL_VRS.contains(new String(b, 4, 2, StandardCharsets.ISO_8859_1));
        if (!explicit) return TransferSyntax.IMPLICIT_LE;
        return le <= be ? TransferSyntax.EXPLICIT_LE : TransferSyntax.EXPLICIT_BE;
    }

    /**
     * Some writers put an implicit-VR data set under an explicit syntax (pydicom's test files include such);
     * like pydicom, we look at the first element and switch when its bytes 4-5 are no VR.
     */
    private static boolean switchedToImplicit(DicomInput in) {
        byte[] b = new byte[8];
        if (in.peek(b, 8) < 8) return false;
        return !ALL_VRS.contains(new String(b, 4, 2, StandardCharsets.ISO_8859_1));
    }

    private static int readTag(DicomInput in) {
        int g = in.u16("tag");
        int e = in.u16("tag");
        return (g << 16) | e;
    }

    private static String readVr(DicomInput in, int tag) {
        if ((tag >>> 16) == 0xFFFE) return "--"; // items and delimiters carry no VR
        byte[] v = in.bytes(2, DicomTags.keyword(tag));
        String vr = new String(v, StandardCharsets.ISO_8859_1);
        if (!ALL_VRS.contains(vr))
            throw in.error(DicomTags.keyword(tag), "has VR bytes 0x" + String.format("%02X%02X", v[0], v[1]) + " at byte " + (in.position() - 2) + ", not a DICOM VR (wrong transfer syntax or corrupt file)");
        return vr;
    }

    private static long readLength(DicomInput in, boolean implicit, String vr, int tag) {
        String field = DicomTags.keyword(tag);
        if (implicit || vr.equals("--")) return in.u32(field);
        if (LONG_VRS.contains(vr)) {
            in.u16(field); // reserved
            return in.u32(field);
        }
        return in.u16(field);
    }

    private static void checkLength(DicomInput in, int tag, long len, long start) {
        String field = DicomTags.keyword(tag);
        if (len > in.remaining())
            throw in.error(field, "element at byte " + start + " has length " + len + ", which runs past the end of the file (" + in.remaining() + " bytes left)");
        if ((len & 1) != 0)
            throw in.error(field, "element at byte " + start + " has odd length " + len + "; DICOM values have even lengths");
    }

    private static void skipValue(DicomInput in, int tag, String vr, long len, boolean implicit) {
        in.skip(len, DicomTags.keyword(tag));
    }

    /** Walks an undefined-length value: a sequence (SQ, or UN/unknown which PS3.5 6.2.2 says is implicit VR LE inside). */
    private static void skipUndefined(DicomInput in, int tag, String vr, boolean implicit) {
        if (vr.equals("SQ")) skipItems(in, implicit, tag);
        else if (vr.equals("UN")) skipItems(in, true, tag);
        else throw in.error(DicomTags.keyword(tag), "has undefined length with VR " + vr + "; only sequences may");
    }

    private static void skipItems(DicomInput in, boolean implicit, int seqTag) {
        String field = DicomTags.keyword(seqTag);
        while (true) {
            int tag = readTag(in);
            long len = in.u32(field);
            if (tag == DicomTags.SEQUENCE_DELIMITER) return;
            if (tag != DicomTags.ITEM) throw in.error(field, "sequence holds " + DicomTags.hex(tag) + " where an item was expected (byte " + (in.position() - 8) + ")");
            if (len != UNDEFINED) {
                checkLength(in, seqTag, len, in.position());
                in.skip(len, field);
                continue;
            }
            while (true) { // an item of undefined length: elements up to the item delimiter
                long start = in.position();
                int t = readTag(in);
                if (t == DicomTags.ITEM_DELIMITER) {
                    in.u32(field);
                    break;
                }
                String vr = implicit ? DicomTags.implicitVr(t) : readVr(in, t);
                long l = readLength(in, implicit, vr, t);
                if (l == UNDEFINED) skipUndefined(in, t, implicit ? "SQ" : vr, implicit);
                else {
                    checkLength(in, t, l, start);
                    in.skip(l, DicomTags.keyword(t));
                }
            }
        }
    }

    private static Object value(DicomInput in, int tag, String vr, int len) {
        byte[] b = in.bytes(len, DicomTags.keyword(tag));
        if (STRING_VRS.contains(vr)) {
            int end = b.length;
            while (end > 0 && (b[end - 1] == ' ' || b[end - 1] == 0)) end--;
            int begin = 0;
            while (begin < end && b[begin] == ' ') begin++;
            return new String(b, begin, end - begin, StandardCharsets.ISO_8859_1);
        }
        ByteBuffer bb = ByteBuffer.wrap(b).order(in.big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        switch (vr) {
            case "US", "SS", "UL", "SL" -> {
                int size = vr.equals("US") || vr.equals("SS") ? 2 : 4;
                long[] out = new long[len / size];
                for (int i = 0; i < out.length; i++)
                    out[i] = switch (vr) {
                        case "US" -> bb.getShort(i * 2) & 0xFFFF;
                        case "SS" -> bb.getShort(i * 2);
                        case "UL" -> bb.getInt(i * 4) & 0xFFFFFFFFL;
                        default -> bb.getInt(i * 4);
                    };
                return out;
            }
            case "FL", "FD" -> {
                int size = vr.equals("FL") ? 4 : 8;
                double[] out = new double[len / size];
                for (int i = 0; i < out.length; i++) out[i] = size == 4 ? bb.getFloat(i * 4) : bb.getDouble(i * 8);
                return out;
            }
            default -> {
                return b;
            }
        }
    }
}
