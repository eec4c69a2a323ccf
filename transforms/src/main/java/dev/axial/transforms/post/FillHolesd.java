package dev.axial.transforms.post;

import dev.axial.transforms.ArrayToDict;

/**
 * MONAI's {@code FillHolesd}: {@link FillHoles} on each key.
 *
 * <pre>{@code
 * var t = new FillHolesd(new FillHoles(), "label");
 * }</pre>
 */
public final class FillHolesd extends ArrayToDict<FillHoles> {
    public FillHolesd(String... keys) { super(new FillHoles(), keys); }

    /** With a configured array transform. */
    public FillHolesd(FillHoles transform, String... keys) { super(transform, keys); }
}
