package dev.axial.transforms.utility;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.MapTransform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MONAI's {@code ConcatItemsd}: concatenates the keys' tensors along {@code dim} (default 0, the channel) into a new
 * key {@code name}. The items must all be MetaTensors (the result keeps the first one's affine and metadata, as
 * torch.cat on MetaTensors) or all plain Tensors; no present key leaves the data unchanged.
 *
 * <pre>{@code
 * Map<String, Object> d = new ConcatItemsd(new String[]{"t1", "t2", "flair"}, "image").apply(item);   // (3, H, W, D)
 * }</pre>
 */
public class ConcatItemsd extends MapTransform {
    private final String name;
    private int dim;

    public ConcatItemsd(String[] keys, String name) {
        super(keys);
        if (name == null) throw new IllegalArgumentException("ConcatItemsd: name is null");
        this.name = name;
    }

    /** MONAI's dim (default 0). */
    public ConcatItemsd dim(int dim) {
        this.dim = dim;
        return this;
    }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        List<Tensor> arrays = new ArrayList<>();
        MetaTensor first = null;
        Class<?> type = null;
        for (String k : presentKeys(d)) {
            Object v = d.get(k);
            Class<?> t = v instanceof MetaTensor ? MetaTensor.class : v instanceof Tensor ? Tensor.class : null;
            if (t == null) throw error("key '" + k + "' holds " + (v == null ? "null" : v.getClass().getSimpleName()) + ", not a MetaTensor or Tensor");
            if (type != null && t != type) throw error("all items must have the same type, key '" + k + "' holds a " + t.getSimpleName() + ", the first a " + type.getSimpleName());
            type = t;
            if (v instanceof MetaTensor m) {
                if (first == null) first = m;
                arrays.add(m.array());
            } else arrays.add((Tensor) v);
        }
        Map<String, Object> out = copy(d);
        if (arrays.isEmpty()) return out;
        Tensor cat;
        try {
            cat = Tensor.cat(dim, arrays.toArray(Tensor[]::new));
        } catch (RuntimeException e) {
            throw error("cannot concatenate " + arrays.stream().map(Tensor::describe).toList() + " along dim " + dim + ": " + e.getMessage());
        }
        out.put(name, first != null ? first.withArray(cat) : cat);
        return out;
    }
}
