package dev.axial.transforms.croppad;

import dev.axial.tensor.RandomState;

import java.util.List;
import java.util.Map;

/**
 * MONAI's {@code RandSpatialCropSamplesd}: draws one sub-seed ({@code randint(2^32, dtype=uint32)}), then every key
 * is cut by {@link RandSpatialCropSamples} with a generator seeded by it, so all keys get the same boxes.
 *
 * <pre>{@code
 * var crop = new RandSpatialCropSamplesd(List.of("img", "seg"), 4, 32, 32, 32);
 * List<Map<String, Object>> samples = crop.setRandomState(0).apply(item);
 * }</pre>
 */
public class RandSpatialCropSamplesd extends MultiSampleMapTransform {
    private final RandSpatialCropSamples cropper;

    public RandSpatialCropSamplesd(List<String> keys, int numSamples, long... roiSize) {
        super(keys);
        this.cropper = new RandSpatialCropSamples(numSamples, roiSize);
    }

    public RandSpatialCropSamples transform() { return cropper; }

    @Override protected MultiSampleCrop cropper() { return cropper; }

    @Override public List<Map<String, Object>> apply(Map<String, Object> d, RandomState rs) {
        long subSeed = rs.randintUint32();
        return samples(d, cropper.numSamples(), img -> cropper.apply(img, new RandomState(subSeed)));
    }
}
