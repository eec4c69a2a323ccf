package dev.axial.transforms.spatial;

/**
 * MONAI's {@code Flipd}: {@link Flip} on each key.
 *
 * <pre>{@code
 * Map<String, Object> out = new Flipd(new int[]{0}, "image", "label").apply(item);
 * }</pre>
 */
public final class Flipd extends InvertibleArrayToDict<Flip> {
    /** Flips every spatial axis of each key. */
    public Flipd(String... keys) { super(new Flip(), keys); }

    /** Flips {@code spatialAxis} of each key. */
    public Flipd(int[] spatialAxis, String... keys) { super(new Flip(spatialAxis), keys); }
}
