package dev.axial.transforms.spatial;

import dev.axial.tensor.DType;
import dev.axial.tensor.RandomState;

import java.util.Map;

/**
 * MONAI's {@code Zoomd(keys, zoom, mode, padding_mode, keep_size)}: {@link Zoom} on each key, modes per key.
 *
 * <pre>{@code
 * var z = new Zoomd(new double[]{1.5}, "image", "label").mode("bilinear", "nearest");
 * }</pre>
 */
public final class Zoomd extends InvertibleArrayToDict<Zoom> {
    private String[] modes = {"area"};

    public Zoomd(double[] zoom, String... keys) { super(new Zoom(zoom), keys); }

    public Zoomd mode(String... m) { this.modes = m.clone(); return this; }

    public Zoomd paddingMode(String p) { transform.paddingMode(p); return this; }

    public Zoomd alignCorners(Boolean a) { transform.alignCorners(a); return this; }

    public Zoomd dtype(DType d) { transform.dtype(d); return this; }

    public Zoomd keepSize(boolean k) { transform.keepSize(k); return this; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        int n = keys().size();
        return PerKey.each(keys(), presentKeys(d), d, (k, i) -> {
            var img = image(d, k);
            return transform.apply(img, Zoom.factors(name(), transform.zoomValue(), img), PerKey.pick(name(), modes, i, n), transform);
        });
    }
}
