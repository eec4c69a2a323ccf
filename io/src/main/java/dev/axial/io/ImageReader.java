package dev.axial.io;

import dev.axial.tensor.MetaTensor;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads one image format, as MONAI's {@code ImageReader}: {@link #verifySuffix} says whether the reader
 * takes a path, {@link #read} decodes it into a CPU {@link MetaTensor} in the file's own dtype (after the
 * format's scaling, e.g. NIfTI scl_slope) and the file's axis order (spatial axes i, j, k as the affine
 * indexes them, then a channel axis where the file has one), with MONAI's metadata keys
 * ({@link dev.axial.tensor.MetaKeys}: affine, original_affine, spatial_shape, original_channel_dim, space,
 * filename_or_obj) plus the format's header fields.
 *
 * <p>A reader must not leave anything half-done: on failure it throws {@link ImageFileException} naming the
 * file and field and frees what it allocated. Register your own with {@link ImageFormats#registerReader}.
 *
 * <pre>{@code
 * ImageFormats.registerReader(new ImageReader() {
 *     public String name() { return "RawFloatReader"; }
 *     public boolean verifySuffix(Path p) { return p.toString().endsWith(".raw"); }
 *     public MetaTensor read(Path p) { ... }
 * });
 * }</pre>
 */
public interface ImageReader {
    /** The reader's name, used by {@code LoadImage.reader("...")}, e.g. "NiftiReader". */
    String name();

    /**
     * Other names that select this reader, e.g. MONAI's "NibabelReader" for the NIfTI reader, so a MONAI
     * user's configuration keeps working.
     */
    default List<String> aliases() { return List.of(); }

    /** True if this reader can read {@code path} (by suffix, or a folder for DICOM series). */
    boolean verifySuffix(Path path);

    /** Reads {@code path}; the caller owns the result. */
    MetaTensor read(Path path);
}
