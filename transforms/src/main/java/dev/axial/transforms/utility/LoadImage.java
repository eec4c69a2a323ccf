package dev.axial.transforms.utility;

import dev.axial.tensor.RandomState;
import dev.axial.transforms.TransformBase;

import java.util.List;

/**
 * MONAI's {@code LoadImage} as a transform: a file name (String or Path), or a list of them (one series), to a
 * MetaTensor, through {@link dev.axial.io.LoadImage} (configure readers, dtype, imageOnly ... on {@link #io()}).
 * With imageOnly false the result is io's {@code Loaded} (image and meta), as MONAI's tuple.
 *
 * <pre>{@code
 * Transform load = new LoadImage();
 * load.io().ensureChannelFirst(true);
 * MetaTensor ct = (MetaTensor) load.apply("ct.nii.gz");
 * }</pre>
 */
public class LoadImage extends TransformBase {
    private final dev.axial.io.LoadImage io = new dev.axial.io.LoadImage();

    /** The io module's loader, to configure. */
    public dev.axial.io.LoadImage io() { return io; }

    @Override public Object apply(Object data, RandomState rs) {
        if (data instanceof List<?> l && l.stream().anyMatch(o -> !(o instanceof String || o instanceof java.nio.file.Path)))
            return mapList(data, rs);   // a list of items (e.g. of lists), not one series
        try {
            return io.load(data);
        } catch (IllegalArgumentException | java.io.UncheckedIOException | dev.axial.io.ImageFileException e) {
            throw error(e.getMessage());
        }
    }
}
