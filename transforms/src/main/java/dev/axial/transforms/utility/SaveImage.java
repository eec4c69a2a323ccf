package dev.axial.transforms.utility;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.ArrayTransform;

/**
 * MONAI's {@code SaveImage} as a transform: writes the image through {@link dev.axial.io.SaveImage} (configure the
 * folder, postfix, extension ... on {@link #io()}) and returns it unchanged.
 *
 * <pre>{@code
 * SaveImage save = new SaveImage();
 * save.io().outputDir("out").outputPostfix("seg");
 * }</pre>
 */
public class SaveImage extends ArrayTransform {
    private final dev.axial.io.SaveImage io;

    public SaveImage() { this(new dev.axial.io.SaveImage()); }

    public SaveImage(dev.axial.io.SaveImage saver) { this.io = saver; }

    /** The io module's saver, to configure. */
    public dev.axial.io.SaveImage io() { return io; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        try {
            return io.apply(img);
        } catch (IllegalArgumentException | java.io.UncheckedIOException | dev.axial.io.ImageFileException e) {
            throw error(e.getMessage() + " (" + img.array().describe() + ")");
        }
    }
}
