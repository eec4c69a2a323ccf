package dev.axial.transforms.post;

import dev.axial.transforms.ArrayToDict;

/**
 * MONAI's {@code LabelToContourd}: {@link LabelToContour} on each key.
 *
 * <pre>{@code
 * var t = new LabelToContourd(new LabelToContour(), "label");
 * }</pre>
 */
public final class LabelToContourd extends ArrayToDict<LabelToContour> {
    public LabelToContourd(String... keys) { super(new LabelToContour(), keys); }

    /** With a configured array transform. */
    public LabelToContourd(LabelToContour transform, String... keys) { super(transform, keys); }
}
