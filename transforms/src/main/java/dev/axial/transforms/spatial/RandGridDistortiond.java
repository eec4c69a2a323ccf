package dev.axial.transforms.spatial;

import dev.axial.tensor.RandomState;

import java.util.List;
import java.util.Map;

/**
 * MONAI's RandGridDistortiond: one distortion per call for every key, per-key mode and padding_mode (defaults
 * bilinear, border). Draws as MONAI: the dictionary's rand() &lt; prob (not acting: no more draws, keys unchanged);
 * then its inner RandGridDistortion (prob 1, its generator seeded alike) draws rand() and the steps for the first
 * key's rank.
 *
 * <pre>{@code
 * RandGridDistortiond t = new RandGridDistortiond("image", "label").numCells(4).distortLimit(0.1).prob(0.5);
 * }</pre>
 */
public final class RandGridDistortiond extends GridMapTransform {
    private final RandGridDistortion distortion = new RandGridDistortion().prob(1.0);
    private double prob = 0.1;
    private final GridResampling.Siblings siblings = new GridResampling.Siblings(1);

    public RandGridDistortiond(String... keys) { super("border", keys); }

    @Override public boolean isRandom() { return true; }

    public RandGridDistortiond prob(double p) { prob = p; return this; }

    public RandGridDistortiond numCells(int... n) { distortion.numCells(n); return this; }

    public RandGridDistortiond distortLimit(double f) { distortion.distortLimit(f); return this; }

    public RandGridDistortiond distortLimit(double a, double b) { distortion.distortLimit(a, b); return this; }

    public RandGridDistortiond mode(String... m) { setModes(m); return this; }

    public RandGridDistortiond paddingMode(String... p) { setPaddings(p); return this; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        RandomState inner = siblings.of(rs)[0];
        if (!(rs.rand() < prob)) return copy(d);
        List<String> present = presentKeys(d);
        if (present.isEmpty()) return copy(d);
        int r = GridResampling.checkImage(name(), image(d, present.getFirst()));
        inner.rand();
        double[][] steps = distortion.drawSteps(inner, r);
        return applyKeys(d, (img, mode, padding) -> distortion.apply(img, steps, mode, padding));
    }
}
