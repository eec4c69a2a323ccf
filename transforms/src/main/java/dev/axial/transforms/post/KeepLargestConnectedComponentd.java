package dev.axial.transforms.post;

import dev.axial.transforms.ArrayToDict;

/**
 * MONAI's {@code KeepLargestConnectedComponentd}: {@link KeepLargestConnectedComponent} on each key.
 *
 * <pre>{@code
 * var t = new KeepLargestConnectedComponentd(new KeepLargestConnectedComponent(), "label");
 * }</pre>
 */
public final class KeepLargestConnectedComponentd extends ArrayToDict<KeepLargestConnectedComponent> {
    public KeepLargestConnectedComponentd(String... keys) { super(new KeepLargestConnectedComponent(), keys); }

    /** With a configured array transform. */
    public KeepLargestConnectedComponentd(KeepLargestConnectedComponent transform, String... keys) { super(transform, keys); }
}
