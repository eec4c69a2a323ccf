package dev.axial.transforms.croppad;

import java.util.List;

/**
 * MONAI's {@code CenterSpatialCropd}: {@link CenterSpatialCrop} on every key. Configure the array transform through {@link #transform()}.
 *
 * <pre>{@code
 * var t = new CenterSpatialCropd(List.of("image", "label"), 8, 8, 8);
 * Map<String, Object> out = t.apply(item);
 * Map<String, Object> back = t.inverse(out);
 * }</pre>
 */
public class CenterSpatialCropd extends InvertibleDict<CenterSpatialCrop> {
    public CenterSpatialCropd(List<String> keys, long... roiSize) { super(new CenterSpatialCrop(roiSize), keys.toArray(String[]::new)); }

    public CenterSpatialCropd(CenterSpatialCrop transform, String... keys) { super(transform, keys); }
}
