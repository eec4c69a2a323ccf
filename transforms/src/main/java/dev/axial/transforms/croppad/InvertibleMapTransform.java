package dev.axial.transforms.croppad;

import dev.axial.tensor.MetaTensor;
import dev.axial.transforms.InvertibleTransform;
import dev.axial.transforms.MapTransform;

import java.util.Map;

/**
 * A dictionary crop or pad that inverts through its array transform's records: {@link #inverse(MetaTensor)} (what
 * Compose calls per key) and {@link #inverse(Map)} for every present key.
 */
public abstract class InvertibleMapTransform extends MapTransform implements InvertibleTransform {
    protected InvertibleMapTransform(String... keys) { super(keys); }

    /** The array transform whose records the values carry. */
    protected abstract InvertibleTransform inverter();

    @Override public MetaTensor inverse(MetaTensor img) { return inverter().inverse(img); }

    /** Undoes the transform on every present key. */
    public Map<String, Object> inverse(Map<String, Object> d) {
        Map<String, Object> out = copy(d);
        for (String k : presentKeys(d)) out.put(k, inverter().inverse(image(d, k)));
        return out;
    }
}
