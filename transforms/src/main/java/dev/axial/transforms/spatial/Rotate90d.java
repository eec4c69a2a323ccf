package dev.axial.transforms.spatial;

/**
 * MONAI's {@code Rotate90d}: {@link Rotate90} on each key.
 *
 * <pre>{@code
 * Map<String, Object> out = new Rotate90d(2, new int[]{0, 1}, "image", "label").apply(item);
 * }</pre>
 */
public final class Rotate90d extends InvertibleArrayToDict<Rotate90> {
    /** One quarter turn in the plane of spatial axes 0 and 1. */
    public Rotate90d(String... keys) { super(new Rotate90(), keys); }

    public Rotate90d(int k, int[] spatialAxes, String... keys) { super(new Rotate90(k, spatialAxes), keys); }
}
