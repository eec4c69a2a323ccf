package dev.axial.io.dicom;

import dev.axial.io.ImageFileException;
import dev.axial.io.raw.AtomicFiles;
import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

/**
 * Writes a volume as a DICOM series: one uncompressed explicit-VR-little-endian single-frame file per slice
 * ({@code IM00000.dcm} …), with the minimal CT / secondary-capture tags (UIDs, InstanceNumber,
 * ImagePositionPatient, ImageOrientationPatient, PixelSpacing, SliceThickness, RescaleSlope/Intercept).
 * The volume is in {@link DicomReader}'s layout: (columns, rows, slices) with a RAS affine, so reading the
 * folder back gives the same array and affine. UINT8 and INT16 are stored as they are; INT32 as unsigned
 * 16-bit (it must fit); FLOAT32/FLOAT64 as int16 with RescaleSlope/Intercept (slope 1 when every value is an
 * integer in int16's range, which reads back exactly; otherwise the range is spread over 65536 levels).
 * Each file is written to a temporary name and renamed.
 *
 * <pre>{@code
 * new DicomWriter().writeSeries(ct, Path.of("out/ct_series"));    // IM00000.dcm ... IM00127.dcm
 * }</pre>
 */
public final class DicomWriter {
    private static final String CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2";
    private static final String SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7";

