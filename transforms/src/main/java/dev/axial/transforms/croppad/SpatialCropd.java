package dev.axial.transforms.croppad;

/**
 * MONAI's {@code SpatialCropd}: one {@link SpatialCrop} box on every key.
 *
 * <pre>{@code
 * var t = new SpatialCropd(SpatialCrop.ofCenter(new long[]{8, 8, 8}, new long[]{4, 4, 4}), "image", "label");
 * }</pre>
 */
public class SpatialCropd extends InvertibleDict<SpatialCrop> {
    public SpatialCropd(SpatialCrop transform, String... keys) { super(transform, keys); }
}
