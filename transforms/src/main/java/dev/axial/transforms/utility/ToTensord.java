package dev.axial.transforms.utility;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.MapTransform;

import java.util.Map;

/**
 * MONAI's {@code ToTensord} (and, as {@link EnsureTyped}, {@code EnsureTyped}): {@link ToTensor} on each key's value.
 *
 * <pre>{@code
 * Map<String, Object> d = new ToTensord("image", "label").dtype(DType.FLOAT32).apply(item);
 * }</pre>
 */
public class ToTensord extends MapTransform {
    protected final ToTensor converter;

    public ToTensord(String... keys) { this(new ToTensor(), keys); }

    protected ToTensord(ToTensor converter, String... keys) {
        super(keys);
        this.converter = converter;
    }

    public ToTensord dtype(DType dt) { converter.dtype(dt); return this; }

    public ToTensord device(Device dev) { converter.device(dev); return this; }

    public ToTensord trackMeta(boolean track) { converter.trackMeta(track); return this; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        Map<String, Object> out = copy(d);
        for (String k : presentKeys(d)) {
            try {
                out.put(k, converter.apply(d.get(k), rs));
            } catch (dev.axial.transforms.TransformException e) {
                throw error("key '" + k + "': " + e.getMessage());
            }
        }
        return out;
    }
}
