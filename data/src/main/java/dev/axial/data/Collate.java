package dev.axial.data;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MONAI's {@code list_data_collate}: items that are lists of samples (a crop's {@code num_samples}) are
 * flattened, then samples are collated per key: tensors and MetaTensors stacked on a new first dim, numbers
 * made into a (B) tensor, anything else kept as a list.
 *
 * <pre>{@code
 * Batch b = Collate.listDataCollate(List.of(Map.of("image", a), Map.of("image", b)));   // image (2, C, ...)
 * }</pre>
 *
 * The stacked tensors are new, owned by the current scope (as any op result); the inputs are untouched.
 */
public final class Collate {
    private Collate() {}

    public static Batch listDataCollate(List<?> items) {
        if (items.isEmpty()) throw new IllegalArgumentException("Collate.listDataCollate: no items");
        List<Object> samples = new ArrayList<>();
        // NOTE: as MONAI, the first item decides whether the batch is a list of lists
        if (items.getFirst() instanceof List<?>) {
            for (Object o : items) {
                if (!(o instanceof List<?> l)) throw new IllegalArgumentException("Collate.listDataCollate: the first item is a list but another is a " + o.getClass().getSimpleName());
                samples.addAll(l);
            }
        } else {
            samples.addAll(items);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> meta = new LinkedHashMap<>();
        if (samples.getFirst() instanceof Map<?, ?> first) {
            for (Object k : first.keySet()) {
                String key = String.valueOf(k);
                List<Object> vals = new ArrayList<>(samples.size());
                for (Object s : samples) {
                    if (!(s instanceof Map<?, ?> m)) throw new IllegalArgumentException("Collate.listDataCollate: mixed maps and " + s.getClass().getSimpleName());
                    if (!m.containsKey(k)) throw new IllegalArgumentException("Collate.listDataCollate: a sample has no key '" + key + "'; it has " + m.keySet());
                    vals.add(m.get(k));
                }
                collateKey(key, vals, data, meta);
            }
        } else {
            collateKey(Batch.DEFAULT_KEY, samples, data, meta);
        }
        return new Batch(data, meta, samples.size());
    }

    private static void collateKey(String key, List<Object> vals, Map<String, Object> data, Map<String, List<Map<String, Object>>> meta) {
        Object f = vals.getFirst();
        if (f instanceof Tensor || f instanceof MetaTensor) {
            Tensor[] ts = new Tensor[vals.size()];
            List<Map<String, Object>> metas = f instanceof MetaTensor ? new ArrayList<>() : null;
            for (int i = 0; i < ts.length; i++) {
                Object v = vals.get(i);
                if (v instanceof MetaTensor m) {
                    ts[i] = m.array();
                    if (metas != null) metas.add(new LinkedHashMap<>(m.meta()));
                } else if (v instanceof Tensor t) {
                    ts[i] = t;
                } else {
                    throw new IllegalArgumentException("Collate.listDataCollate: key '" + key + "' mixes tensors and " + (v == null ? "null" : v.getClass().getSimpleName()));
                }
                if (!Arrays.equals(ts[i].shape(), ts[0].shape()))
                    throw new IllegalArgumentException("Collate.listDataCollate: key '" + key + "' has samples of different shapes: "
                            + ts[0].describe() + " and " + ts[i].describe() + " (sample " + i + ")");
            }
            data.put(key, Tensor.stack(0, ts));
            if (metas != null) meta.put(key, metas);
        } else if (f instanceof Number) {
            boolean integral = vals.stream().allMatch(v -> v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte);
            if (integral) {
                long[] a = new long[vals.size()];
                for (int i = 0; i < a.length; i++) a[i] = ((Number) vals.get(i)).longValue();
                data.put(key, Tensor.of(a, a.length));
            } else {
                double[] a = new double[vals.size()];
                for (int i = 0; i < a.length; i++) a[i] = ((Number) vals.get(i)).doubleValue();
                data.put(key, Tensor.of(a, a.length));   // float64, as torch's default_collate for Python floats
            }
        } else {
            data.put(key, java.util.Collections.unmodifiableList(new ArrayList<>(vals)));
        }
    }
}
