package dev.axial.transforms.spatial;

import dev.axial.tensor.MetaTensor;
import dev.axial.transforms.lazy.Lazy;
import dev.axial.transforms.lazy.LazyTransform;
import dev.axial.tensor.RandomState;

import java.util.Map;

/**
 * MONAI's Rotated: {@link Rotate} on each key, with per-key mode and padding_mode (default bilinear, border).
 *
 * <pre>{@code
 * Rotated t = new Rotated(0.4, "image", "label").mode("bilinear", "nearest");
 * }</pre>
 */
public final class Rotated extends GridMapTransform implements dev.axial.transforms.InvertibleTransform, LazyTransform {
    private final Rotate rotate;

    /** The Rotate's lazy flag (MONAI's {@code lazy}). */
    @Override public boolean lazy() { return rotate.lazy(); }

    /** Sets the Rotate's lazy flag: record pending operations instead of transforming ({@link dev.axial.transforms.lazy.Lazy}). */
    @Override public Rotated lazy(boolean lazy) { rotate.lazy(lazy); return this; }

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
