package dev.axial.transforms.utility;

import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.TransformBase;

import java.util.ArrayList;
import java.util.List;

/**
 * MONAI's {@code ClassesToIndices}: for each class, the flat (row-major) indices of its voxels: {@code label == c} for
 * a one-channel label (then {@code numClasses} is required), channel c for a one-hot label. With an image, only voxels
 * where some image channel exceeds {@code imageThreshold}; with {@code maxSamplesPerClass}, an evenly spaced subset
 * ({@code round(linspace(0, n-1, max))}); with {@code outputShape}, coordinate rows. What RandCropByLabelClasses takes.
 *
 * <pre>{@code
 * List<Tensor> perClass = new ClassesToIndices().numClasses(3).apply(label, (Tensor) null);
 * }</pre>
 */
public class ClassesToIndices extends TransformBase {
    private Integer numClasses;
    private double imageThreshold;
    private long[] outputShape;
    private Integer maxSamplesPerClass;

    /** MONAI's num_classes (required for a one-channel label). */
    public ClassesToIndices numClasses(int n) { numClasses = n; return this; }

    /** MONAI's image_threshold (default 0). */
    public ClassesToIndices imageThreshold(double t) { imageThreshold = t; return this; }

    /** MONAI's output_shape (default none: flat indices). */
    public ClassesToIndices outputShape(long... shape) { outputShape = shape == null ? null : shape.clone(); return this; }

    /** MONAI's max_samples_per_class (default none: all). */
    public ClassesToIndices maxSamplesPerClass(int max) { maxSamplesPerClass = max; return this; }

    /** The indices of each class of {@code label} (channel-first); {@code image} may be null. */
    public List<Tensor> apply(Tensor label, Tensor image) {
        if (label.dim() < 2) throw error("needs a channel-first label (C, spatial...), got " + label.describe());
        long channels = label.size(0);
        long[] spatial = java.util.Arrays.copyOfRange(label.shape(), 1, label.dim());
        Tensor img = image == null ? null : Indices.imageMask(name(), image, imageThreshold, spatial);
        long n = channels;
        if (channels == 1) {
            if (numClasses == null) throw error("channels==1 indicates not using One-Hot format label, must provide numClasses (label " + label.describe() + ")");
            n = numClasses;
        }
        List<Tensor> out = new ArrayList<>((int) n);
        for (int c = 0; c < n; c++) {
            Tensor mask = channels > 1 ? label.select(0, c).ne(0) : label.select(0, 0).eq(c);
            if (img != null) mask = img.logicalAnd(mask);
            Tensor idx = Indices.flatNonzero(mask);
            long len = idx.numel();
            if (maxSamplesPerClass != null && maxSamplesPerClass > 0 && len > maxSamplesPerClass && len > 1) idx = subsample(idx, maxSamplesPerClass);
            out.add(outputShape == null ? idx : Indices.unravel(name(), idx, outputShape));
        }
        return out;
    }

    /** numpy's {@code idx[round(linspace(0, len-1, max)).astype(int)]}. */
    private static Tensor subsample(Tensor idx, int max) {
        long[] all = idx.toLongArray();
        long[] pick = new long[max];
        double stop = all.length - 1, step = max > 1 ? stop / (max - 1) : 0;
        for (int i = 0; i < max; i++) {
            double y = i == max - 1 && max > 1 ? stop : i * step;
            pick[i] = all[(int) Math.rint(y)];
        }
        return Tensor.of(pick, max);
    }

    /** A label (MetaTensor or Tensor) to the list of per-class indices. */
    @Override public Object apply(Object data, RandomState rs) {
        List<Object> mapped = mapList(data, rs);
        if (mapped != null) return mapped;
        Tensor label = Indices.label(this, data);
        return new ArrayList<Object>(apply(label, (Tensor) null));
    }
}
