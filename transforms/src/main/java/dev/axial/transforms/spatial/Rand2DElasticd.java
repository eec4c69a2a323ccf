package dev.axial.transforms.spatial;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;

import java.util.List;
import java.util.Map;

/**
 * MONAI's Rand2DElasticd: one deformation per call for every key, per-key mode and padding_mode (defaults bilinear,
 * reflection). Draws as MONAI: the dictionary's rand() &lt; prob; its inner Rand2DElastic (prob 1, generators seeded
 * alike) draws rand() and one (unused) set; when acting, the applied set. The grid is built for the first key's size.
 *
 * <pre>{@code
 * Rand2DElasticd t = new Rand2DElasticd(new double[]{3, 3}, 1, 2, "image", "label").prob(0.5).mode("bilinear", "nearest");
 * }</pre>
 */
public final class Rand2DElasticd extends GridMapTransform {
    private final Rand2DElastic elastic;
    private double prob = 0.1;
    private final GridResampling.Siblings siblings = new GridResampling.Siblings(1);

    public Rand2DElasticd(double[] spacing, double magLo, double magHi, String... keys) {
        super("reflection", keys);
        elastic = new Rand2DElastic(spacing, magLo, magHi).prob(1.0);
    }

    @Override public boolean isRandom() { return true; }

    public Rand2DElasticd prob(double p) { prob = p; return this; }

    /** The inner array transform, for its ranges and spatial_size (its own prob, mode and padding are not used). */
    public Rand2DElastic transform() { return elastic; }

    public Rand2DElasticd mode(String... m) { setModes(m); return this; }

    public Rand2DElasticd paddingMode(String... p) { setPaddings(p); return this; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        List<String> present = presentKeys(d);
        if (present.isEmpty()) return copy(d);
        long[] sp = elastic.outSize(image(d, present.getFirst()), this);
        RandomState inner = siblings.of(rs)[0];
        elastic.prime(inner);
        boolean act = rs.rand() < prob;
        inner.rand();
        elastic.randomize(inner, sp);
        double[][] coords = act ? elastic.deformedGrid(inner, sp) : GridResampling.centredGrid(sp);
        return applyKeys(d, (img, mode, padding) -> Rand2DElastic.resample(img, coords, sp, mode, padding));
    }
}
