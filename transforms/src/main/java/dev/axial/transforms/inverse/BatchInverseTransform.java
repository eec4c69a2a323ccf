package dev.axial.transforms.inverse;

import dev.axial.tensor.MetaTensor;
import dev.axial.transforms.InvertibleTransform;
import dev.axial.transforms.Transform;
import dev.axial.transforms.TransformException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MONAI's {@code BatchInverseTransform(transform, loader, collate_fn=no_collation, num_workers=0, detach=True)}:
 * decollates a batch ({@link Decollate#decollateBatch}) and inverts {@code transform} on each item, returning the
 * list of inverted items (no_collation). For a dictionary batch every MetaTensor value whose key some invertible
 * member of {@code transform} applies to is inverted (as MONAI's Compose.inverse on the item dict); a MetaTensor
 * batch is inverted item by item with {@code transform}'s array inverse. MONAI's pad_batch (undoing the padding of
 * pad_list_data_collate) is not supported: batches here hold items of one shape.
 *
 * <pre>{@code
 * List<Object> items = new BatchInverseTransform(pre).apply(Map.of("image", batchedImage, "pred", batchedPred));
 * }</pre>
 */
public final class BatchInverseTransform {
    private final Transform transform;

    public BatchInverseTransform(Transform transform) {
        if (!(transform instanceof InvertibleTransform))
            throw new IllegalArgumentException("BatchInverseTransform: transform is not invertible");
        this.transform = transform;
    }

    /** The inverted items of {@code batch} (a batched MetaTensor or a Map of batched values). */
    @SuppressWarnings("unchecked")
    public List<Object> apply(Object batch) {
        List<Object> out = new ArrayList<>();
        for (Object item : Decollate.decollateBatch(batch)) {
            switch (item) {
                case MetaTensor m -> out.add(((InvertibleTransform) transform).inverse(m));
                case Map<?, ?> d -> {
                    Map<String, Object> inv = new LinkedHashMap<>((Map<String, Object>) d);
                    for (Map.Entry<String, Object> e : inv.entrySet())
                        if (e.getValue() instanceof MetaTensor m && !m.appliedOperations().isEmpty() && Inversion.touches(transform, e.getKey()))
                            e.setValue(Inversion.invertKey(transform, e.getKey(), m));
                    out.add(inv);
                }
                default -> throw new TransformException("BatchInverseTransform: cannot invert a " + item.getClass().getSimpleName());
            }
        }
        return out;
    }
}
