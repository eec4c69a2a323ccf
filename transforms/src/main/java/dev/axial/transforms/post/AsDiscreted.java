package dev.axial.transforms.post;

import dev.axial.tensor.DType;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.MapTransform;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * MONAI's {@code AsDiscreted(keys, argmax, to_onehot, threshold, rounding, dim, keepdim, dtype)}: {@link AsDiscrete}
 * with options per key (one value applies to every key).
 *
 * <pre>{@code
 * var post = new AsDiscreted("pred", "label").argmax(true, false).toOnehot(2, 2);
 * }</pre>
 */
public final class AsDiscreted extends MapTransform {
    private final AsDiscrete converter = new AsDiscrete();
    private boolean[] argmax;
    private List<Integer> toOnehot;
    private List<Double> threshold;
    private List<String> rounding;

    public AsDiscreted(String... keys) {
        super(keys);
        argmax = new boolean[keys.length];
        toOnehot = PerKey.rep(null, keys.length);
        threshold = PerKey.rep(null, keys.length);
        rounding = PerKey.rep(null, keys.length);
    }

    public AsDiscreted argmax(boolean... flags) { argmax = PerKey.rep(flags, keys().size(), "argmax", this::error); return this; }

    /** Classes per key; null entries mean no one-hot for that key. */
    public AsDiscreted toOnehot(Integer... numClasses) { toOnehot = PerKey.rep(Arrays.asList(numClasses), keys().size(), "toOnehot", this::error); return this; }

    public AsDiscreted threshold(Double... thresholds) { threshold = PerKey.rep(Arrays.asList(thresholds), keys().size(), "threshold", this::error); return this; }

    public AsDiscreted rounding(String... modes) {
        for (String m : modes) if (m != null && !m.equals("torchrounding")) throw error("rounding must be \"torchrounding\" or null, got \"" + m + "\"");
        rounding = PerKey.rep(Arrays.asList(modes), keys().size(), "rounding", this::error);
        return this;
    }

    public AsDiscreted dim(int dim) { converter.dim(dim); return this; }

    public AsDiscreted keepdim(boolean keepdim) { converter.keepdim(keepdim); return this; }

    public AsDiscreted dtype(DType dtype) { converter.dtype(dtype); return this; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        Map<String, Object> out = copy(d);
        for (String k : presentKeys(d)) {
            int i = keys().indexOf(k);
            try {
                out.put(k, converter.apply(image(d, k), argmax[i], toOnehot.get(i), threshold.get(i), rounding.get(i)));
            } catch (IllegalArgumentException e) {
                throw error("key '" + k + "': " + e.getMessage());
            }
        }
        return out;
    }
}
