package dev.axial.transforms.croppad;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;

import java.util.List;
import java.util.Map;

/**
 * MONAI's {@code RandCropByLabelClassesd}: centres drawn once from {@code labelKey} (and {@code imageKey}), as
 * {@link RandCropByLabelClasses}; every key cut at them. Configure the draw through {@link #transform()}.
 *
 * <pre>{@code
 * var crop = new RandCropByLabelClassesd(List.of("img", "seg"), "seg", 64, 64, 64);
 * crop.transform().numClasses(3).ratios(0, 1, 2).numSamples(4);
 * List<Map<String, Object>> samples = crop.apply(item, new RandomState(0));
 * }</pre>
 */
public class RandCropByLabelClassesd extends MultiSampleMapTransform {
    private final String labelKey;
    private final RandCropByLabelClasses cropper;
    private String imageKey;

    public RandCropByLabelClassesd(List<String> keys, String labelKey, long... spatialSize) {
        super(keys);
        this.labelKey = labelKey;
        this.cropper = new RandCropByLabelClasses(spatialSize);
    }

    public RandCropByLabelClasses transform() { return cropper; }

    @Override protected MultiSampleCrop cropper() { return cropper; }

    public RandCropByLabelClassesd imageKey(String k) { this.imageKey = k; return this; }

    @Override public List<Map<String, Object>> apply(Map<String, Object> d, RandomState rs) {
        MetaTensor image = optional(d, imageKey);
        MetaTensor label = image(d, labelKey);
        long[][] centers = forKey(labelKey, label, () -> cropper.randomize(label.array(), image == null ? null : image.array(), rs));
        return samples(d, centers.length, img -> cropper.cropAtCenters(img, centers, cropper.spatialSize()));
    }
}
