package dev.axial.transforms.lazy;

/**
 * MONAI's {@code LazyAttr}: the keys of a pending operation beyond the applied-operation ones (class, id,
 * orig_size, extra_info, do_transforms, lazy). MONAI 1.5's transforms fill only {@link #SHAPE} and {@link #AFFINE};
 * the others come from {@link Overrides} when the pending operations are applied.
 */
public final class LazyAttr {
    private LazyAttr() {}

    /** The spatial shape after the operation ({@code long[]}). */
    public static final String SHAPE = "lazy_shape";
    /** The voxel-to-voxel map of the operation ({@code double[][]}, (r+1)², output index to input index). */
    public static final String AFFINE = "lazy_affine";
    public static final String PADDING_MODE = "lazy_padding_mode";
    public static final String INTERP_MODE = "lazy_interpolation_mode";
    public static final String DTYPE = "lazy_dtype";
    public static final String ALIGN_CORNERS = "lazy_align_corners";
    public static final String RESAMPLE_MODE = "lazy_resample_mode";
}
