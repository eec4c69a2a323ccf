package dev.axial.transforms.utility;

import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.TransformBase;

import java.util.List;

/**
 * MONAI's {@code FgBgToIndices}: the flat (row-major) indices of the foreground voxels of a label (any non-zero
 * channel; channel 0 is dropped from a multi-channel one-hot label) and of the background ones (the rest; with an
 * image, only where some image channel exceeds {@code imageThreshold}). With {@code outputShape} each index becomes
 * a coordinate row. The indices are int64 CPU tensors, what RandCropByPosNegLabel takes.
 *
 * <pre>{@code
 * Tensor[] fgBg = new FgBgToIndices().apply(label, image);   // fgBg[0]: foreground, fgBg[1]: background
 * }</pre>
 */
public class FgBgToIndices extends TransformBase {
    private double imageThreshold;
    private long[] outputShape;

    /** MONAI's image_threshold (default 0). */
    public FgBgToIndices imageThreshold(double threshold) {
        this.imageThreshold = threshold;
        return this;
    }

    /** MONAI's output_shape (default none: flat indices). */
    public FgBgToIndices outputShape(long... shape) {
        this.outputShape = shape == null ? null : shape.clone();
        return this;
    }

    /** {foreground, background} indices of {@code label} (channel-first); {@code image} may be null. */
    public Tensor[] apply(Tensor label, Tensor image) {
        if (label.dim() < 2) throw error("needs a channel-first label (C, spatial...), got " + label.describe());
        Tensor lab = label.size(0) > 1 ? label.narrow(0, 1, label.size(0) - 1) : label;
        Tensor fgMask = lab.ne(0).any(new int[]{0}, false);
        Tensor bgMask = fgMask.logicalNot();
        if (image != null) bgMask = Indices.imageMask(name(), image, imageThreshold, fgMask.shape()).logicalAnd(bgMask);
        Tensor fg = Indices.flatNonzero(fgMask), bg = Indices.flatNonzero(bgMask);
        if (outputShape != null) {
            fg = Indices.unravel(name(), fg, outputShape);
            bg = Indices.unravel(name(), bg, outputShape);
        }
        return new Tensor[]{fg, bg};
    }

    /** A label (MetaTensor or Tensor) to the list [foreground, background]. */
    @Override public Object apply(Object data, RandomState rs) {
        List<Object> mapped = mapList(data, rs);
        if (mapped != null) return mapped;
        Tensor label = Indices.label(this, data);
        return List.of((Object[]) apply(label, (Tensor) null));
    }
}
