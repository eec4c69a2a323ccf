package dev.axial.transforms.croppad;

import java.util.List;

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
public class RandSpatialCropd extends RandBoxCropd<RandSpatialCrop> {
    public RandSpatialCropd(List<String> keys, long... roiSize) { this(new RandSpatialCrop(roiSize), keys.toArray(String[]::new)); }

    public RandSpatialCropd(RandSpatialCrop cropper, String... keys) {
        super(cropper, keys);
    }

    /** The array transform (its options configure this one). */
    public RandSpatialCrop transform() { return cropper; }
}
