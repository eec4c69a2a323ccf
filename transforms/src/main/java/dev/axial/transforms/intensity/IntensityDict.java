package dev.axial.transforms.intensity;

import dev.axial.tensor.RandomState;
import dev.axial.transforms.ArrayToDict;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.TransformException;

import java.util.Map;

/**
 * The dictionary form of a deterministic intensity transform: {@link ArrayToDict}, with errors that name the key.
 * Subclasses are MONAI's {@code ...d} classes and expose the array transform's setters through {@link #transform()}.
 */
public abstract class IntensityDict<T extends ArrayTransform> extends ArrayToDict<T> {
    protected IntensityDict(T transform, String... keys) { super(transform, keys); }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        Map<String, Object> out = copy(d);
        for (String k : presentKeys(d)) {
            try {
                out.put(k, transform.apply(image(d, k), rs));
            } catch (TransformException e) {
                throw new TransformException(name() + ": key '" + k + "': " + e.getMessage(), e);
            }
        }
        return out;
    }
}
