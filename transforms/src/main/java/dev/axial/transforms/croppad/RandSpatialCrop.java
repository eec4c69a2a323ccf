package dev.axial.transforms.croppad;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.TransformException;

import java.util.Arrays;

/**
 * MONAI's {@code RandSpatialCrop}: a box of {@code roiSize} (a non-positive entry takes the image's size), or with
 * {@code randomSize} of a size drawn per dim in {@code [roiSize, maxRoiSize]}, at a random place
 * ({@code randomCenter}, default) or in the centre. Draws as MONAI: with randomSize {@code randint(min, max + 1)}
 * per dim first, then with randomCenter {@code randint(0, d - s + 1)} only for dims where {@code d > s}. A box
 * larger than the image is clipped to it (MONAI does not raise).
 *
 * <pre>{@code
 * var crop = new RandSpatialCrop(32, 32, 32).randomSize(false);
 * crop.setRandomState(0);
 * MetaTensor c = crop.apply(img);
 * }</pre>
 */
public class RandSpatialCrop extends Crop implements BoxCrop {
    private final long[] roiSize;
    private long[] maxRoiSize;
    private boolean randomCenter = true, randomSize;

    /** The drawn box: its {start, end} per spatial dim. */
    public record Box(long[] start, long[] end) {}

    public RandSpatialCrop(long... roiSize) {
        if (roiSize.length == 0) throw new IllegalArgumentException("RandSpatialCrop: roi_size is empty");
        this.roiSize = roiSize.clone();
    }

    /** MONAI's max_roi_size (default: the image size), used with randomSize. */
    public RandSpatialCrop maxRoiSize(long... max) { this.maxRoiSize = max.clone(); return this; }

    /** MONAI's random_center (default true). */
    public RandSpatialCrop randomCenter(boolean b) { this.randomCenter = b; return this; }

    /** MONAI's random_size (default false). */
    public RandSpatialCrop randomSize(boolean b) { this.randomSize = b; return this; }

    @Override public boolean isRandom() { return true; }

    /** MONAI's randomize(img_size): the box for an image of spatial shape {@code sp}, drawn from {@code rs}. */
    public Box randomize(long[] sp, RandomState rs) {
        long[] size = Regions.fallBack(roiSize, sp);
        if (randomSize) {
            long[] max = maxRoiSize == null ? sp : Regions.fallBack(maxRoiSize, sp);
            for (int d = 0; d < sp.length; d++)
                if (size[d] > max[d])
                    throw new TransformException(name() + ": min ROI size " + Arrays.toString(size) + " is larger than max ROI size " + Arrays.toString(max));
            for (int d = 0; d < sp.length; d++) size[d] = rs.randint(size[d], max[d] + 1);
        }
        if (!randomCenter) {
            long[][] b = CenterSpatialCrop.box(size, sp);
            return new Box(b[0], b[1]);
        }
        long[] start = new long[sp.length], end = new long[sp.length];
        for (int d = 0; d < sp.length; d++) {
            long valid = Math.min(sp[d], size[d] > 0 ? size[d] : sp[d]);   // get_valid_patch_size
            start[d] = sp[d] > valid ? rs.randint(0, sp[d] - valid + 1) : 0;
            end[d] = start[d] + valid;
        }
        return new Box(start, end);
    }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) { return apply(img, randomize(spatialShape(img), rs)); }

    /** Crops {@code img} to a drawn box (the dictionary form applies one box to every key). */
    public MetaTensor apply(MetaTensor img, Box box) {
        checkDims(box.start(), spatialShape(img), "box");
        return crop(img, box.start(), box.end());
    }
}
