package dev.axial.transforms.post;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.MapTransform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MONAI's {@code Ensembled(keys, ensemble, output_key=None)}: with one key, its value (a stacked prediction or a
 * list) is the ensemble; with several, their values are. The result goes under {@code outputKey} (default: the
 * only key; required for several keys).
 */
public abstract class Ensembled<E extends Ensemble> extends MapTransform {
    protected final E ensemble;
    private String outputKey;

    protected Ensembled(E ensemble, String... keys) {
        super(keys);
        this.ensemble = ensemble;
    }

    public Ensembled<E> outputKey(String key) { this.outputKey = key; return this; }

    /** The array form. */
    public final E ensemble() { return ensemble; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        if (keys().size() > 1 && outputKey == null) throw error("several keys " + keys() + " need an outputKey");
        String target = outputKey == null ? keys().getFirst() : outputKey;
        Map<String, Object> out = copy(d);
        Object items;
        if (keys().size() == 1 && d.containsKey(keys().getFirst())) items = d.get(keys().getFirst());
        else {
            List<MetaTensor> list = new ArrayList<>();
            for (String k : presentKeys(d)) list.add(image(d, k));
            if (list.isEmpty()) return out;
            items = list;
        }
        try {
            out.put(target, ensemble.apply(items, rs));
        } catch (IllegalArgumentException e) {
            throw error("keys " + keys() + ": " + e.getMessage());
        }
        return out;
    }
}
