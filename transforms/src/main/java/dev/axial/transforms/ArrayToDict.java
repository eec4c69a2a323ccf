package dev.axial.transforms;

import dev.axial.tensor.RandomState;

import java.util.Map;

/**
 * The dictionary form of a deterministic array transform (MONAI's many {@code ...d} classes that apply one array
 * transform to each key). Random dictionary transforms do not use this: MONAI's draw once per call in their own
 * order (e.g. RandRotate90d draws randint before rand, unlike RandRotate90), then apply the drawn parameters to
 * every key; they extend {@link MapTransform} and call their array transform's parameterised apply.
 *
 * <pre>{@code
 * public final class ScaleIntensityd extends ArrayToDict<ScaleIntensity> {
 *     public ScaleIntensityd(String... keys) { super(new ScaleIntensity(), keys); }
 * }
 * }</pre>
 */
public abstract class ArrayToDict<T extends ArrayTransform> extends MapTransform {
    protected final T transform;

    protected ArrayToDict(T transform, String... keys) {
        super(keys);
        if (transform.isRandom())
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + transform.name()
                    + " is random; its dictionary form must draw once and apply to every key (extend MapTransform)");
        this.transform = transform;
    }

    /** The array transform applied to each key. */
    public final T transform() { return transform; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        Map<String, Object> out = copy(d);
        for (String k : presentKeys(d)) out.put(k, transform.apply(image(d, k), rs));
        return out;
    }
}
