package dev.axial.io.dicom;

import java.util.Map;

/**
 * The DICOM transfer syntaxes by UID and name (PS3.6 Annex A), and how each one is parsed and decoded here.
 *
 * <pre>{@code
 * TransferSyntax.name("1.2.840.10008.1.2.4.91")   // "JPEG 2000 Image Compression"
 * }</pre>
 */
public final class TransferSyntax {
    private TransferSyntax() {}

    public static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    public static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    public static final String DEFLATED_LE = "1.2.840.10008.1.2.1.99";
    public static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";
    public static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
    public static final String JPEG_EXTENDED = "1.2.840.10008.1.2.4.51";
    public static final String JPEG_LOSSLESS = "1.2.840.10008.1.2.4.57";
    public static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";
    public static final String RLE = "1.2.840.10008.1.2.5";

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry(IMPLICIT_LE, "Implicit VR Little Endian"),
            Map.entry(EXPLICIT_LE, "Explicit VR Little Endian"),
            Map.entry(DEFLATED_LE, "Deflated Explicit VR Little Endian"),
            Map.entry(EXPLICIT_BE, "Explicit VR Big Endian"),
            Map.entry(JPEG_BASELINE, "JPEG Baseline (Process 1)"),
            Map.entry(JPEG_EXTENDED, "JPEG Extended (Process 2 & 4)"),
            Map.entry(JPEG_LOSSLESS, "JPEG Lossless, Non-Hierarchical (Process 14)"),
            Map.entry(JPEG_LOSSLESS_SV1, "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])"),
            Map.entry("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression"),
            Map.entry("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression"),
            Map.entry("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)"),
            Map.entry("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression"),
            Map.entry("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)"),
            Map.entry("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component Image Compression"),
            Map.entry("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level"),
            Map.entry("1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level"),
            Map.entry("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1"),
            Map.entry("1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1"),
            Map.entry("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1"),
            Map.entry("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)"),
            Map.entry("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression"),
            Map.entry(RLE, "RLE Lossless"));

    /** The syntax's name, or "unknown transfer syntax". */
    public static String name(String uid) { return NAMES.getOrDefault(uid, "unknown transfer syntax"); }

    /** True for the syntaxes whose data set is explicit VR little endian with encapsulated pixel data. */
    static boolean encapsulated(String uid) {
        return !uid.equals(IMPLICIT_LE) && !uid.equals(EXPLICIT_LE) && !uid.equals(DEFLATED_LE) && !uid.equals(EXPLICIT_BE);
    }

    static boolean jpeg(String uid) {
        return uid.equals(JPEG_BASELINE) || uid.equals(JPEG_EXTENDED) || uid.equals(JPEG_LOSSLESS) || uid.equals(JPEG_LOSSLESS_SV1);
    }

    static String describe(String uid) { return uid + " (" + name(uid) + ")"; }
}
