package dev.axial.transforms.utility;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;

/**
 * MONAI's {@code MapLabelValue}: replaces each {@code origLabels[i]} by {@code targetLabels[i]} (all matches are found
 * on the input, so swaps such as 0→4, 4→0 work) and casts to {@code dtype} (default float32); other values are kept.
 *
 * <pre>{@code
 * MetaTensor seg = new MapLabelValue(new double[]{1, 2, 3}, new double[]{0, 1, 2}).apply(label);
 * }</pre>
 */
public class MapLabelValue extends ArrayTransform {
    private final double[] orig, target;
    private DType dtype = DType.FLOAT32;

    public MapLabelValue(double[] origLabels, double[] targetLabels) {
        if (origLabels.length != targetLabels.length)
            throw new IllegalArgumentException("MapLabelValue: orig_labels and target_labels must have the same length, got "
                    + origLabels.length + " and " + targetLabels.length);
        this.orig = origLabels.clone();
        this.target = targetLabels.clone();
    }

    /** MONAI's dtype (default float32). */
    public MapLabelValue dtype(DType dtype) {
        this.dtype = dtype;
        return this;
    }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        Tensor in = img.array();
        Tensor out = in.to(dtype);
        for (int i = 0; i < orig.length; i++) {
            if (orig[i] == target[i]) continue;
            out = Tensor.where(in.eq(orig[i]), Tensor.scalar(dtype, in.device(), target[i]), out);
        }
        return img.withArray(out == in ? in.copy() : out);
    }
}
