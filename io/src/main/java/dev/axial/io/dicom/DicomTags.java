package dev.axial.io.dicom;

import java.util.HashMap;
import java.util.Map;

/**
 * The few DICOM tags this package uses, with their keyword and VR (needed for implicit-VR files). Tags are
 * {@code int}s: group in the high 16 bits, element in the low 16 bits.
 *
 * <pre>{@code
 * int rows = dataset.integer(DicomTags.ROWS, 0);
 * DicomTags.keyword(DicomTags.ROWS)    // "Rows"
 * }</pre>
 */
public final class DicomTags {
    private DicomTags() {}

    public static final int TRANSFER_SYNTAX_UID = 0x00020010;
    public static final int SOP_CLASS_UID = 0x00080016;
    public static final int SOP_INSTANCE_UID = 0x00080018;
    public static final int STUDY_DATE = 0x00080020;
    public static final int MODALITY = 0x00080060;
    public static final int PATIENT_NAME = 0x00100010;
    public static final int SLICE_THICKNESS = 0x00180050;
    public static final int STUDY_INSTANCE_UID = 0x0020000D;
    public static final int SERIES_INSTANCE_UID = 0x0020000E;
    public static final int INSTANCE_NUMBER = 0x00200013;
    public static final int IMAGE_POSITION_PATIENT = 0x00200032;
    public static final int IMAGE_ORIENTATION_PATIENT = 0x00200037;
    public static final int SAMPLES_PER_PIXEL = 0x00280002;
    public static final int PHOTOMETRIC_INTERPRETATION = 0x00280004;
    public static final int PLANAR_CONFIGURATION = 0x00280006;
    public static final int NUMBER_OF_FRAMES = 0x00280008;
    public static final int ROWS = 0x00280010;
    public static final int COLUMNS = 0x00280011;
    public static final int PIXEL_SPACING = 0x00280030;
    public static final int BITS_ALLOCATED = 0x00280100;
    public static final int BITS_STORED = 0x00280101;
    public static final int HIGH_BIT = 0x00280102;
    public static final int PIXEL_REPRESENTATION = 0x00280103;
    public static final int RESCALE_INTERCEPT = 0x00281052;
    public static final int RESCALE_SLOPE = 0x00281053;
    public static final int PIXEL_DATA = 0x7FE00010;
    static final int ITEM = 0xFFFEE000;
    static final int ITEM_DELIMITER = 0xFFFEE00D;
    static final int SEQUENCE_DELIMITER = 0xFFFEE0DD;

    private record Entry(String keyword, String vr) {}

    private static final Map<Integer, Entry> DICT = new HashMap<>();

    static {
        put(TRANSFER_SYNTAX_UID, "TransferSyntaxUID", "UI");
        put(SOP_CLASS_UID, "SOPClassUID", "UI");
        put(SOP_INSTANCE_UID, "SOPInstanceUID", "UI");
        put(STUDY_DATE, "StudyDate", "DA");
        put(MODALITY, "Modality", "CS");
        put(PATIENT_NAME, "PatientName", "PN");
        put(SLICE_THICKNESS, "SliceThickness", "DS");
        put(STUDY_INSTANCE_UID, "StudyInstanceUID", "UI");
        put(SERIES_INSTANCE_UID, "SeriesInstanceUID", "UI");
        put(INSTANCE_NUMBER, "InstanceNumber", "IS");
        put(IMAGE_POSITION_PATIENT, "ImagePositionPatient", "DS");
        put(IMAGE_ORIENTATION_PATIENT, "ImageOrientationPatient", "DS");
        put(SAMPLES_PER_PIXEL, "SamplesPerPixel", "US");
        put(PHOTOMETRIC_INTERPRETATION, "PhotometricInterpretation", "CS");
        put(PLANAR_CONFIGURATION, "PlanarConfiguration", "US");
        put(NUMBER_OF_FRAMES, "NumberOfFrames", "IS");
        put(ROWS, "Rows", "US");
        put(COLUMNS, "Columns", "US");
        put(PIXEL_SPACING, "PixelSpacing", "DS");
        put(BITS_ALLOCATED, "BitsAllocated", "US");
        put(BITS_STORED, "BitsStored", "US");
        put(HIGH_BIT, "HighBit", "US");
        put(PIXEL_REPRESENTATION, "PixelRepresentation", "US");
        put(RESCALE_INTERCEPT, "RescaleIntercept", "DS");
        put(RESCALE_SLOPE, "RescaleSlope", "DS");
        put(PIXEL_DATA, "PixelData", "OW");
    }

    private static void put(int tag, String keyword, String vr) { DICT.put(tag, new Entry(keyword, vr)); }

    /** The keyword ("Rows"), or "(0028,0010)" for tags outside this small dictionary. */
    public static String keyword(int tag) {
        Entry e = DICT.get(tag);
        return e != null ? e.keyword : hex(tag);
    }

    /** "(gggg,eeee)". */
    public static String hex(int tag) { return String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF); }

    /** The VR an implicit-VR file implies for {@code tag}: from the dictionary, UL for group lengths, else UN. */
    static String implicitVr(int tag) {
        Entry e = DICT.get(tag);
        if (e != null) return e.vr;
        return (tag & 0xFFFF) == 0 ? "UL" : "UN";
    }
}
