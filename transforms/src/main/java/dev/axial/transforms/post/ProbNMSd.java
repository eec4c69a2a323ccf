package dev.axial.transforms.post;

import dev.axial.tensor.RandomState;
import dev.axial.transforms.MapTransform;

import java.util.List;
import java.util.Map;

/**
 * MONAI's {@code ProbNMSd}: {@link ProbNMS} on every key; each value becomes its list of {@code [prob, i0, ...]}.
 *
 * <pre>{@code
 * var t = new ProbNMSd(List.of("pred"));
 * t.transform().spatialDims(2).boxSize(10);
 * List<double[]> peaks = (List<double[]>) t.apply(item).get("pred");
 * }</pre>
 */
public class ProbNMSd extends MapTransform {
    private final ProbNMS nms;

    public ProbNMSd(List<String> keys) { this(new ProbNMS(), keys.toArray(String[]::new)); }

    public ProbNMSd(ProbNMS nms, String... keys) {
        super(keys);
        this.nms = nms;
    }

    /** The array transform (its options configure this one). */
    public ProbNMS transform() { return nms; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        Map<String, Object> out = copy(d);
        for (String k : presentKeys(d)) {
            Object v = d.get(k);
            if (!(v instanceof dev.axial.tensor.Tensor) && !(v instanceof dev.axial.tensor.MetaTensor))
                throw error("key '" + k + "' holds " + (v == null ? "null" : v.getClass().getSimpleName()) + ", not a probability map");
            out.put(k, nms.apply(v, rs));
        }
        return out;
    }
}
