package dev.axial.transforms.croppad;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;

/**
 * MONAI's {@code RandScaleCrop}: {@link RandSpatialCrop} with its sizes given as fractions of the image:
 * roi size {@code ceil(roiScale * size)}, with randomSize a max of {@code ceil(maxRoiScale * size)} (default the
 * image size; non-positive entries take the image size), then drawn exactly as RandSpatialCrop draws.
 *
 * <pre>{@code
 * var crop = new RandScaleCrop(0.5).maxRoiScale(0.8).randomSize(true);
 * crop.setRandomState(0);
 * MetaTensor c = crop.apply(img);
 * }</pre>
 */
public class RandScaleCrop extends Crop implements BoxCrop {
    private final double[] roiScale;
    private double[] maxRoiScale;
    private boolean randomCenter = true, randomSize;

    public RandScaleCrop(double... roiScale) {
        if (roiScale.length == 0) throw new IllegalArgumentException("RandScaleCrop: roi_scale is empty");
        this.roiScale = roiScale.clone();
    }

    /** MONAI's max_roi_scale (default: the image size), used with randomSize. */
    public RandScaleCrop maxRoiScale(double... max) { this.maxRoiScale = max.length == 0 ? null : max.clone(); return this; }

    /** MONAI's random_center (default true). */
    public RandScaleCrop randomCenter(boolean b) { this.randomCenter = b; return this; }

    /** MONAI's random_size (default false). */
    public RandScaleCrop randomSize(boolean b) { this.randomSize = b; return this; }

    @Override public boolean isRandom() { return true; }

    /** MONAI's randomize(img_size): the box for an image of spatial shape {@code sp}, drawn from {@code rs}. */
    public RandSpatialCrop.Box randomize(long[] sp, RandomState rs) {
        RandSpatialCrop sized = new RandSpatialCrop(CenterScaleCrop.scaled(name(), roiScale, sp))
                .randomCenter(randomCenter).randomSize(randomSize);
        if (maxRoiScale != null) sized.maxRoiSize(CenterScaleCrop.scaled(name(), maxRoiScale, sp));
        return sized.randomize(sp, rs);
    }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) { return apply(img, randomize(spatialShape(img), rs)); }

    /** Crops {@code img} to a drawn box (the dictionary form applies one box to every key). */
    public MetaTensor apply(MetaTensor img, RandSpatialCrop.Box box) {
        checkDims(box.start(), spatialShape(img), "box");
        return crop(img, box.start(), box.end());
    }
}
