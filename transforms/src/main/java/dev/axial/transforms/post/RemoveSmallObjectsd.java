package dev.axial.transforms.post;

import dev.axial.transforms.ArrayToDict;

/**
 * MONAI's {@code RemoveSmallObjectsd}: {@link RemoveSmallObjects} on each key.
 *
 * <pre>{@code
 * var t = new RemoveSmallObjectsd(new RemoveSmallObjects(), "label");
 * }</pre>
 */
public final class RemoveSmallObjectsd extends ArrayToDict<RemoveSmallObjects> {
    public RemoveSmallObjectsd(String... keys) { super(new RemoveSmallObjects(), keys); }

    /** With a configured array transform. */
    public RemoveSmallObjectsd(RemoveSmallObjects transform, String... keys) { super(transform, keys); }
}
