package dev.axial.io.nifti;

import dev.axial.io.ImageFileException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed NIfTI-1 (348 bytes), NIfTI-2 (540 bytes) or Analyze 7.5 header, validated, with nibabel's repairs
 * (qfac 0 → 1, zero voxel sizes → 1, negative ones → their absolute value) and nibabel's affine choice: sform
 * when sform_code &gt; 0, else qform when qform_code &gt; 0, else the fallback from pixdim. Byte order is told by
 * sizeof_hdr.
 *
 * <pre>{@code
 * NiftiHeader h = NiftiHeader.parse(path, firstBytes);   // firstBytes: at least h.headerSize() bytes
 * long[] shape = h.shape();  double[][] affine = h.affine();
 * }</pre>
 */
public final class NiftiHeader {
    /** The header flavours. */
    public enum Kind { NIFTI1, NIFTI2, ANALYZE }

    static final String FORMAT = "NIfTI";

    final Path file;
    final Kind kind;
    final ByteOrder order;
    /** True for "n+1"/"n+2" (data in the same file), false for pairs and Analyze. */
    final boolean single;
    final long[] dim = new long[8];
    final double[] pixdim = new double[8];
    final NiftiDataType type;
    final int datatype, bitpix;
    final long voxOffset;
    final double sclSlope, sclInter;
    final int qformCode, sformCode;
    double quatB, quatC, quatD;   // NOTE: not final: MONAI's header correction may rewrite the qform
    final double[] qoffset = new double[3];
    final double[][] srow = new double[3][4];
    /** Fields that only go into the metadata, in MONAI's key order. */
    final Map<String, Object> extra = new LinkedHashMap<>();
    final short[] origin = new short[5];

