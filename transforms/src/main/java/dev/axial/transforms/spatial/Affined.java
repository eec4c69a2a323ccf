package dev.axial.transforms.spatial;

import dev.axial.tensor.MetaTensor;
import dev.axial.transforms.lazy.Lazy;
import dev.axial.transforms.lazy.LazyTransform;
import dev.axial.tensor.RandomState;

import java.util.Map;

/**
 * MONAI's Affined: {@link Affine} on each key, with per-key mode and padding_mode (default bilinear, reflection).
 *
 * <pre>{@code
 * Affined t = new Affined("image", "label").rotateParams(0.3).mode("bilinear", "nearest");
 * }</pre>
 */
public final class Affined extends GridMapTransform implements dev.axial.transforms.InvertibleTransform, LazyTransform {
    private final Affine affine = new Affine();

    /** The Affine's lazy flag (MONAI's {@code lazy}). */
    @Override public boolean lazy() { return affine.lazy(); }

    /** Sets the Affine's lazy flag: record pending operations instead of transforming ({@link dev.axial.transforms.lazy.Lazy}). */
    @Override public Affined lazy(boolean lazy) { affine.lazy(lazy); return this; }

    public Affined(String... keys) { super("reflection", keys); }

    public Affined rotateParams(double... radians) { affine.rotateParams(radians); return this; }

    public Affined shearParams(double... coefs) { affine.shearParams(coefs); return this; }

    public Affined translateParams(double... shift) { affine.translateParams(shift); return this; }

    public Affined scaleParams(double... factors) { affine.scaleParams(factors); return this; }

    public Affined affine(double[][] m) { affine.affine(m); return this; }

    public Affined spatialSize(long... size) { affine.spatialSize(size); return this; }

    public Affined alignCorners(boolean a) { affine.alignCorners(a); return this; }

    /** One mode for all keys or one per key. */
    public Affined mode(String... m) { setModes(m); return this; }

    public Affined paddingMode(String... p) { setPaddings(p); return this; }

    /** The array transform (its own mode and padding are not used; this one's per-key ones are). */
    public Affine transform() { return affine; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) { return applyKeys(d, affine::apply); }

    @Override public MetaTensor inverse(MetaTensor img) { return affine.inverse(img); }

    /** Inverts every present key. */
    public Map<String, Object> inverse(Map<String, Object> d) { return invertKeys(d, this::inverse); }
}
