package dev.axial.transforms.utility;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.MapTransform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MONAI's {@code CopyItemsd}: copies each key's value {@code times} times (default 1) to new keys, by default
 * {@code key_0, key_1, ...} for each key in turn; {@code names} gives them explicitly (times × keys names, copy i of
 * every key first). Tensors are deep-copied (their own storage; a MetaTensor keeps its metadata), maps and lists
 * shallow-copied, other values shared. An existing target key is an error.
 *
 * <pre>{@code
 * Map<String, Object> d = new CopyItemsd("image").times(2).apply(item);   // image_0, image_1
 * }</pre>
 */
public class CopyItemsd extends MapTransform {
    private int times = 1;
    private String[] names;

    public CopyItemsd(String... keys) { super(keys); }

    /** MONAI's times (default 1, at least 1). */
    public CopyItemsd times(int times) {
        if (times < 1) throw new IllegalArgumentException("CopyItemsd: times must be positive, got " + times);
        this.times = times;
        return this;
    }

    /** MONAI's names: len(keys) × times new keys. */
    public CopyItemsd names(String... names) {
        this.names = names == null ? null : names.clone();
        return this;
    }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        List<String> keys = keys();
        List<String> targets = new ArrayList<>();
        if (names == null) { for (String k : keys) for (int i = 0; i < times; i++) targets.add(k + "_" + i); }
        else targets = List.of(names);
        if (targets.size() != keys.size() * times)
            throw error("len(names) must match len(keys) * times, got len(names)=" + targets.size() + " len(keys) * times=" + keys.size() * times);
        Map<String, Object> out = copy(d);
        for (int i = 0; i < times; i++) {
            for (int j = 0; j < keys.size(); j++) {
                String key = keys.get(j), target = targets.get(i * keys.size() + j);
                if (!d.containsKey(key)) {
                    if (allowMissingKeys()) continue;
                    presentKeys(d);   // throws naming the key
                }
                if (out.containsKey(target)) throw error("key '" + target + "' already exists in the data");
                out.put(target, deepCopy(d.get(key)));
            }
        }
        return out;
    }

    static Object deepCopy(Object v) {
        return switch (v) {
            case MetaTensor m -> m.withArray(m.array().copy());
            case Tensor t -> t.copy();
            case Map<?, ?> m -> new LinkedHashMap<>(m);
            case List<?> l -> new ArrayList<>(l);
            case null, default -> v;
        };
    }
}