    /** Bytes of the fixed header: 348 (NIfTI-1, Analyze) or 540 (NIfTI-2). */
    public static int sizeOf(MemorySegment first4, Path file) {
        int le = first4.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        int be = first4.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 0);
        if (le == 348 || be == 348) return 348;
        if (le == 540 || be == 540) return 540;
        throw new ImageFileException(file, FORMAT, "sizeof_hdr", "is " + le + " (little-endian) / " + be
                + " (big-endian); a NIfTI-1 or Analyze header has 348, a NIfTI-2 header 540");
    }

    private NiftiHeader(Path file, MemorySegment h) {
        this.file = file;
        int le = h.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        this.order = (le == 348 || le == 540) ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        int size = sizeOf(h, file);
        if (h.byteSize() < size)
            throw new ImageFileException(file, FORMAT, null, "is truncated: " + h.byteSize() + " bytes, the header needs " + size);
        String magic;
        if (size == 540) {
            kind = Kind.NIFTI2;
            magic = text(h, 4, 4);
            datatype = s16(h, 12);
            bitpix = s16(h, 14);
            for (int i = 0; i < 8; i++) dim[i] = s64(h, 16 + 8 * i);
            for (int i = 0; i < 8; i++) pixdim[i] = f64(h, 104 + 8 * i);
            voxOffset = s64(h, 168);
            sclSlope = f64(h, 176);
            sclInter = f64(h, 184);
            qformCode = s32(h, 344);
            sformCode = s32(h, 348);
            quatB = f64(h, 352);
            quatC = f64(h, 360);
            quatD = f64(h, 368);
            for (int i = 0; i < 3; i++) qoffset[i] = f64(h, 376 + 8 * i);
            for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) srow[r][c] = f64(h, 400 + 32 * r + 8 * c);
        } else {
            magic = text(h, 344, 4);
            kind = magic.equals("ni1") || magic.equals("n+1") ? Kind.NIFTI1 : Kind.ANALYZE;
            for (int i = 0; i < 8; i++) dim[i] = s16(h, 40 + 2 * i);
            datatype = s16(h, 70);
            bitpix = s16(h, 72);
            for (int i = 0; i < 8; i++) pixdim[i] = f32(h, 76 + 4 * i);
            double vo = f32(h, 108);
            if (!(vo >= 0 && vo < 1L << 40))
                throw new ImageFileException(file, FORMAT, "vox_offset", "is " + vo + "; must be a byte offset >= 0");
            voxOffset = (long) vo;
            sclSlope = f32(h, 112);
            sclInter = f32(h, 116);
            if (kind == Kind.NIFTI1) {
                qformCode = s16(h, 252);
                sformCode = s16(h, 254);
                quatB = f32(h, 256);
                quatC = f32(h, 260);
                quatD = f32(h, 264);
                for (int i = 0; i < 3; i++) qoffset[i] = f32(h, 268 + 4 * i);
                for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) srow[r][c] = f32(h, 280 + 16 * r + 4 * c);
            } else {
                qformCode = sformCode = 0;
                quatB = quatC = quatD = 0;
                for (int i = 0; i < 5; i++) origin[i] = h.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order), 253 + 2 * i);
            }
        }
        if (kind == Kind.NIFTI2 && !magic.equals("n+2") && !magic.equals("ni2"))
            throw new ImageFileException(file, FORMAT, "magic", "is \"" + magic + "\"; a NIfTI-2 header has \"n+2\" or \"ni2\"");
        single = magic.equals("n+1") || magic.equals("n+2");
        collectExtra(h);
        type = checkType();
        checkDims();
        if (voxOffset != 0 && single && voxOffset < size)
            throw new ImageFileException(file, FORMAT, "vox_offset", "is " + voxOffset + "; the data of a single-file image start after the " + size + "-byte header");
        // nibabel's repairs on load (its header checks with fix=True)
        if (kind != Kind.ANALYZE && pixdim[0] != 1 && pixdim[0] != -1) pixdim[0] = 1;
        for (int i = 1; i <= 3; i++) pixdim[i] = pixdim[i] == 0 ? 1 : Math.abs(pixdim[i]);
    }

    /** Parses and validates the header at the start of {@code h}. */
    public static NiftiHeader parse(Path file, MemorySegment h) {
        if (h.byteSize() < 4) throw new ImageFileException(file, FORMAT, null, "is truncated: " + h.byteSize() + " bytes, no header");
        return new NiftiHeader(file, h);
    }

    private NiftiDataType checkType() {
        NiftiDataType t = NiftiDataType.of(datatype);
        if (t == null)
            throw new ImageFileException(file, FORMAT, "datatype", "is " + datatype + ", not a NIfTI datatype code");
        if (t.dtype == null)
            throw new ImageFileException(file, FORMAT, "datatype", "is " + datatype + " (" + t.label + "), which Axial cannot read (no "
                    + (t == NiftiDataType.FLOAT128 ? "float128" : "complex") + " dtype); convert the image to a real dtype first");
        if (bitpix != t.bitpix())
            throw new ImageFileException(file, FORMAT, "bitpix", "is " + bitpix + " but datatype " + datatype + " (" + t.label + ") has " + t.bitpix());
        return t;
    }

    private void checkDims() {
        if (dim[0] < 1 || dim[0] > 7)
            throw new ImageFileException(file, FORMAT, "dim[0]", "is " + dim[0] + "; the number of dimensions must be 1..7");
        long bytes = (long) type.diskBytes * type.channels();
        for (int i = 1; i <= dim[0]; i++) {
            if (dim[i] < 1)
                throw new ImageFileException(file, FORMAT, "dim[" + i + "]", "is " + dim[i] + "; dimensions must be >= 1");
            try {
                bytes = Math.multiplyExact(bytes, dim[i]);
            } catch (ArithmeticException e) {
                throw new ImageFileException(file, FORMAT, "dim", "overflows: the product of " + java.util.Arrays.toString(shape()) + " is beyond 2^63 bytes");
            }
        }
    }

    /** Header size in bytes. */
    public int headerSize() { return kind == Kind.NIFTI2 ? 540 : 348; }

    /** nibabel's shape: dim[1..dim[0]], no squeezing. */
    public long[] shape() {
        long[] s = new long[(int) Math.max(0, Math.min(7, dim[0]))];
        System.arraycopy(dim, 1, s, 0, s.length);
        return s;
    }

    /** Bytes of voxel data. */
    public long dataBytes() {
        long n = (long) type.diskBytes * type.channels();
        for (long d : shape()) n *= d;
        return n;
    }

    /** Where the voxel data start: vox_offset, or the end of header + 4 extension flag bytes for single files when 0. */
    public long dataOffset() {
        if (single && voxOffset == 0) return headerSize() + 4L;
        return voxOffset;
    }

    public Kind kind() { return kind; }

    public ByteOrder order() { return order; }

    public NiftiDataType type() { return type; }

    /** nibabel's (slope, inter) or null when no scaling applies (slope 0 or not finite, or exactly (1, 0)). */
    double[] scaling(Path f) {
        if (kind == Kind.ANALYZE && !(sclSlope != 0 && Double.isFinite(sclSlope))) return null;
        if (sclSlope == 0 || !Double.isFinite(sclSlope)) return null;
        double inter = sclInter;
        if (kind == Kind.ANALYZE && !Double.isFinite(inter)) inter = 0;
        if (!Double.isFinite(inter))
            throw new ImageFileException(f, FORMAT, "scl_inter", "is " + inter + " with a valid scl_slope " + sclSlope);
        if (sclSlope == 1 && inter == 0) return null;
        return new double[] {sclSlope, inter};
    }

    /** The sform as a 4×4 matrix (whatever its code). */
    double[][] sform() {
        double[][] a = new double[4][];
        for (int r = 0; r < 3; r++) a[r] = srow[r].clone();
        a[3] = new double[] {0, 0, 0, 1};
        return a;
    }

    /** The qform as a 4×4 matrix (whatever its code). */
    double[][] qform() {
        double thr = kind == Kind.NIFTI2 ? -3 * Math.ulp(1.0) : -3 * Math.ulp(1.0f);
        double[][] q = NiftiAffine.qform(quatB, quatC, quatD, pixdim, qoffset, thr);
        if (q == null)
            throw new ImageFileException(file, FORMAT, "quatern_b", "quatern_b/c/d = " + quatB + ", " + quatC + ", " + quatD + " have a norm above 1");
        return q;
    }

    /** nibabel's best affine. */
    public double[][] affine() {
        if (kind == Kind.ANALYZE) return analyzeAffine();
        if (sformCode > 0) return sform();
        if (qformCode > 0) return qform();
        long[] s = shape();
        double[] z = new double[s.length];
        System.arraycopy(pixdim, 1, z, 0, z.length);
        return NiftiAffine.fallback(s, z);
    }

    /** SPM's origin affine (nibabel's Spm99/Spm2 Analyze): the origin field when sensible, else the centre. */
    private double[][] analyzeAffine() {
        double[] z = {-pixdim[1], pixdim[2], pixdim[3]};
        double[] o = new double[3];
        boolean any = false, sensible = true;
        for (int i = 0; i < 3; i++) {
            long d = i + 1 <= dim[0] ? dim[i + 1] : 1;
            any |= origin[i] != 0;
            sensible &= origin[i] > -d && origin[i] < d * 2;
        }
        for (int i = 0; i < 3; i++) {
            long d = i + 1 <= dim[0] ? dim[i + 1] : 1;
            o[i] = any && sensible ? origin[i] - 1 : (d - 1) / 2.0;
        }
        double[][] a = new double[4][4];
        for (int i = 0; i < 3; i++) {
            a[i][i] = z[i];
            a[i][3] = -o[i] * z[i];
        }
        a[3][3] = 1;
        return a;
    }

    private void collectExtra(MemorySegment h) {
        if (kind == Kind.NIFTI2) {
            extra.put("eol_check", new long[] {h.get(ValueLayout.JAVA_BYTE, 8), h.get(ValueLayout.JAVA_BYTE, 9), h.get(ValueLayout.JAVA_BYTE, 10), h.get(ValueLayout.JAVA_BYTE, 11)});
            extra.put("intent_p1", f64(h, 80));
            extra.put("intent_p2", f64(h, 88));
            extra.put("intent_p3", f64(h, 96));
            extra.put("cal_max", f64(h, 192));
            extra.put("cal_min", f64(h, 200));
            extra.put("slice_duration", f64(h, 208));
            extra.put("toffset", f64(h, 216));
            extra.put("slice_start", (int) s64(h, 224));
            extra.put("slice_end", (int) s64(h, 232));
            extra.put("slice_code", s32(h, 496));
            extra.put("xyzt_units", s32(h, 500));
            extra.put("intent_code", s32(h, 504));
            extra.put("dim_info", h.get(ValueLayout.JAVA_BYTE, 524) & 0xff);
            return;
        }
        extra.put("extents", s32(h, 32));
        extra.put("session_error", s16(h, 36));
        extra.put("dim_info", h.get(ValueLayout.JAVA_BYTE, 39) & 0xff);
        extra.put("intent_p1", f32(h, 56));
        extra.put("intent_p2", f32(h, 60));
        extra.put("intent_p3", f32(h, 64));
        extra.put("intent_code", s16(h, 68));
        extra.put("slice_start", s16(h, 74));
        extra.put("slice_end", s16(h, 120));
        extra.put("slice_code", h.get(ValueLayout.JAVA_BYTE, 122) & 0xff);
        extra.put("xyzt_units", h.get(ValueLayout.JAVA_BYTE, 123) & 0xff);
        extra.put("cal_max", f32(h, 124));
        extra.put("cal_min", f32(h, 128));
        extra.put("slice_duration", f32(h, 132));
        extra.put("toffset", f32(h, 136));
        extra.put("glmax", s32(h, 140));
        extra.put("glmin", s32(h, 144));
    }

    private int s16(MemorySegment h, long off) { return h.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order), off); }

    private int s32(MemorySegment h, long off) { return h.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(order), off); }

    private long s64(MemorySegment h, long off) { return h.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order), off); }

    private double f32(MemorySegment h, long off) { return h.get(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(order), off); }

    private double f64(MemorySegment h, long off) { return h.get(ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(order), off); }

    private static String text(MemorySegment h, long off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            byte b = h.get(ValueLayout.JAVA_BYTE, off + i);
            if (b == 0) break;
            sb.append((char) (b & 0xff));
        }
        return sb.toString();
    }
}
