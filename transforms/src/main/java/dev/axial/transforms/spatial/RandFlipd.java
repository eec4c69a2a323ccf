package dev.axial.transforms.spatial;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;

import java.util.Map;

/**
 * MONAI's {@code RandFlipd(keys, prob=0.1, spatial_axis=None)}: one {@code rand() < prob} per call, the same flip
 * for every key.
 *
 * <pre>{@code
 * var flip = new RandFlipd("image", "label").prob(0.5).spatialAxis(1);
 * }</pre>
 */
public final class RandFlipd extends RandomMapTransform {
    private int[] spatialAxis;

    public RandFlipd(String... keys) { super(0.1, keys); }

    public RandFlipd prob(double p) { checkProb(p); this.prob = p; return this; }

    public RandFlipd spatialAxis(int... axes) { this.spatialAxis = axes == null ? null : axes.clone(); return this; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        boolean doIt = rs.rand() < prob;
        Map<String, Object> out = copy(d);
        for (String k : presentKeys(d)) out.put(k, Flip.apply(image(d, k), spatialAxis, this, doIt, lazyNow()));
        return out;
    }

    @Override public MetaTensor inverse(MetaTensor img) { return Flip.undo(img, this); }
}
