package dev.axial.transforms.croppad;

import dev.axial.tensor.RandomState;
import dev.axial.transforms.InvertibleTransform;

import java.util.List;
import java.util.Map;

/**
 * MONAI's {@code CropForegroundd}: the box is found on {@code sourceKey} (as {@link CropForeground}) and every key
 * is cropped (and padded) to it; the box is stored under {@code foreground_start_coord} and
 * {@code foreground_end_coord} (MONAI's start_coord_key/end_coord_key; null to skip).
 *
 * <pre>{@code
 * var t = new CropForegroundd(List.of("image", "label"), "image");
 * t.transform().margin(2).kDivisible(16);
 * Map<String, Object> out = t.apply(item);
 * }</pre>
 */
public class CropForegroundd extends InvertibleMapTransform {
    private final CropForeground cropper;
    private final String sourceKey;
    private String startCoordKey = "foreground_start_coord", endCoordKey = "foreground_end_coord";

    public CropForegroundd(List<String> keys, String sourceKey) { this(new CropForeground(), sourceKey, keys.toArray(String[]::new)); }

    public CropForegroundd(CropForeground cropper, String sourceKey, String... keys) {
        super(keys);
        this.cropper = cropper;
        this.sourceKey = sourceKey;
    }

    public CropForeground transform() { return cropper; }

    @Override protected InvertibleTransform inverter() { return cropper; }

    public CropForegroundd startCoordKey(String k) { this.startCoordKey = k; return this; }

    public CropForegroundd endCoordKey(String k) { this.endCoordKey = k; return this; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        if (!d.containsKey(sourceKey)) throw error("source_key '" + sourceKey + "' is not in the data (keys " + d.keySet() + ")");
        long[][] box = cropper.computeBoundingBox(image(d, sourceKey));
        Map<String, Object> out = copy(d);
        if (startCoordKey != null) out.put(startCoordKey, box[0].clone());
        if (endCoordKey != null) out.put(endCoordKey, box[1].clone());
        for (String k : presentKeys(d)) out.put(k, cropper.cropPad(image(d, k), box[0], box[1], cropper.padMode()));
        return out;
    }

}
