package dev.axial.transforms.post;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;

/**
 * MONAI's {@code LabelFilter(applied_labels)}: voxels whose value is one of the labels keep it, all others become 0.
 *
 * <pre>{@code
 * MetaTensor kidneys = new LabelFilter(2, 3).apply(seg);
 * }</pre>
 */
public final class LabelFilter extends ArrayTransform {
    private final double[] appliedLabels;

    public LabelFilter(double... appliedLabels) {
        if (appliedLabels == null || appliedLabels.length == 0) throw error("needs at least one label");
        this.appliedLabels = appliedLabels.clone();
    }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        if (!img.device().isCpu()) try (Scope s = Scope.open()) {
            // the host loop's float64 comparisons, as tensor ops where the image lives
            Tensor x = img.array(), x64 = x.to(DType.FLOAT64), keep = null;
            for (double l : appliedLabels) keep = keep == null ? x64.eq(l) : keep.logicalOr(x64.eq(l));
            return img.withArray(s.keep(Tensor.where(keep, x, Tensor.scalar(x.dtype(), x.device(), 0)).contiguous()));
        }
        double[] v = PostArrays.values(img);
        for (int i = 0; i < v.length; i++) {
            boolean keep = false;
            for (double l : appliedLabels) keep |= v[i] == l;
            if (!keep) v[i] = 0;
        }
        return PostArrays.result(img, v, img.shape());
    }
}
