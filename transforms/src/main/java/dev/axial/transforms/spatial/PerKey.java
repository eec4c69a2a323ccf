package dev.axial.transforms.spatial;

import dev.axial.transforms.TransformException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** MONAI's per-key options in dictionary transforms (ensure_tuple_rep: one value for every key, or one per key). */
final class PerKey {
    private PerKey() {}

    static String pick(String who, String[] values, int keyIndex, int nKeys) {
        if (values.length == 1) return values[0];
        if (values.length != nKeys)
            throw new TransformException(who + ": needs one mode for all keys or one per key (" + nKeys + "), got " + values.length);
        return values[keyIndex];
    }

    /** The value of key number {@code i} of the transform's keys. */
    interface KeyFn {
        Object apply(String key, int i);
    }

    /** A copy of {@code d} with {@code fn} applied to the present ones of {@code keys} (their index in {@code keys} given). */
    static Map<String, Object> each(List<String> keys, List<String> present, Map<String, Object> d, KeyFn fn) {
        Map<String, Object> out = new LinkedHashMap<>(d);
        for (int i = 0; i < keys.size(); i++) {
            String k = keys.get(i);
            if (present.contains(k)) out.put(k, fn.apply(k, i));
        }
        return out;
    }
}
