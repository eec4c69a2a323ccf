package dev.axial.transforms.croppad;

import dev.axial.transforms.lazy.LazyTransform;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.InvertibleTransform;

import java.util.Map;

/**
 * The dictionary form of a deterministic invertible crop or pad (MONAI's {@code Padd}/{@code Cropd}): the array
 * transform applied to every key, inverted through its records.
 */
public abstract class InvertibleDict<T extends ArrayTransform & InvertibleTransform> extends InvertibleMapTransform implements LazyTransform {

    /** The array transform's lazy flag (false when it has none). */
    @Override public boolean lazy() { return transform instanceof LazyTransform l && l.lazy(); }

    /** Sets the array transform's lazy flag (MONAI's {@code lazy}); an error when it cannot run lazily. */
    @Override public InvertibleDict<T> lazy(boolean lazy) {
        if (!(transform instanceof LazyTransform l)) throw new UnsupportedOperationException(name() + ": " + transform.name() + " does not run lazily");
        l.lazy(lazy);
        return this;
    }

    /** True when the array transform cannot run lazily (a lazy Compose then applies the pending operations first). */
    @Override public boolean requiresCurrentData() { return !(transform instanceof LazyTransform l) || l.requiresCurrentData(); }
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
