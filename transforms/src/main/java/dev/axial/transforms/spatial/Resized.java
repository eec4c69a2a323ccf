package dev.axial.transforms.spatial;

import dev.axial.tensor.DType;
import dev.axial.tensor.RandomState;

import java.util.Map;

/**
 * MONAI's {@code Resized(keys, spatial_size, size_mode, mode, align_corners)}: {@link Resize} on each key, modes
 * per key.
 *
 * <pre>{@code
 * var r = new Resized(new long[]{96, 96, 64}, "image", "label").mode("trilinear", "nearest");
 * }</pre>
 */
public final class Resized extends InvertibleArrayToDict<Resize> {
    private String[] modes = {"area"};

    public Resized(long[] spatialSize, String... keys) { super(new Resize(spatialSize), keys); }

    public Resized mode(String... m) { this.modes = m.clone(); return this; }

    public Resized sizeMode(String m) { transform.sizeMode(m); return this; }

    public Resized alignCorners(Boolean a) { transform.alignCorners(a); return this; }

    public Resized antiAliasing(boolean a) { transform.antiAliasing(a); return this; }

    public Resized dtype(DType d) { transform.dtype(d); return this; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        int n = keys().size();
        return PerKey.each(keys(), presentKeys(d), d, (k, i) -> transform.apply(image(d, k), PerKey.pick(name(), modes, i, n), transform));
    }
}
