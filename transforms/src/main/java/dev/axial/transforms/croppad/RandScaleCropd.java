package dev.axial.transforms.croppad;

import java.util.List;

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
public class RandScaleCropd extends RandBoxCropd<RandScaleCrop> {
    public RandScaleCropd(List<String> keys, double... roiScale) { this(new RandScaleCrop(roiScale), keys.toArray(String[]::new)); }

    public RandScaleCropd(RandScaleCrop cropper, String... keys) {
        super(cropper, keys);
    }

    /** The array transform (its options configure this one). */
    public RandScaleCrop transform() { return cropper; }
}
