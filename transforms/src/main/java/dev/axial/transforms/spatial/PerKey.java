package dev.axial.transforms.spatial;

import dev.axial.transforms.TransformException;

/** MONAI's per-key option sequences (ensure_tuple_rep): one value for every key, or one per key. */
final class PerKey {
    private PerKey() {}

    static String pick(String who, String[] values, int keyIndex, int nKeys) {
        if (values.length == 1) return values[0];
        if (values.length != nKeys)
            throw new TransformException(who + ": needs one mode for all keys or one per key (" + nKeys + "), got " + values.length);
        return values[keyIndex];
    }
}
