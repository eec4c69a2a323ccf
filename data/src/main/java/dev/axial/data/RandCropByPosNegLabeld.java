package dev.axial.data;

import dev.axial.tensor.RandomState;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MONAI's {@code RandCropByPosNegLabeld}: the centres are drawn once from {@code labelKey} (and {@code imageKey}
 * if set) and every key is cropped at them; returns {@code numSamples} items. Other entries are shared between
 * the samples, not copied.
 *
 * <pre>{@code
 * var crop = new RandCropByPosNegLabeld(List.of("img", "seg"), "seg", 96, 96, 96).numSamples(4);
 * List<Map<String, Object>> samples = crop.apply(item, new RandomState(0));
 * }</pre>
 */
public final class RandCropByPosNegLabeld {
    private final List<String> keys;
    private final String labelKey;
    private final RandCropByPosNegLabel cropper;
    private String imageKey;
    private RandomState R = new RandomState(0);

    public RandCropByPosNegLabeld(List<String> keys, String labelKey, long... spatialSize) {
        this.keys = List.copyOf(keys);
        this.labelKey = labelKey;
        this.cropper = new RandCropByPosNegLabel(spatialSize);
    }

    public RandCropByPosNegLabeld pos(double p) { cropper.pos(p); return this; }

    public RandCropByPosNegLabeld neg(double n) { cropper.neg(n); return this; }

    public RandCropByPosNegLabeld numSamples(int n) { cropper.numSamples(n); return this; }

    public RandCropByPosNegLabeld imageKey(String k) { this.imageKey = k; return this; }

    public RandCropByPosNegLabeld imageThreshold(double t) { cropper.imageThreshold(t); return this; }

    public RandCropByPosNegLabeld allowSmaller(boolean b) { cropper.allowSmaller(b); return this; }

    public RandCropByPosNegLabeld setRandomState(long seed) { this.R = new RandomState(Math.floorMod(seed, 1L << 32)); return this; }

    public RandCropByPosNegLabeld setRandomState(RandomState state) { this.R = state; return this; }

    public List<Map<String, Object>> apply(Map<String, Object> d) { return apply(d, R); }

    public List<Map<String, Object>> apply(Map<String, Object> d, RandomState rs) {
        long[][] centers = cropper.randomize(array(d, labelKey), imageKey == null ? null : array(d, imageKey), rs);
        List<Map<String, Object>> out = new ArrayList<>(centers.length);
        for (int i = 0; i < centers.length; i++) out.add(new LinkedHashMap<>(d));
        for (String key : keys) {
            Object v = d.get(key);
            if (v instanceof MetaTensor m) {
                List<MetaTensor> crops = cropper.crop(m, centers);
                for (int i = 0; i < crops.size(); i++) out.get(i).put(key, crops.get(i));
            } else {
                List<Tensor> crops = cropper.crop(array(d, key), centers);
                for (int i = 0; i < crops.size(); i++) out.get(i).put(key, crops.get(i));
            }
        }
        return out;
    }

    private static Tensor array(Map<String, Object> d, String key) {
        Object v = d.get(key);
        return switch (v) {
            case null -> throw new IllegalArgumentException("RandCropByPosNegLabeld: key '" + key + "' is missing; the item has " + d.keySet());
            case MetaTensor m -> m.array();
            case Tensor t -> t;
            default -> throw new IllegalArgumentException("RandCropByPosNegLabeld: key '" + key + "' holds a " + v.getClass().getSimpleName() + ", not a tensor");
        };
    }
}
