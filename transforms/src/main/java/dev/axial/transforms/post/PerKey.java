package dev.axial.transforms.post;

import dev.axial.transforms.TransformException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/** MONAI's ensure_tuple_rep for the dictionary forms' per-key options: one value for all keys, or one per key. */
final class PerKey {
    private PerKey() {}

    static boolean[] rep(boolean[] flags, int n, String what, Function<String, TransformException> error) {
        if (flags.length == n) return flags.clone();
        if (flags.length != 1) throw error.apply(what + " has " + flags.length + " values for " + n + " keys");
        boolean[] out = new boolean[n];
        java.util.Arrays.fill(out, flags[0]);
        return out;
    }

    static <T> List<T> rep(List<T> values, int n, String what, Function<String, TransformException> error) {
        if (values.size() == n) return new ArrayList<>(values);
        if (values.size() != 1) throw error.apply(what + " has " + values.size() + " values for " + n + " keys");
        return rep(values.getFirst(), n);
    }

    static <T> List<T> rep(T value, int n) { return new ArrayList<>(Collections.nCopies(n, value)); }
}
