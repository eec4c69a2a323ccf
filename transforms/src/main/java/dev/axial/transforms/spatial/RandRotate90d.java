package dev.axial.transforms.spatial;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;

import java.util.Map;

/**
 * MONAI's {@code RandRotate90d}: one draw rotates every key the same way. The dictionary version draws in its own
 * order, {@code randint(maxK)} first and then {@code rand() < prob}, both on every call (unlike the array version).
 *
 * <pre>{@code
 * var rot = new RandRotate90d("image", "label").prob(0.5).spatialAxes(0, 2);
 * Map<String, Object> out = rot.apply(item, new RandomState(0));
 * Map<String, Object> back = rot.inverse(out);
 * }</pre>
 *
 * Values may be {@code Tensor}s or MetaTensors; the results are MetaTensors, other entries shared.
 */
public final class RandRotate90d extends RandomMapTransform {
    private final RandRotate90 rot = new RandRotate90();

    public RandRotate90d(String... keys) { super(0.1, keys); }

    public RandRotate90d prob(double p) { rot.prob(p); this.prob = p; return this; }

    public RandRotate90d maxK(int k) { rot.maxK(k); return this; }

    public RandRotate90d spatialAxes(int a0, int a1) { rot.spatialAxes(a0, a1); return this; }

    @Override public RandRotate90d setRandomState(long seed) { super.setRandomState(seed); return this; }

    @Override public RandRotate90d setRandomState(RandomState state) { super.setRandomState(state); return this; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        int k = (int) rs.randint(rot.maxKValue()) + 1;
        boolean doIt = rs.rand() < prob;
        Map<String, Object> out = copy(d);
        for (String key : presentKeys(d)) out.put(key, Rotate90.apply(image(d, key), k, rot.axes(), this, doIt, lazyNow()));
        return out;
    }

    @Override public MetaTensor inverse(MetaTensor img) { return Rotate90.undo(img, this); }
}
