package dev.axial.transforms.spatial;

import dev.axial.tensor.DType;
import dev.axial.tensor.RandomState;

import java.util.Map;

/**
 * MONAI's {@code Spacingd(keys, pixdim, ..., mode, padding_mode)}: {@link Spacing} on each key, with a mode and
 * padding mode per key (one value: every key), as MONAI's sequences.
 *
 * <pre>{@code
 * var sp = new Spacingd(new double[]{1.5, 1.5, 2.0}, "image", "label").mode("bilinear", "nearest");
 * }</pre>
 */
public final class Spacingd extends InvertibleArrayToDict<Spacing> {
    private String[] modes = {"bilinear"}, paddingModes = {"border"};

    public Spacingd(double[] pixdim, String... keys) { super(new Spacing(pixdim), keys); }

    /** Modes per key (one value: all keys). */
    public Spacingd mode(String... m) { for (String x : m) SpatialResample.checkMode(name(), x); this.modes = m.clone(); return this; }

    public Spacingd paddingMode(String... p) { for (String x : p) SpatialResample.checkPadding(name(), x); this.paddingModes = p.clone(); return this; }

    public Spacingd diagonal(boolean d) { transform.diagonal(d); return this; }

    public Spacingd alignCorners(boolean a) { transform.alignCorners(a); return this; }

    public Spacingd dtype(DType d) { transform.dtype(d); return this; }

    public Spacingd scaleExtent(boolean s) { transform.scaleExtent(s); return this; }

    public Spacingd recomputeAffine(boolean r) { transform.recomputeAffine(r); return this; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        int n = keys().size();
        return PerKey.each(keys(), presentKeys(d), d, (k, i) ->
                transform.apply(image(d, k), PerKey.pick(name(), modes, i, n), PerKey.pick(name(), paddingModes, i, n), null));
    }
}
