package dev.axial.transforms.croppad;

import java.util.List;

/**
 * MONAI's {@code ResizeWithPadOrCropd}: {@link ResizeWithPadOrCrop} on every key. Configure the array transform through {@link #transform()}.
 *
 * <pre>{@code
 * var t = new ResizeWithPadOrCropd(List.of("image", "label"), 8, 8, 8);
 * Map<String, Object> out = t.apply(item);
 * Map<String, Object> back = t.inverse(out);
 * }</pre>
 */
public class ResizeWithPadOrCropd extends InvertibleDict<ResizeWithPadOrCrop> {
    public ResizeWithPadOrCropd(List<String> keys, long... spatialSize) { super(new ResizeWithPadOrCrop(spatialSize), keys.toArray(String[]::new)); }

    public ResizeWithPadOrCropd(ResizeWithPadOrCrop transform, String... keys) { super(transform, keys); }
}
