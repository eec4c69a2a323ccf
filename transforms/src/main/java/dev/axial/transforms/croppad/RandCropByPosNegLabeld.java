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
    private String imageKey;

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

    public RandCropByPosNegLabeld imageThreshold(double t) { cropper.imageThreshold(t); return this; }

    public RandCropByPosNegLabeld allowSmaller(boolean b) { cropper.allowSmaller(b); return this; }

    @Override public RandCropByPosNegLabeld setRandomState(long seed) { super.setRandomState(seed); return this; }

    @Override public RandCropByPosNegLabeld setRandomState(RandomState state) { super.setRandomState(state); return this; }

    @Override public List<Map<String, Object>> apply(Map<String, Object> d, RandomState rs) {
        MetaTensor image = optional(d, imageKey);
        MetaTensor label = image(d, labelKey);
        long[][] centers = forKey(labelKey, label, () -> cropper.randomize(label.array(), image == null ? null : image.array(), rs));
        return samples(d, centers.length, img -> cropper.crop(img, centers));
    }
}
