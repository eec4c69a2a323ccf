package dev.axial.transforms.utility;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;

/**
 * MONAI's {@code SqueezeDim}: removes dim {@code dim} (default 0; null: every size-1 dim) of size 1. With
 * {@code updateMeta} (default true) and a spatial dim d > 0, row and column d-1 leave the affine (a 4×4 becomes a
 * 3×3 for a squeezed 3-D axis), as MONAI.
 *
 * <pre>{@code
 * MetaTensor slice = new SqueezeDim().dim(3).apply(img);   // (C, H, W, 1) -> (C, H, W)
 * }</pre>
 */
public class SqueezeDim extends ArrayTransform {
    private Integer dim = 0;
    private boolean updateMeta = true;

    /** MONAI's dim (default 0; null squeezes all size-1 dims). */
    public SqueezeDim dim(Integer dim) { this.dim = dim; return this; }

    /** MONAI's update_meta (default true). */
    public SqueezeDim updateMeta(boolean update) { updateMeta = update; return this; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        Tensor a = img.array();
        if (dim == null) return img.withArray(a.squeeze());
        int rank = a.dim();
        if (dim < -rank || dim >= rank) throw error("dim " + dim + " is out of range for " + a.describe());
        int d = dim < 0 ? dim + rank : dim;
        if (a.size(d) != 1) throw error("can only squeeze a singleton dimension, got size " + a.size(d) + " at dim " + d + " of " + a.describe());
        MetaTensor out = img.withArray(a.squeeze(d));
        double[][] affine = img.affine();
        if (updateMeta && d > 0 && affine.length > d && affine[0].length > d && affine.length > 2) {
            int n = affine.length - 1;
            double[][] reduced = new double[n][n];
            for (int i = 0, r = 0; i <= n; i++) {
                if (i == d - 1) continue;
                for (int j = 0, c = 0; j <= n; j++) if (j != d - 1) reduced[r][c++] = affine[i][j];
                r++;
            }
            out.setAffine(reduced);
        }
        return out;
    }
}
