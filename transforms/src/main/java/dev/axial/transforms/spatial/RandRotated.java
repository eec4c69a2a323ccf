package dev.axial.transforms.spatial;

import dev.axial.tensor.MetaTensor;
import dev.axial.transforms.lazy.Lazy;
import dev.axial.transforms.lazy.LazyTransform;
import dev.axial.tensor.RandomState;
import java.util.Map;

/**
 * MONAI's RandRotated: one draw per call, the same rotation for every key, per-key mode and padding_mode. Draws as
 * MONAI: the dictionary's R.rand() &lt; prob, then its inner RandRotate (prob 1, its own generator seeded alike: a
 * copy of the given one taken when first seen) draws rand() and x, y, z.
 *
 * <pre>{@code
 * RandRotated t = new RandRotated("image", "label").rangeX(0.5).prob(0.5).mode("bilinear", "nearest");
 * }</pre>
 */
public final class RandRotated extends GridMapTransform implements dev.axial.transforms.InvertibleTransform, LazyTransform {
    private boolean lazy;

    @Override public boolean lazy() { return lazy; }

    /** MONAI's {@code lazy}: record a pending operation instead of transforming ({@link dev.axial.transforms.lazy.Lazy}). */
    @Override public RandRotated lazy(boolean lazy) { this.lazy = lazy; return this; }

    private final RandRotate rotate = new RandRotate().prob(1.0);
    private double prob = 0.1;
    private final GridResampling.Siblings siblings = new GridResampling.Siblings(1);

    public RandRotated(String... keys) { super("border", keys); }

    @Override public boolean isRandom() { return true; }

    public RandRotated rangeX(double... r) { rotate.rangeX(r); return this; }

    public RandRotated rangeY(double... r) { rotate.rangeY(r); return this; }

    public RandRotated rangeZ(double... r) { rotate.rangeZ(r); return this; }

    public RandRotated prob(double p) { prob = p; return this; }

    public RandRotated keepSize(boolean k) { rotate.keepSize(k); return this; }

    public RandRotated alignCorners(boolean a) { rotate.alignCorners(a); return this; }

    public RandRotated mode(String... m) { setModes(m); return this; }

    public RandRotated paddingMode(String... p) { setPaddings(p); return this; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        RandomState inner = siblings.of(rs)[0];
        boolean act = rs.rand() < prob;
        inner.rand();   // NOTE: the inner RandRotate's own prob draw (prob 1)
        double[] xyz = rotate.drawAngles(inner);
        boolean lazyNow = Lazy.isLazy(lazy);
        return applyKeys(d, (img, mode, padding) -> rotate.apply(img, act ? xyz : null, mode, padding, this, lazyNow));
    }

    @Override public MetaTensor inverse(MetaTensor img) { return RandRotate.undo(this, img); }

    /** Inverts every present key. */
    public Map<String, Object> inverse(Map<String, Object> d) { return invertKeys(d, this::inverse); }
}
