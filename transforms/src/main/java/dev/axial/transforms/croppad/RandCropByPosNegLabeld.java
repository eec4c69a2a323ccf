package dev.axial.transforms.croppad;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;

import java.util.List;
import java.util.Map;

/**
 * MONAI's {@code RandCropByPosNegLabeld}: the centres are drawn once from {@code labelKey} (and {@code imageKey} if
 * set) and every key is cropped at them; returns {@code numSamples} items. Other entries are shared between the
 * samples, not copied. Each crop records {@code RandCropByPosNegLabel}; {@link #inverse(Map)} pads a sample back.
 *
 * <pre>{@code
 * var crop = new RandCropByPosNegLabeld(List.of("img", "seg"), "seg", 96, 96, 96).numSamples(4);
 * List<Map<String, Object>> samples = crop.apply(item, new RandomState(0));
 * }</pre>
 */
public class RandCropByPosNegLabeld extends MultiSampleMapTransform {
    private final String labelKey;
    private final RandCropByPosNegLabel cropper;
    private String imageKey, fgIndicesKey, bgIndicesKey;

    public RandCropByPosNegLabeld(List<String> keys, String labelKey, long... spatialSize) {
        super(keys);
        this.labelKey = labelKey;
        this.cropper = new RandCropByPosNegLabel(spatialSize);
    }

    @Override protected MultiSampleCrop cropper() { return cropper; }

    public RandCropByPosNegLabeld pos(double p) { cropper.pos(p); return this; }

    public RandCropByPosNegLabeld neg(double n) { cropper.neg(n); return this; }

    public RandCropByPosNegLabeld numSamples(int n) { cropper.numSamples(n); return this; }

    public RandCropByPosNegLabeld imageKey(String k) { this.imageKey = k; return this; }

    /** MONAI's fg_indices_key: flat foreground indices (int[], long[] or a Tensor) stored in the item; removed from the samples. */
    public RandCropByPosNegLabeld fgIndicesKey(String k) { this.fgIndicesKey = k; return this; }

    /** MONAI's bg_indices_key, as {@link #fgIndicesKey}. */
    public RandCropByPosNegLabeld bgIndicesKey(String k) { this.bgIndicesKey = k; return this; }

    public RandCropByPosNegLabeld imageThreshold(double t) { cropper.imageThreshold(t); return this; }

    public RandCropByPosNegLabeld allowSmaller(boolean b) { cropper.allowSmaller(b); return this; }

    @Override public RandCropByPosNegLabeld setRandomState(long seed) { super.setRandomState(seed); return this; }

    @Override public RandCropByPosNegLabeld setRandomState(RandomState state) { super.setRandomState(state); return this; }

    @Override public List<Map<String, Object>> apply(Map<String, Object> d, RandomState rs) {
        Map<String, Object> item = new java.util.LinkedHashMap<>(d);
        int[] fg = indices(item.remove(fgIndicesKey), fgIndicesKey), bg = indices(item.remove(bgIndicesKey), bgIndicesKey);
        MetaTensor image = optional(item, imageKey);
        MetaTensor label = image(item, labelKey);
        long[][] centers = forKey(labelKey, label, () -> cropper.randomize(label.array(), image == null ? null : image.array(), fg, bg, rs));
        return samples(item, centers.length, img -> cropper.crop(img, centers));
    }

    private int[] indices(Object v, String key) {
        return switch (v) {
            case null -> null;
            case int[] a -> a;
            case long[] a -> java.util.Arrays.stream(a).mapToInt(Math::toIntExact).toArray();
            case dev.axial.tensor.Tensor t -> java.util.Arrays.stream(t.toDoubleArray()).mapToInt(x -> (int) x).toArray();
            default -> throw error("key '" + key + "' holds " + v.getClass().getSimpleName() + ", not indices (int[], long[] or a Tensor)");
        };
    }
}
