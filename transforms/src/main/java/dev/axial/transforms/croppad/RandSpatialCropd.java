package dev.axial.transforms.croppad;

import dev.axial.tensor.RandomState;
import dev.axial.transforms.InvertibleTransform;

import java.util.List;
import java.util.Map;

/**
 * MONAI's {@code RandSpatialCropd}: one box drawn from the first present key's shape (as {@link RandSpatialCrop}
 * draws it), cut from every key.
 *
 * <pre>{@code
 * var t = new RandSpatialCropd(List.of("image", "label"), 32, 32, 32);
 * t.transform().randomSize(true);
 * Map<String, Object> out = t.setRandomState(0).apply(item);
 * }</pre>
 */
public class RandSpatialCropd extends InvertibleMapTransform {
    private final RandSpatialCrop cropper;

    public RandSpatialCropd(List<String> keys, long... roiSize) { this(new RandSpatialCrop(roiSize), keys.toArray(String[]::new)); }

    public RandSpatialCropd(RandSpatialCrop cropper, String... keys) {
        super(keys);
        this.cropper = cropper;
    }

    /** The array transform (its options configure this one). */
    public RandSpatialCrop transform() { return cropper; }

    @Override protected InvertibleTransform inverter() { return cropper; }

    @Override public boolean isRandom() { return true; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        Map<String, Object> out = copy(d);
        List<String> keys = presentKeys(d);
        if (keys.isEmpty()) return out;
        RandSpatialCrop.Box box = cropper.randomize(Regions.spatial(image(d, keys.getFirst())), rs);
        for (String k : keys) out.put(k, cropper.apply(image(d, k), box));
        return out;
    }

}
