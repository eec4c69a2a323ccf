package dev.axial.transforms.utility;

import dev.axial.tensor.RandomState;
import dev.axial.transforms.MapTransform;

import java.util.Map;

/**
 * MONAI's {@code SaveImaged} as a transform: writes the keys' images through {@link dev.axial.io.SaveImaged}
 * (configure on {@link #io()}) and returns the data unchanged (a copy of the map).
 *
 * <pre>{@code
 * SaveImaged save = new SaveImaged("pred");
 * save.io().outputDir("out").outputPostfix("seg");
 * }</pre>
 */
public class SaveImaged extends MapTransform {
    private final dev.axial.io.SaveImaged io;

    public SaveImaged(String... keys) {
        super(keys);
        io = new dev.axial.io.SaveImaged(keys);
    }

    /** The io module's saver, to configure. */
    public dev.axial.io.SaveImaged io() { return io; }

    @Override public SaveImaged allowMissingKeys(boolean allow) {
        super.allowMissingKeys(allow);
        io.allowMissingKeys(allow);
        return this;
    }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        presentKeys(d);
        try {
            return copy(io.apply(d));
        } catch (IllegalArgumentException | java.io.UncheckedIOException | dev.axial.io.ImageFileException e) {
            throw error(e.getMessage());
        }
    }
}
