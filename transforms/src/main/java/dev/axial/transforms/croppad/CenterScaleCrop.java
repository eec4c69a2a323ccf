package dev.axial.transforms.croppad;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.TransformException;

import java.util.Arrays;

/**
 * MONAI's {@code CenterScaleCrop}: a {@link CenterSpatialCrop} of {@code ceil(roiScale * size)} per spatial dim
 * (one scale for every dim, or one each; a non-positive scale keeps the dim). Inverted by padding back with zeros.
 *
 * <pre>{@code
 * MetaTensor c = new CenterScaleCrop(0.5).apply(img);
 * MetaTensor back = new CenterScaleCrop(0.5).inverse(c);
 * }</pre>
 */
public class CenterScaleCrop extends Crop {
    private final double[] roiScale;

    public CenterScaleCrop(double... roiScale) {
        if (roiScale.length == 0) throw new IllegalArgumentException("CenterScaleCrop: roi_scale is empty");
        this.roiScale = roiScale.clone();
    }

    /** {@code ceil(scale * size)} per dim for an image of spatial shape {@code sp} (MONAI's scaled roi size). */
    static long[] scaled(String who, double[] scale, long[] sp) {
        if (scale.length != 1 && scale.length != sp.length)
            throw new TransformException(who + ": roi_scale " + Arrays.toString(scale) + " does not match the " + sp.length
                    + " spatial dims of " + Arrays.toString(sp));
        long[] size = new long[sp.length];
        for (int d = 0; d < sp.length; d++) {
            double r = scale[scale.length == 1 ? 0 : d];
            if (Double.isNaN(r)) throw new TransformException(who + ": roi_scale " + Arrays.toString(scale) + " holds NaN");
            size[d] = (long) Math.ceil(r * sp[d]);
        }
        return size;
    }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        long[] sp = spatialShape(img);
        long[][] b = CenterSpatialCrop.box(scaled(name(), roiScale, sp), sp);
        return crop(img, b[0], b[1]);
    }
}
