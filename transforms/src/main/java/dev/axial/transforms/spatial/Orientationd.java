package dev.axial.transforms.spatial;

/**
 * MONAI's {@code Orientationd}: {@link Orientation} on each key.
 *
 * <pre>{@code
 * Map<String, Object> out = new Orientationd("RAS", "image", "label").apply(item);
 * }</pre>
 */
public final class Orientationd extends InvertibleArrayToDict<Orientation> {
    public Orientationd(String axcodes, String... keys) { super(new Orientation(axcodes), keys); }

    /** As {@link Orientation#asClosestCanonical}. */
    public Orientationd asClosestCanonical(boolean b) { transform.asClosestCanonical(b); return this; }

    /** As {@link Orientation#labels}. */
    public Orientationd labels(String[]... pairs) { transform.labels(pairs); return this; }
}
