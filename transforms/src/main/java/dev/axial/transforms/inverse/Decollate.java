package dev.axial.transforms.inverse;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.TransformException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MONAI's {@code decollate_batch}: a batch (first dim B) back into a list of B items. A batched MetaTensor made by
 * {@link #collate(List)} keeps each item's metadata and applied operations (MONAI's is_batch MetaTensor, whose meta
 * and applied_operations are per item); decollating gives each item its own. A plain {@link Tensor} is split on
 * dim 0; a {@code Map} gives B maps, each value decollated (tensors split, lists of length B split, anything else,
 * as MONAI's non-sequence values, repeated); a {@code List} of length B is returned item by item.
 *
 * <pre>{@code
 * MetaTensor batch = Decollate.collate(List.of(a, b));           // (2, C, ...), a's and b's meta and operations kept
 * List<Object> items = Decollate.decollateBatch(batch);          // [a', b'] with their own affine and operations
 * List<Object> dicts = Decollate.decollateBatch(Map.of("image", batch, "pred", predTensor));
 * }</pre>
 * Items are views of the batch (dim-0 selections); metadata maps and operation stacks are copies.
 */
public final class Decollate {
    /** Meta entry of a batched MetaTensor: the list of per-item metadata maps. */
    public static final String BATCH_META = "batch_meta";
    /** Meta entry of a batched MetaTensor: the list of per-item applied-operation stacks. */
    public static final String BATCH_OPERATIONS = "batch_applied_operations";

    private Decollate() {}

    /**
     * Stacks channel-first MetaTensors of one shape into a batch (B, C, ...): the batch carries the first item's
     * metadata plus the per-item metadata and operation stacks under {@link #BATCH_META} and {@link #BATCH_OPERATIONS}.
     */
    public static MetaTensor collate(List<MetaTensor> items) {
        if (items.isEmpty()) throw new TransformException("Decollate.collate: no items");
        Tensor[] arrays = new Tensor[items.size()];
        List<Map<String, Object>> metas = new ArrayList<>();
        List<List<Map<String, Object>>> ops = new ArrayList<>();
        long[] shape = items.getFirst().shape();
        for (int i = 0; i < arrays.length; i++) {
            MetaTensor m = items.get(i);
            if (!java.util.Arrays.equals(shape, m.shape()))
                throw new TransformException("Decollate.collate: item " + i + " has shape " + java.util.Arrays.toString(m.shape())
                        + ", item 0 " + java.util.Arrays.toString(shape) + "; pad them to one shape first");
            arrays[i] = m.array();
            metas.add(Inversion.deepCopyMap(m.meta()));
            ops.add(Inversion.deepCopy(m.appliedOperations()));
        }
        Map<String, Object> meta = Inversion.deepCopyMap(items.getFirst().meta());
        meta.put(BATCH_META, metas);
        meta.put(BATCH_OPERATIONS, ops);
        return new MetaTensor(Tensor.stack(0, arrays), items.getFirst().affine(), meta);
    }

    /** The B items of {@code batch} (a MetaTensor, Tensor, Map or List), as MONAI's decollate_batch. */
    public static List<Object> decollateBatch(Object batch) {
        return switch (batch) {
            case MetaTensor m -> new ArrayList<>(decollate(m));
            case Tensor t -> {
                check(t.shape(), "Tensor");
                List<Object> out = new ArrayList<>();
                for (long i = 0; i < t.shape()[0]; i++) out.add(t.select(0, i));
                yield out;
            }
            case Map<?, ?> d -> decollateMap(d);
            case List<?> l -> new ArrayList<>(l);
            case null -> throw new TransformException("Decollate.decollateBatch: the batch is null");
            default -> throw new TransformException("Decollate.decollateBatch: cannot decollate a " + batch.getClass().getSimpleName());
        };
    }

    /** The items of a batched MetaTensor, each with its own metadata and applied operations. */
    @SuppressWarnings("unchecked")
    public static List<MetaTensor> decollate(MetaTensor batch) {
        long[] shape = batch.shape();
        check(shape, "MetaTensor");
        int b = (int) shape[0];
        List<Map<String, Object>> metas = (List<Map<String, Object>>) batch.meta().get(BATCH_META);
        List<List<Map<String, Object>>> ops = (List<List<Map<String, Object>>>) batch.meta().get(BATCH_OPERATIONS);
        if (metas != null && metas.size() != b || ops != null && ops.size() != b)
            throw new TransformException("Decollate: the batch of " + b + " carries metadata for " + (metas == null ? ops.size() : metas.size()) + " items");
        List<MetaTensor> out = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            Map<String, Object> meta;
            if (metas != null) meta = Inversion.deepCopyMap(metas.get(i));
            else {
                meta = Inversion.deepCopyMap(batch.meta());
                meta.remove(BATCH_OPERATIONS);
            }
            meta.remove(BATCH_META);
            double[][] affine = metas != null && metas.get(i).get("affine") instanceof double[][] a ? a : batch.affine();
            MetaTensor item = new MetaTensor(batch.array().select(0, i), affine, meta);
            item.appliedOperations().addAll(Inversion.deepCopy(ops != null ? ops.get(i) : batch.appliedOperations()));
            out.add(item);
        }
        return out;
    }

    private static List<Object> decollateMap(Map<?, ?> d) {
        int b = -1;
        Map<String, List<Object>> split = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : d.entrySet()) {
            Object v = e.getValue();
            if (v instanceof MetaTensor || v instanceof Tensor || v instanceof List<?>) {
                List<Object> items = decollateBatch(v);
                if (b >= 0 && items.size() != b)
                    throw new TransformException("Decollate.decollateBatch: key '" + e.getKey() + "' has " + items.size() + " items, another " + b);
                b = items.size();
                split.put(String.valueOf(e.getKey()), items);
            }
        }
        if (b < 0) throw new TransformException("Decollate.decollateBatch: no batched value in keys " + d.keySet());
        List<Object> out = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            Map<String, Object> item = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : d.entrySet()) {
                String k = String.valueOf(e.getKey());
                item.put(k, split.containsKey(k) ? split.get(k).get(i) : e.getValue());
            }
            out.add(item);
        }
        return out;
    }

    private static void check(long[] shape, String what) {
        if (shape.length == 0) throw new TransformException("Decollate.decollateBatch: a 0-dim " + what + " has no batch dim");
    }
}
