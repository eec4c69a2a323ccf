package dev.axial.transforms.spatial;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;

import java.util.Map;

/**
 * MONAI's Rotated: {@link Rotate} on each key, with per-key mode and padding_mode (default bilinear, border).
 *
 * <pre>{@code
 * Rotated t = new Rotated(0.4, "image", "label").mode("bilinear", "nearest");
 * }</pre>
 */
public final class Rotated extends GridMapTransform implements dev.axial.transforms.InvertibleTransform {
    private final Rotate rotate;

    /** One angle (2-D) for the keys. */
    public Rotated(double angle, String... keys) { this(new double[]{angle}, keys); }

    /** The angles (one, or three for 3-D) for the keys. */
    public Rotated(double[] angle, String... keys) {
        super("border", keys);
        rotate = new Rotate(angle);
    }

    public Rotated keepSize(boolean k) { rotate.keepSize(k); return this; }

    public Rotated alignCorners(boolean a) { rotate.alignCorners(a); return this; }

    public Rotated mode(String... m) { setModes(m); return this; }

    public Rotated paddingMode(String... p) { setPaddings(p); return this; }

    public Rotate transform() { return rotate; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) { return applyKeys(d, rotate::apply); }

    @Override public MetaTensor inverse(MetaTensor img) { return rotate.inverse(img); }

    /** Inverts every present key. */
    public Map<String, Object> inverse(Map<String, Object> d) { return invertKeys(d, this::inverse); }
}
