package dev.axial.transforms.spatial;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;

import java.util.Map;

/**
 * MONAI's {@code RandAxisFlipd(keys, prob=0.1)}: draws {@code rand() < prob}, then its inner prob-1 RandAxisFlip
 * draws {@code rand()} and {@code randint(spatial dims of the first present key)}, on every call; every key is
 * flipped on that axis. The inner transform has its own generator (seeded alike by {@code setRandomState}); with a
 * generator passed to {@code apply(d, rs)} (a loader's per-item one) all draws come from {@code rs}, in that order.
 *
 * <pre>{@code
 * var flip = new RandAxisFlipd("image", "label").prob(0.5);
 * }</pre>
 */
public final class RandAxisFlipd extends RandomMapTransform {
    public RandAxisFlipd(String... keys) { super(0.1, keys); }

    @Override public RandAxisFlipd setRandomState(long seed) { super.setRandomState(seed); return this; }

    public RandAxisFlipd prob(double p) { checkProb(p); this.prob = p; return this; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        var keys = presentKeys(d);
        Map<String, Object> out = copy(d);
        if (keys.isEmpty()) return out;
        boolean doIt = rs.rand() < prob;
        RandomState in = inner(rs);
        in.rand();   // the inner RandAxisFlip's prob (1.0) draw
        int axis = (int) in.randint(Spatial.spatialRank(name(), image(d, keys.getFirst())));
        for (String k : keys) out.put(k, Flip.apply(image(d, k), new int[]{axis}, this, doIt, lazyNow()));
        return out;
    }

    @Override public MetaTensor inverse(MetaTensor img) { return Flip.undo(img, this); }
}
