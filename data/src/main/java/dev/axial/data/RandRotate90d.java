package dev.axial.data;

import dev.axial.tensor.RandomState;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MONAI's {@code RandRotate90d}: one draw rotates every key the same way. The dictionary version draws in its own
 * order, {@code randint(maxK)} first and then {@code rand() < prob}, both on every call (unlike the array version).
 *
 * <pre>{@code
 * var rot = new RandRotate90d("image", "label").prob(0.5).spatialAxes(0, 2);
 * Map<String, Object> out = rot.apply(item, new RandomState(0));
 * }</pre>
 *
 * Values may be {@link Tensor}s or {@link MetaTensor}s; the result is a new map, other entries shared.
 */
public final class RandRotate90d {
    private final List<String> keys;
    private final RandRotate90 rot = new RandRotate90();
    private RandomState R = new RandomState(0);

    public RandRotate90d(String... keys) { this.keys = List.of(keys); }

    public RandRotate90d prob(double p) { rot.prob(p); return this; }

    public RandRotate90d maxK(int k) { rot.maxK(k); return this; }

    public RandRotate90d spatialAxes(int a0, int a1) { rot.spatialAxes(a0, a1); return this; }

    public RandRotate90d setRandomState(long seed) { this.R = new RandomState(Math.floorMod(seed, 1L << 32)); return this; }

    public RandRotate90d setRandomState(RandomState state) { this.R = state; return this; }

    public Map<String, Object> apply(Map<String, Object> d) { return apply(d, R); }

    public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        int k = (int) rs.randint(rot.maxKValue()) + 1;
        boolean doIt = rs.rand() < rot.probValue();
        Map<String, Object> out = new LinkedHashMap<>(d);
        if (!doIt) return out;
        for (String key : keys) {
            Object v = d.get(key);
            if (v == null) throw new IllegalArgumentException("RandRotate90d: key '" + key + "' is missing; the item has " + d.keySet());
            out.put(key, switch (v) {
                case MetaTensor m -> RandRotate90.rot90(m, k, rot.axes());
                case Tensor t -> RandRotate90.rot90(t, k, rot.axes());
                default -> throw new IllegalArgumentException("RandRotate90d: key '" + key + "' holds a " + v.getClass().getSimpleName() + ", not a tensor");
            });
        }
        return out;
    }
}
