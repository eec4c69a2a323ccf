package dev.axial.transforms.croppad;

import dev.axial.transforms.TransformException;

import java.util.Arrays;

/**
 * MONAI's {@code BorderPad}: pads a border of {@code spatialBorder} voxels: one value for every side, one per
 * spatial dim (both sides), or {@code {before0, after0, before1, after1, ...}}; negative entries count as 0.
 *
 * <pre>{@code
 * MetaTensor p = new BorderPad(2).apply(img);            // 2 voxels on every side
 * MetaTensor q = new BorderPad(1, 0, 2, 3).apply(img2d); // (C, H+1, W+5)
 * }</pre>
 */
public class BorderPad extends Pad {
    private final long[] border;

    public BorderPad(long... spatialBorder) {
        if (spatialBorder.length == 0) throw new IllegalArgumentException("BorderPad: spatial_border is empty");
        this.border = spatialBorder.clone();
    }

    @Override public long[][] computePadWidth(long[] shape) {
        int n = shape.length;
        long[][] w = new long[n][2];
        for (int d = 0; d < n; d++) {
            if (border.length == 1) w[d][0] = w[d][1] = Math.max(border[0], 0);
            else if (border.length == n) w[d][0] = w[d][1] = Math.max(border[d], 0);
            else if (border.length == 2 * n) {
                w[d][0] = Math.max(border[2 * d], 0);
                w[d][1] = Math.max(border[2 * d + 1], 0);
            } else throw new TransformException(name() + ": unsupported spatial_border length " + border.length + " " + Arrays.toString(border)
                    + ", available options are [1, " + n + ", " + 2 * n + "] for shape " + Arrays.toString(shape));
        }
        return w;
    }
}
