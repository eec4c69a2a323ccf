package dev.axial.transforms.croppad;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;

import java.util.List;
import java.util.Map;

/**
 * MONAI's {@code RandWeightedCropd}: centres drawn once from the weight map under {@code wKey}, as
 * {@link RandWeightedCrop}; every key cut at them.
 *
 * <pre>{@code
 * var crop = new RandWeightedCropd(List.of("img", "seg"), "weights", 32, 32, 32);
 * crop.transform().numSamples(4);
 * List<Map<String, Object>> samples = crop.apply(item, new RandomState(0));
 * }</pre>
 */
public class RandWeightedCropd extends MultiSampleMapTransform {
    private final String wKey;
    private final RandWeightedCrop cropper;

    public RandWeightedCropd(List<String> keys, String wKey, long... spatialSize) {
        super(keys);
        this.wKey = wKey;
        this.cropper = new RandWeightedCrop(spatialSize);
    }

    public RandWeightedCrop transform() { return cropper; }

    @Override protected MultiSampleCrop cropper() { return cropper; }

    @Override public List<Map<String, Object>> apply(Map<String, Object> d, RandomState rs) {
        MetaTensor w = image(d, wKey);
        long[][] centers = forKey(wKey, w, () -> cropper.randomize(w.array(), rs));
        return samples(d, centers.length, img -> cropper.cropAtCenters(img, centers, cropper.spatialSize()));
    }
}
