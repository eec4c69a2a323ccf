package dev.axial.tensor;

/**
 * The metadata keys MONAI uses (monai.utils.enums.MetaKeys and the readers' keys), so a MONAI user finds
 * {@code meta.get("affine")}, {@code "spatial_shape"} and friends under the same names.
 */
public final class MetaKeys {
    private MetaKeys() {}

    /** The current affine: a {@code double[][]} mapping voxel indices (i, j, k, 1) to world (RAS, mm). */
    public static final String AFFINE = "affine";
    /** The affine as read from the file, before any transform; never updated. */
    public static final String ORIGINAL_AFFINE = "original_affine";
    /** The spatial shape as read from the file ({@code long[]}); never updated. */
    public static final String SPATIAL_SHAPE = "spatial_shape";
    /** The world space of the affine: {@link #SPACE_RAS} or {@link #SPACE_LPS}. */
    public static final String SPACE = "space";
    public static final String SPACE_RAS = "RAS";
    public static final String SPACE_LPS = "LPS";
    /**
     * Where the reader put the channel axis: an {@code Integer} (e.g. -1 for channel-last, 0 for stacked
     * files) or {@code Double.NaN} when the image has no channel axis (MONAI's "no_channel").
     */
    public static final String ORIGINAL_CHANNEL_DIM = "original_channel_dim";
    /** The file (or folder) the image came from, as a String. */
    public static final String FILENAME_OR_OBJ = "filename_or_obj";
    /** Where SaveImage wrote the image. */
    public static final String SAVED_TO = "saved_to";
    /** The patch index SaveImage appends to file names. */
    public static final String PATCH_INDEX = "patch_index";
    /** The raw voxel sizes of the file header (NIfTI pixdim: qfac first); never updated. */
    public static final String PIXDIM = "pixdim";
    /** The on-disk dtype name before any cast (e.g. "int16"). */
    public static final String DTYPE = "dtype";
    /** The list of operations applied by transforms (MONAI's applied_operations). */
    public static final String APPLIED_OPERATIONS = "applied_operations";
}
