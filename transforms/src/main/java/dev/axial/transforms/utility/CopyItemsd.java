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
 * MONAI's {@code CopyItemsd}: copies each key's value {@code times} times (default 1) to new keys {@code names}
 * (times × keys names, taken in order: copy 0 of every key, then copy 1 ...). The default names are MONAI's,
 * {@code k_0 .. k_{times-1}} for each key in turn, paired the same way.
 *
 * <p>NOTE: as MONAI 1.5, with several keys and times > 1 the default names do not follow their key: keys (a, b),
 * times 2 give a_0 = a, a_1 = b, b_0 = a, b_1 = b. Pass {@code names} to choose. Tensors are deep-copied (their own storage; a MetaTensor keeps its metadata), maps and lists
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
