package dev.axial.io;

import dev.axial.tensor.MetaTensor;

import java.nio.file.Path;
import java.util.List;

/**
 * Writes one image format, as MONAI's {@code ImageWriter}. {@link #write} takes the image in file layout:
 * the spatial axes first (i, j, k, as the affine indexes them), then one channel axis last when
 * {@link WriteOptions#channelLast()} is set (SaveImage moves the channel there, as MONAI's writers do).
 * Writers are atomic: they write a temporary file in the target's folder and rename it, so a failure leaves
 * no half-written file behind.
 *
 * <pre>{@code
 * ImageWriter w = ImageFormats.writerFor(Path.of("out/seg.nii.gz"));
 * w.write(prediction, Path.of("out/seg.nii.gz"), new WriteOptions().outputDtype(DType.UINT8));
 * }</pre>
 */
public interface ImageWriter {
    /** The writer's name, e.g. "NiftiWriter". */
    String name();

    /** The file suffixes this writer handles, lower case with the dot, longest first (".nii.gz", ".nii"). */
    List<String> suffixes();

    /** Writes {@code image} to {@code file}. */
    void write(MetaTensor image, Path file, WriteOptions options);
}
