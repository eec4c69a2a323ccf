package dev.axial.transforms.croppad;

import dev.axial.tensor.RandomState;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.InvertibleTransform;

import java.util.Map;

/**
 * The dictionary form of a deterministic invertible crop or pad (MONAI's {@code Padd}/{@code Cropd}): the array
 * transform applied to every key, inverted through its records.
 */
public abstract class InvertibleDict<T extends ArrayTransform & InvertibleTransform> extends InvertibleMapTransform {
    protected final T transform;

    protected InvertibleDict(T transform, String... keys) {
        super(keys);
        if (transform.isRandom()) throw new IllegalArgumentException(getClass().getSimpleName() + ": " + transform.name() + " is random");
        this.transform = transform;
    }

    /** The array transform applied to each key (its options configure this one). */
    public final T transform() { return transform; }

    @Override protected InvertibleTransform inverter() { return transform; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        Map<String, Object> out = copy(d);
        for (String k : presentKeys(d)) out.put(k, transform.apply(image(d, k), rs));
        return out;
    }
}
