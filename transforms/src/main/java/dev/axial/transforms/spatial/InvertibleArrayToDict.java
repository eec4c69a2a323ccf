package dev.axial.transforms.spatial;

import dev.axial.tensor.MetaTensor;
import dev.axial.transforms.ArrayToDict;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.InvertibleTransform;
import dev.axial.transforms.lazy.LazyTransform;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dictionary form of a deterministic invertible spatial transform: applies it to each key and inverts each key
 * with it (the record on each image is the array transform's, as MONAI's {@code Flipd} records {@code Flip}).
 *
 * <pre>{@code
 * var flip = new Flipd("image", "label").spatialAxis(0);
 * Map<String, Object> out = flip.apply(item);
 * Map<String, Object> back = flip.inverse(out);
 * }</pre>
 */
public abstract class InvertibleArrayToDict<T extends ArrayTransform & InvertibleTransform> extends ArrayToDict<T> implements InvertibleTransform, LazyTransform {

    /** The array transform's lazy flag (false when it has none). */
    @Override public boolean lazy() { return transform instanceof LazyTransform l && l.lazy(); }

    /** Sets the array transform's lazy flag (MONAI's {@code lazy}); an error when it cannot run lazily. */
    @Override public InvertibleArrayToDict<T> lazy(boolean lazy) {
        if (!(transform instanceof LazyTransform l)) throw new UnsupportedOperationException(name() + ": " + transform.name() + " does not run lazily");
        l.lazy(lazy);
        return this;
    }

    /** True when the array transform cannot run lazily (a lazy Compose then applies the pending operations first). */
    @Override public boolean requiresCurrentData() { return !(transform instanceof LazyTransform l) || l.requiresCurrentData(); }
    protected InvertibleArrayToDict(T transform, String... keys) { super(transform, keys); }

    /** Undoes this transform on one image (the last record must be the array transform's). */
    @Override public MetaTensor inverse(MetaTensor img) { return transform.inverse(img); }

    /** Undoes this transform on every present key of {@code d} (a new map). */
    public Map<String, Object> inverse(Map<String, Object> d) {
        Map<String, Object> out = new LinkedHashMap<>(d);
        for (String k : presentKeys(d)) out.put(k, inverse(image(d, k)));
        return out;
    }
}
