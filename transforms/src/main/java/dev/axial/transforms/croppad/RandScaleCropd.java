package dev.axial.transforms.croppad;

import dev.axial.tensor.RandomState;
import dev.axial.transforms.InvertibleTransform;

import java.util.List;
import java.util.Map;

/**
 * MONAI's {@code RandScaleCropd}: one box drawn from the first present key's shape (as {@link RandScaleCrop}
 * draws it), cut from every key.
 *
 * <pre>{@code
 * var t = new RandScaleCropd(List.of("image", "label"), 0.5);
 * t.transform().randomSize(true);
 * Map<String, Object> out = t.setRandomState(0).apply(item);
 * }</pre>
 */
public class RandScaleCropd extends InvertibleMapTransform {
    private final RandScaleCrop cropper;

    public RandScaleCropd(List<String> keys, double... roiScale) { this(new RandScaleCrop(roiScale), keys.toArray(String[]::new)); }

    public RandScaleCropd(RandScaleCrop cropper, String... keys) {
        super(keys);
        this.cropper = cropper;
    }

    /** The array transform (its options configure this one). */
    public RandScaleCrop transform() { return cropper; }

    @Override protected InvertibleTransform inverter() { return cropper; }

    @Override public boolean isRandom() { return true; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        Map<String, Object> out = copy(d);
        List<String> keys = presentKeys(d);
        if (keys.isEmpty()) return out;
        RandSpatialCrop.Box box = cropper.randomize(cropper.spatialShape(image(d, keys.getFirst())), rs);
        for (String k : keys) out.put(k, cropper.apply(image(d, k), box));
        return out;
    }
}
