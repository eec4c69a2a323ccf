package dev.axial.io.dicom;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The top-level elements of one DICOM file, as typed values: strings (CS, UI, DA, DS, IS … with trailing
 * padding removed; multi-valued ones keep their backslashes), {@code long[]} for US/SS/UL/SL, {@code double[]}
 * for FL/FD, {@code byte[]} for short binary values. Sequences and large binary values are skipped (parsed,
 * not kept). The pixel data is located, not read: {@link #pixelOffset()} in the (inflated) stream.
 *
 * <pre>{@code
 * DicomDataset ds = DicomParser.readHeader(Path.of("CT_small.dcm"));
 * int rows = ds.integer(DicomTags.ROWS, 0);
 * double[] ipp = ds.doubles(DicomTags.IMAGE_POSITION_PATIENT);
 * }</pre>
 */
public final class DicomDataset {
    private final Path file;
    private final String transferSyntax;
    private final Map<Integer, Object> values = new LinkedHashMap<>();
    long pixelOffset = -1;
    long pixelLength = -1;   // -1: undefined length (encapsulated)
    String pixelVr;

    DicomDataset(Path file, String transferSyntax) {
        this.file = file;
        this.transferSyntax = transferSyntax;
    }

    public Path file() { return file; }

    /** The transfer syntax UID (from the file meta, or the one guessed for files without it). */
    public String transferSyntax() { return transferSyntax; }

    /** Every kept element by tag (read-only). */
    public Map<Integer, Object> values() { return Collections.unmodifiableMap(values); }

    void put(int tag, Object value) { values.put(tag, value); }

    public boolean has(int tag) { return values.containsKey(tag); }

    public boolean hasPixelData() { return pixelOffset >= 0; }

    /** Where the pixel data's value starts in the (inflated) data stream, or -1. */
    public long pixelOffset() { return pixelOffset; }

    /** The pixel data's length in bytes, or -1 for undefined length (encapsulated fragments). */
    public long pixelLength() { return pixelLength; }

    /** The value as a string (numbers are formatted), or null when absent. */
    public String string(int tag) {
        Object v = values.get(tag);
        if (v == null) return null;
        if (v instanceof String s) return s;
        if (v instanceof long[] a && a.length > 0) return Long.toString(a[0]);
        if (v instanceof double[] a && a.length > 0) return Double.toString(a[0]);
        return null;
    }

    /** A numeric multi-value (DS "1.5\2", US, FD …), or null when absent or empty. */
    public double[] doubles(int tag) {
        Object v = values.get(tag);
        if (v instanceof double[] a) return a.clone();
        if (v instanceof long[] a) {
            double[] d = new double[a.length];
            for (int i = 0; i < a.length; i++) d[i] = a[i];
            return d;
        }
        if (v instanceof String s) {
            if (s.isBlank()) return null;
            String[] parts = s.split("\\\\");
            double[] d = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    d[i] = Double.parseDouble(parts[i].strip());
                } catch (NumberFormatException e) {
                    throw new dev.axial.io.ImageFileException(file, "DICOM", DicomTags.keyword(tag), "value '" + s + "' is not a number list");
                }
            }
            return d;
        }
        return null;
    }

    /** The first value as a double, or {@code dflt} when absent. */
    public double number(int tag, double dflt) {
        double[] d = doubles(tag);
        return d == null || d.length == 0 ? dflt : d[0];
    }

    /** The first value as an int, or {@code dflt} when absent. */
    public int integer(int tag, int dflt) {
        double d = number(tag, Double.NaN);
        if (Double.isNaN(d)) return dflt;
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE)
            throw new dev.axial.io.ImageFileException(file, "DICOM", DicomTags.keyword(tag), "is " + d + "; an integer was expected");
        return (int) d;
    }
}
