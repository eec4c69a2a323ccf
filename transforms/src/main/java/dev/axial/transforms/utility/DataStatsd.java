package dev.axial.transforms.utility;

import dev.axial.transforms.ArrayToDict;

/**
 * The dictionary form of {@link DataStats}: logs each key's image; configure through {@link #transform()} or pass a
 * configured DataStats.
 *
 * <pre>{@code
 * new DataStatsd(new DataStats().prefix("Image"), "image");
 * }</pre>
 */
public class DataStatsd extends ArrayToDict<DataStats> {
    public DataStatsd(String... keys) { this(new DataStats(), keys); }

    public DataStatsd(DataStats stats, String... keys) { super(stats, keys); }
}
