package dev.axial.transforms.utility;

import dev.axial.tensor.RandomState;
import dev.axial.transforms.MapTransform;

import java.util.Map;

/**
 * MONAI's {@code LoadImaged} as a transform, so it can open a {@link dev.axial.transforms.Compose}: loads the file
 * names under the keys through {@link dev.axial.io.LoadImaged} (configure readers, dtype, meta keys on {@link #io()}).
 *
 * <pre>{@code
 * Compose pre = new Compose(new LoadImaged("image", "label"), new EnsureChannelFirstd("image", "label"));
 * }</pre>
 */
public class LoadImaged extends MapTransform {
    private final dev.axial.io.LoadImaged io;

    public LoadImaged(String... keys) {
        super(keys);
        io = new dev.axial.io.LoadImaged(keys);
    }

    /** The io module's loader, to configure. */
    public dev.axial.io.LoadImaged io() { return io; }

    @Override public LoadImaged allowMissingKeys(boolean allow) {
        super.allowMissingKeys(allow);
        io.allowMissingKeys(allow);
        return this;
    }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        presentKeys(d);   // the missing-key error in the transforms' words
        try {
            return io.apply(d);
        } catch (IllegalArgumentException | java.io.UncheckedIOException | dev.axial.io.ImageFileException e) {
            throw error(e.getMessage());
        }
    }
}
