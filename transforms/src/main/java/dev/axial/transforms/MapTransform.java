package dev.axial.transforms;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dictionary transform (MONAI's {@code MapTransform}: {@code Spacingd}, {@code ScaleIntensityd} ...): applies to
 * the values under {@link #keys()}; a missing key is an error unless {@code allowMissingKeys}. The input map is not
 * changed: the result is a new map with the same entries and the transformed values.
 *
 * <pre>{@code
 * Map<String, Object> out = new ScaleIntensityd("image").apply(Map.of("image", img, "label", seg));
 * }</pre>
 */
public abstract class MapTransform extends TransformBase {
    private final List<String> keys;
    private boolean allowMissingKeys;

    protected MapTransform(String... keys) {
        if (keys.length == 0) throw new IllegalArgumentException(getClass().getSimpleName() + ": needs at least one key");
        this.keys = List.of(keys);
    }

    /** The keys this transform applies to, in order. */
    public final List<String> keys() { return keys; }

    /** MONAI's allow_missing_keys (default false). */
    public MapTransform allowMissingKeys(boolean allow) {
        this.allowMissingKeys = allow;
        return this;
    }

    public final boolean allowMissingKeys() { return allowMissingKeys; }

    /** Transforms the entries of {@code d} (a copy is returned), drawing from {@code rs}. */
    public abstract Map<String, Object> apply(Map<String, Object> d, RandomState rs);

    /** With the transform's own generator. */
    public final Map<String, Object> apply(Map<String, Object> d) { return apply(d, R); }

    @SuppressWarnings("unchecked")
    @Override public Object apply(Object data, RandomState rs) {
        List<Object> mapped = mapList(data, rs);
        if (mapped != null) return mapped;
        if (data instanceof Map<?, ?> m) return apply((Map<String, Object>) m, rs);
        throw error("needs a Map of key to data (or a list of them), got " + (data == null ? "null" : data.getClass().getSimpleName()));
    }

    /** The keys of {@link #keys()} present in {@code d}, failing on a missing one unless allowed (MONAI's key_iterator). */
    protected final List<String> presentKeys(Map<String, Object> d) {
        List<String> out = new ArrayList<>(keys.size());
        for (String k : keys) {
            if (d.containsKey(k)) out.add(k);
            else if (!allowMissingKeys)
                throw error("key '" + k + "' is not in the data (keys " + d.keySet() + "); set allowMissingKeys(true) to skip it");
        }
        return out;
    }

    /** The value under {@code key} as a MetaTensor (a plain Tensor is wrapped), or a TransformException naming the key. */
    protected final MetaTensor image(Map<String, Object> d, String key) {
        Object v = d.get(key);
        if (v instanceof MetaTensor m) return m;
        if (v instanceof dev.axial.tensor.Tensor t) return MetaTensor.of(t);
        throw error("key '" + key + "' holds " + (v == null ? "null" : v.getClass().getSimpleName()) + ", not an image");
    }

    /** A new map with {@code d}'s entries (the values are shared, not copied). */
    protected static Map<String, Object> copy(Map<String, Object> d) { return new LinkedHashMap<>(d); }
}
