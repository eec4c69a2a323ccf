package dev.axial.transforms.spatial;

import dev.axial.tensor.RandomState;

import java.util.List;
import java.util.Map;

/**
 * MONAI's Rand3DElasticd: one deformation per call for every key, per-key mode and padding_mode (defaults bilinear,
 * reflection). Draws as MONAI: the dictionary's rand() &lt; prob; its inner Rand3DElastic (prob 1, generators seeded
 * alike) draws rand(), the offset field, magnitude, sigma and one (unused) affine set; when acting, the applied
 * affine set. The grid is built for the first key's size.
 *
 * <pre>{@code
 * Rand3DElasticd t = new Rand3DElasticd(5, 7, 50, 100, "image", "label").prob(0.5).mode("bilinear", "nearest");
 * }</pre>
 */
public final class Rand3DElasticd extends GridMapTransform {
    private final Rand3DElastic elastic;
    private double prob = 0.1;
    private final GridResampling.Siblings siblings = new GridResampling.Siblings(1);

    public Rand3DElasticd(double sigmaLo, double sigmaHi, double magLo, double magHi, String... keys) {
        super("reflection", keys);
        elastic = new Rand3DElastic(sigmaLo, sigmaHi, magLo, magHi).prob(1.0);
    }

    @Override public boolean isRandom() { return true; }

    public Rand3DElasticd prob(double p) { prob = p; return this; }

    /** The inner array transform, for its ranges and spatial_size (its own prob, mode and padding are not used). */
    public Rand3DElastic transform() { return elastic; }

    public Rand3DElasticd mode(String... m) { setModes(m); return this; }

    public Rand3DElasticd paddingMode(String... p) { setPaddings(p); return this; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        List<String> present = presentKeys(d);
        if (present.isEmpty()) return copy(d);
        long[] sp = elastic.outSize(image(d, present.getFirst()), this);
        RandomState inner = siblings.of(rs)[0];
        RandomState gridR = elastic.gridGenerator(inner);
        boolean act = rs.rand() < prob;
        inner.rand();
        Rand3DElastic.Draw draw = elastic.draw(inner, sp);
        double[][] coords = act ? elastic.deformedGrid(draw, gridR) : GridResampling.centredGrid(sp);
        return applyKeys(d, (img, mode, padding) -> Rand2DElastic.resample(img, coords, sp, mode, padding));
    }
}
