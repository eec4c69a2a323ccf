package dev.axial.transforms.spatial;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;

import java.util.Map;

/**
 * MONAI's {@code RandZoomd(keys, prob=0.1, min_zoom=0.9, max_zoom=1.1, mode, padding_mode, keep_size)}: on every
 * call draws {@code rand() < prob}, then its inner prob-1 RandZoom draws {@code rand()} and the factors for the
 * first present key; every key is zoomed alike (modes per key). The inner transform has its own generator
 * (seeded alike by {@code setRandomState}, as MONAI's); with a generator passed to {@code apply(d, rs)} all
 * draws come from {@code rs}, in that order.
 *
 * <pre>{@code
 * var z = new RandZoomd("image", "label").prob(0.5).mode("trilinear", "nearest");
 * }</pre>
 */
public final class RandZoomd extends RandomMapTransform {
    private final RandZoom zoom = new RandZoom();
    private String[] modes = {"area"};

    public RandZoomd(String... keys) { super(0.1, keys); }

    public RandZoomd prob(double p) { checkProb(p); this.prob = p; return this; }

    public RandZoomd minZoom(double... z) { zoom.minZoom(z); return this; }

    public RandZoomd maxZoom(double... z) { zoom.maxZoom(z); return this; }

    public RandZoomd mode(String... m) { this.modes = m.clone(); return this; }

    public RandZoomd paddingMode(String p) { zoom.paddingMode(p); return this; }

    public RandZoomd alignCorners(Boolean a) { zoom.alignCorners(a); return this; }

    public RandZoomd dtype(DType d) { zoom.dtype(d); return this; }

    public RandZoomd keepSize(boolean k) { zoom.keepSize(k); return this; }

    @Override public RandZoomd setRandomState(long seed) { super.setRandomState(seed); return this; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        var present = presentKeys(d);
        Map<String, Object> out = copy(d);
        if (present.isEmpty()) return out;
        boolean doIt = rs.rand() < prob;
        RandomState in = inner(rs);
        in.rand();   // the inner RandZoom's prob (1.0) draw
        double[] z = zoom.draw(image(d, present.getFirst()), in);
        int n = keys().size();
        return PerKey.each(keys(), present, d, (k, i) -> zoom.apply(image(d, k), z, doIt, PerKey.pick(name(), modes, i, n), this, lazyNow()));
    }

    @Override public MetaTensor inverse(MetaTensor img) { return Zoom.undo(img, this); }
}
