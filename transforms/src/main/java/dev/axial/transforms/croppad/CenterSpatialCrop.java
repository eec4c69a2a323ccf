package dev.axial.transforms.croppad;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;

/**
 * MONAI's {@code CenterSpatialCrop}: a box of {@code roiSize} around the centre {@code d // 2} (start =
 * max(d // 2 - r // 2, 0)); a non-positive entry keeps the dim, a size larger than the image keeps the image.
 *
 * <pre>{@code
 * MetaTensor c = new CenterSpatialCrop(4, -1, 4).apply(img);
 * }</pre>
 */
public class CenterSpatialCrop extends Crop {
    private final long[] roiSize;

    public CenterSpatialCrop(long... roiSize) {
        if (roiSize.length == 0) throw new IllegalArgumentException("CenterSpatialCrop: roi_size is empty");
        this.roiSize = roiSize.clone();
    }

    /** {start, end} of the centred box of {@code roiSize} in an image of {@code sp}. */
    public static long[][] box(long[] roiSize, long[] sp) {
        long[] size = Regions.fallBack(roiSize, sp), center = new long[sp.length];
        for (int d = 0; d < sp.length; d++) center[d] = sp[d] / 2;
        return Regions.centerSizeToStartEnd(center, size);
    }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        long[][] b = box(roiSize, spatialShape(img));
        return crop(img, b[0], b[1]);
    }
}