    /** Writes {@code volume} ((cols, rows) or (cols, rows, slices), CPU) into {@code folder}. */
    public void writeSeries(MetaTensor volume, Path folder) {
        if (!volume.array().isContiguous()) { // e.g. DicomReader's and NiftiReader's permuted views
            try (MetaTensor c = new MetaTensor(volume.array().contiguous(), volume.affine(), null)) {
                writeSeries(c, folder);
            }
            return;
        }
        long[] shape = volume.shape();
        if (shape.length != 2 && shape.length != 3)
            throw new IllegalArgumentException("DicomWriter.writeSeries: shape " + java.util.Arrays.toString(shape) + "; (cols, rows[, slices]) expected");
        int cols = Math.toIntExact(shape[0]), rows = Math.toIntExact(shape[1]), k = shape.length == 3 ? Math.toIntExact(shape[2]) : 1;
        if (cols > 65535 || rows > 65535) throw new IllegalArgumentException("DicomWriter.writeSeries: rows and columns must be <= 65535");
        MemorySegment src = volume.array().hostSegment();
        DType dt = volume.dtype();
        long n = (long) cols * rows * k;
        // storage: bits, signed, slope, intercept
        boolean signed;
        int bits;
        double slope = 1, intercept = 0;
        boolean rescale = false;
        switch (dt) {
            case UINT8 -> { bits = 8; signed = false; }
            case INT8 -> { bits = 8; signed = true; }
            case INT16 -> { bits = 16; signed = true; }
            case INT32 -> {
                for (long i = 0; i < n; i++) {
                    int v = src.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i);
                    if (v < 0 || v > 65535) throw new IllegalArgumentException("DicomWriter.writeSeries: INT32 value " + v + " does not fit unsigned 16-bit");
                }
                bits = 16; signed = false;
            }
            case FLOAT32, FLOAT64 -> {
                bits = 16; signed = true; rescale = true;
                double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
                boolean integral = true;
                for (long i = 0; i < n; i++) {
                    double v = value(src, dt, i);
                    if (!Double.isFinite(v)) throw new IllegalArgumentException("DicomWriter.writeSeries: non-finite value " + v);
                    min = Math.min(min, v); max = Math.max(max, v);
                    integral &= v == Math.rint(v);
                }
                if (!(integral && min >= Short.MIN_VALUE && max <= Short.MAX_VALUE)) {
                    slope = max > min ? (max - min) / 65535.0 : 1;
                    intercept = min + 32768 * slope;
                }
            }
            default -> throw new IllegalArgumentException("DicomWriter.writeSeries: dtype " + dt + " is not supported (UINT8, INT8, INT16, INT32, FLOAT32, FLOAT64)");
        }
        double[][] a = volume.affine();
        double[] ci = new double[3], cj = new double[3], step = new double[3], t = new double[3];
        for (int i = 0; i < 3; i++) { // RAS -> LPS: negate the first two rows
            double s = i < 2 ? -1 : 1;
            ci[i] = s * a[i][0]; cj[i] = s * a[i][1]; step[i] = s * a[i][2]; t[i] = s * a[i][3];
        }
        double dc = norm(ci), dr = norm(cj);
        if (dc == 0 || dr == 0) throw new IllegalArgumentException("DicomWriter.writeSeries: the affine's first two columns must be non-zero");
        String iop = ds(ci[0] / dc) + "\\" + ds(ci[1] / dc) + "\\" + ds(ci[2] / dc) + "\\" + ds(cj[0] / dr) + "\\" + ds(cj[1] / dr) + "\\" + ds(cj[2] / dr);
        String study = uid(), series = uid();
        String sop = bits == 8 ? SECONDARY_CAPTURE : CT_IMAGE;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new ImageFileException(folder, "DICOM", null, "cannot create the series folder: " + e, e);
        }
        byte[] px = new byte[rows * cols * (bits / 8)];
        for (int z = 0; z < k; z++) {
            String instance = uid();
            ByteArrayOutputStream meta = new ByteArrayOutputStream();
            el(meta, 0x00020001, "OB", new byte[]{0, 1});
            el(meta, 0x00020002, "UI", str(sop, true));
            el(meta, 0x00020003, "UI", str(instance, true));
            el(meta, DicomTags.TRANSFER_SYNTAX_UID, "UI", str(TransferSyntax.EXPLICIT_LE, true));
            el(meta, 0x00020012, "UI", str("2.25.1", true));
            ByteArrayOutputStream h = new ByteArrayOutputStream();
            h.writeBytes(new byte[128]);
            h.writeBytes("DICM".getBytes(StandardCharsets.ISO_8859_1));
            el(h, 0x00020000, "UL", le32(meta.size()));
            h.writeBytes(meta.toByteArray());
            el(h, 0x00080008, "CS", str("DERIVED\\SECONDARY\\AXIAL", false));
            el(h, DicomTags.SOP_CLASS_UID, "UI", str(sop, true));
            el(h, DicomTags.SOP_INSTANCE_UID, "UI", str(instance, true));
            el(h, DicomTags.MODALITY, "CS", str(bits == 8 ? "OT" : "CT", false));
            el(h, DicomTags.SLICE_THICKNESS, "DS", str(ds(norm(step) == 0 ? 1 : norm(step)), false));
            el(h, DicomTags.STUDY_INSTANCE_UID, "UI", str(study, true));
            el(h, DicomTags.SERIES_INSTANCE_UID, "UI", str(series, true));
            el(h, DicomTags.INSTANCE_NUMBER, "IS", str(Integer.toString(z + 1), false));
            el(h, DicomTags.IMAGE_POSITION_PATIENT, "DS", str(ds(t[0] + z * step[0]) + "\\" + ds(t[1] + z * step[1]) + "\\" + ds(t[2] + z * step[2]), false));
            el(h, DicomTags.IMAGE_ORIENTATION_PATIENT, "DS", str(iop, false));
            el(h, DicomTags.SAMPLES_PER_PIXEL, "US", le16(1));
            el(h, DicomTags.PHOTOMETRIC_INTERPRETATION, "CS", str("MONOCHROME2", false));
            el(h, DicomTags.ROWS, "US", le16(rows));
            el(h, DicomTags.COLUMNS, "US", le16(cols));
            el(h, DicomTags.PIXEL_SPACING, "DS", str(ds(dr) + "\\" + ds(dc), false));
            el(h, DicomTags.BITS_ALLOCATED, "US", le16(bits));
            el(h, DicomTags.BITS_STORED, "US", le16(bits));
            el(h, DicomTags.HIGH_BIT, "US", le16(bits - 1));
            el(h, DicomTags.PIXEL_REPRESENTATION, "US", le16(signed ? 1 : 0));
            if (rescale) {
                el(h, DicomTags.RESCALE_INTERCEPT, "DS", str(ds(intercept), false));
                el(h, DicomTags.RESCALE_SLOPE, "DS", str(ds(slope), false));
            }
            header(h, DicomTags.PIXEL_DATA, bits == 8 ? "OB" : "OW", px.length + (px.length & 1));
            // slice z, pixel (r, c) is volume[c][r][z]
            int o = 0;
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++) {
                    long i = ((long) c * rows + r) * k + z;
                    if (bits == 8) px[o++] = src.get(ValueLayout.JAVA_BYTE, i);
                    else {
                        int v;
                        if (rescale) {
                            double x = Math.rint((value(src, dt, i) - intercept) / slope);
                            v = (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, x));
                        } else v = dt == DType.INT16 ? src.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i) : src.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i);
                        px[o++] = (byte) v;
                        px[o++] = (byte) (v >> 8);
                    }
                }
            write(folder.resolve(String.format(Locale.ROOT, "IM%05d.dcm", z)), h.toByteArray(), px);
        }
    }

    private static void write(Path target, byte[] header, byte[] pixels) {
        AtomicFiles.write(target, "DICOM", out -> {
            out.write(header);
            out.write(pixels);
            if ((pixels.length & 1) != 0) out.write(0);
        });
    }

    private static double value(MemorySegment s, DType dt, long i) {
        return dt == DType.FLOAT32 ? s.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i) : s.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i);
    }

    private static double norm(double[] v) { return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]); }

    /** A DS value: at most 16 characters (PS3.5 6.2), as many significant digits as fit. */
    static String ds(double v) {
        if (v == 0) return "0";
        String s = Double.toString(v);
        if (s.length() <= 16 && !s.contains("E")) return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
        for (int digits = 15; digits > 1; digits--) {
            String t = new java.math.BigDecimal(v).round(new java.math.MathContext(digits)).stripTrailingZeros().toString();
            if (t.length() <= 16) return t;
        }
        throw new IllegalArgumentException("DicomWriter: " + v + " does not fit a DS");
    }

    private static String uid() {
        UUID u = UUID.randomUUID();
        BigInteger b = new BigInteger(1, java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array());
        return "2.25." + b;
    }

    private static byte[] str(String s, boolean uid) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        if ((b.length & 1) == 0) return b;
        byte[] p = java.util.Arrays.copyOf(b, b.length + 1);
        p[b.length] = uid ? 0 : (byte) ' ';
        return p;
    }

    private static byte[] le16(int v) { return new byte[]{(byte) v, (byte) (v >> 8)}; }

    private static byte[] le32(int v) { return new byte[]{(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)}; }

    private static void el(ByteArrayOutputStream out, int tag, String vr, byte[] value) {
        header(out, tag, vr, value.length);
        out.writeBytes(value);
    }

    private static void header(ByteArrayOutputStream out, int tag, String vr, long len) {
        out.writeBytes(le16(tag >>> 16));
        out.writeBytes(le16(tag & 0xFFFF));
        out.writeBytes(vr.getBytes(StandardCharsets.ISO_8859_1));
        if (vr.equals("OB") || vr.equals("OW") || vr.equals("UN") || vr.equals("SQ") || vr.equals("UT")) {
            out.writeBytes(le16(0));
            out.writeBytes(le32((int) len));
        } else out.writeBytes(le16((int) len));
    }
}
