package dev.axial.transforms.spatial;

import dev.axial.tensor.MetaTensor;
import dev.axial.transforms.MapTransform;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The dictionary forms of the grid transforms: per-key mode and padding_mode, one step per key, inversion by key. */
abstract class GridMapTransform extends MapTransform {
    private GridResampling.Mode[] modes = {GridResampling.Mode.of("bilinear")};
    private String[] paddings;

    GridMapTransform(String padding, String... keys) {
        super(keys);
        paddings = new String[]{padding};
    }

    final void setModes(String... m) { modes = GridResampling.modes(name(), keys().size(), m); }

    final void setPaddings(String... p) { paddings = GridResampling.paddings(name(), keys().size(), p); }

    /** One key's step with its mode and padding. */
    interface KeyStep {
        MetaTensor apply(MetaTensor img, GridResampling.Mode mode, String padding);
    }

    /** {@code step} on every present key of a copy of {@code d}, with the key's mode and padding. */
    final Map<String, Object> applyKeys(Map<String, Object> d, KeyStep step) {
        Map<String, Object> out = copy(d);
        List<String> keys = keys();
        for (String k : presentKeys(d)) {
            int i = keys.indexOf(k);
            out.put(k, step.apply(image(d, k), GridResampling.perKey(modes, i), GridResampling.perKey(paddings, i)));
        }
        return out;
    }

    /** {@code inverse} on every present key of a copy of {@code d}. */
    final Map<String, Object> invertKeys(Map<String, Object> d, UnaryOperator<MetaTensor> inverse) {
        Map<String, Object> out = copy(d);
        for (String k : presentKeys(d)) out.put(k, inverse.apply(image(d, k)));
        return out;
    }
}
