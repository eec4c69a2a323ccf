package dev.axial.transforms.croppad;

import java.util.List;

/**
 * MONAI's {@code CenterScaleCropd}: {@link CenterScaleCrop} on every key (each scaled by its own size).
 *
 * <pre>{@code
 * var t = new CenterScaleCropd(List.of("image", "label"), 0.5, 0.5, 1.0);
 * Map<String, Object> back = t.inverse(t.apply(item));
 * }</pre>
 */
public class CenterScaleCropd extends InvertibleDict<CenterScaleCrop> {
    public CenterScaleCropd(List<String> keys, double... roiScale) { super(new CenterScaleCrop(roiScale), keys.toArray(String[]::new)); }

    public CenterScaleCropd(CenterScaleCrop transform, String... keys) { super(transform, keys); }
}
