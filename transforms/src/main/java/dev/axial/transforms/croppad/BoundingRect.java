package dev.axial.transforms.croppad;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.TransformBase;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * MONAI's {@code BoundingRect}: per channel the bounding box of the voxels where {@code selectFn} holds (default
 * {@code > 0}), as an int64 tensor {@code (C, 2 * dims)} of {@code [start0, end0, start1, end1, ...]} (end
 * exclusive; all zeros for a channel without foreground). It computes, it does not change the image.
 *
 * <pre>{@code
 * Tensor boxes = new BoundingRect().selectFn(x -> x.gt(0.5)).apply(img);   // (C, 2 * dims)
 * }</pre>
 */
public class BoundingRect extends TransformBase {
    private UnaryOperator<Tensor> selectFn = x -> x.gt(0);

    /** MONAI's select_fn: a mask (non-zero = foreground) from the image (default {@code x > 0}). */
    public BoundingRect selectFn(UnaryOperator<Tensor> fn) { this.selectFn = fn; return this; }

    /** The boxes of {@code img}, one row per channel. */
    public Tensor apply(MetaTensor img) {
        long[] shape = img.shape();
        if (shape.length < 2) throw error("needs a channel-first image (C, spatial...), got shape " + Arrays.toString(shape));
        int nd = shape.length - 1, c = (int) shape[0];
        long[] out = new long[c * 2 * nd];
        CropForeground fg = new CropForeground().selectFn(selectFn);
        for (int ch = 0; ch < c; ch++) {
            long[][] box = fg.channelIndices(ch).boundingBox(img);
            for (int d = 0; d < nd; d++) {
                out[ch * 2 * nd + 2 * d] = box[0][d];
                out[ch * 2 * nd + 2 * d + 1] = box[1][d];
            }
        }
        return Tensor.of(out, c, 2L * nd);
    }

    @Override public Object apply(Object data, RandomState rs) {
        java.util.List<Object> mapped = mapList(data, rs);
        if (mapped != null) return mapped;
        if (data instanceof MetaTensor m) return apply(m);
        if (data instanceof Tensor t) return apply(MetaTensor.of(t));
        throw error("needs a MetaTensor or a Tensor, got " + (data == null ? "null" : data.getClass().getSimpleName()));
    }
}
