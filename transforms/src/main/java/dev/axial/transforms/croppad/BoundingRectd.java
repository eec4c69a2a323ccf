package dev.axial.transforms.croppad;

import dev.axial.tensor.RandomState;
import dev.axial.transforms.MapTransform;

import java.util.List;
import java.util.Map;

/**
 * MONAI's {@code BoundingRectd}: {@link BoundingRect} of every key, stored under {@code key + "_" + bboxKeyPostfix}
 * (default "bbox"); the images stay. A box key that already exists is an error, as in MONAI.
 *
 * <pre>{@code
 * Map<String, Object> out = new BoundingRectd(List.of("label")).apply(item);   // out.get("label_bbox")
 * }</pre>
 */
public class BoundingRectd extends MapTransform {
    private final BoundingRect bbox = new BoundingRect();
    private String postfix = "bbox";

    public BoundingRectd(List<String> keys) { super(keys.toArray(String[]::new)); }

    /** The array transform (its selectFn configures this one). */
    public BoundingRect transform() { return bbox; }

    /** MONAI's bbox_key_postfix (default "bbox"). */
    public BoundingRectd bboxKeyPostfix(String p) { this.postfix = p; return this; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        Map<String, Object> out = copy(d);
        for (String k : presentKeys(d)) {
            String to = k + "_" + postfix;
            if (out.containsKey(to)) throw error("bounding box key '" + to + "' already exists (keys " + out.keySet() + ")");
            out.put(to, bbox.apply(image(d, k)));
        }
        return out;
    }
}
