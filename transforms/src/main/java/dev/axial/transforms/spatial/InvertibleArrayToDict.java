package dev.axial.transforms.spatial;

import dev.axial.tensor.MetaTensor;
import dev.axial.transforms.ArrayToDict;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.InvertibleTransform;

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
public abstract class InvertibleArrayToDict<T extends ArrayTransform & InvertibleTransform> extends ArrayToDict<T> implements InvertibleTransform {
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
