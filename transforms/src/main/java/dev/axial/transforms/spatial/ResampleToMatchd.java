package dev.axial.transforms.spatial;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.InvertibleTransform;
import dev.axial.transforms.MapTransform;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MONAI's {@code ResampleToMatchd(keys, key_dst, mode, padding_mode)}: {@link ResampleToMatch} of each key onto
 * the image under {@code keyDst}, modes per key.
 *
 * <pre>{@code
 * var r = new ResampleToMatchd("ct", "pet", "seg").mode("bilinear", "nearest");
 * }</pre>
 */
public final class ResampleToMatchd extends MapTransform implements InvertibleTransform, dev.axial.transforms.lazy.LazyTransform {
    private final String keyDst;
    private final ResampleToMatch transform = new ResampleToMatch();
    private String[] modes = {"bilinear"};

    public ResampleToMatchd(String keyDst, String... keys) {
        super(keys);
        this.keyDst = keyDst;
    }

    /** The ResampleToMatch's lazy flag (MONAI's {@code lazy}). */
    @Override public boolean lazy() { return transform.lazy(); }

    /** Sets the ResampleToMatch's lazy flag: record pending operations instead of resampling. */
    @Override public ResampleToMatchd lazy(boolean lazy) { transform.lazy(lazy); return this; }

    public ResampleToMatchd mode(String... m) { for (String x : m) SpatialResample.checkMode(name(), x); this.modes = m.clone(); return this; }

    public ResampleToMatchd paddingMode(String p) { transform.paddingMode(p); return this; }

    public ResampleToMatchd alignCorners(boolean a) { transform.alignCorners(a); return this; }

    public ResampleToMatchd dtype(DType d) { transform.dtype(d); return this; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        var present = presentKeys(d);
        if (!d.containsKey(keyDst)) throw error("key_dst '" + keyDst + "' is not in the data (keys " + d.keySet() + ")");
        MetaTensor dst = image(d, keyDst);
        int n = keys().size();
        return PerKey.each(keys(), present, d, (k, i) -> transform.apply(image(d, k), dst, PerKey.pick(name(), modes, i, n)));
    }

    @Override public MetaTensor inverse(MetaTensor img) { return transform.inverse(img); }

    /** Undoes this transform on every present key of {@code d} (a new map). */
    public Map<String, Object> inverse(Map<String, Object> d) {
        Map<String, Object> out = new LinkedHashMap<>(d);
        for (String k : presentKeys(d)) out.put(k, inverse(image(d, k)));
        return out;
    }
}
