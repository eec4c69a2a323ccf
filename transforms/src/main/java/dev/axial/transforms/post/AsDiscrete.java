package dev.axial.transforms.post;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;

import java.util.Arrays;

/**
 * MONAI's {@code AsDiscrete(argmax=False, to_onehot=None, threshold=None, rounding=None, dim=0, keepdim=True,
 * dtype=float32)}, in MONAI's order: argmax over {@code dim}, one-hot with {@code toOnehot} classes along {@code dim}
 * (that axis must have size 1), {@code >= threshold}, round half to even ("torchrounding"); the output is
 * {@code dtype}. NOTE: MONAI fails on threshold together with rounding (torch cannot round a bool); here rounding a
 * thresholded 0/1 image leaves it unchanged.
 *
 * <pre>{@code
 * MetaTensor seg = new AsDiscrete().argmax(true).toOnehot(3).apply(logits);
 * }</pre>
 */
public final class AsDiscrete extends ArrayTransform {
    private boolean argmax;
    private Integer toOnehot;
    private Double threshold;
    private String rounding;
    private int dim = 0;
    private boolean keepdim = true;
    private DType dtype = DType.FLOAT32;

    public AsDiscrete argmax(boolean argmax) { this.argmax = argmax; return this; }

    /** The number of classes of the one-hot output, or null (default) for none. */
    public AsDiscrete toOnehot(Integer numClasses) { this.toOnehot = numClasses; return this; }

    /** The threshold ({@code >=}), or null (default) for none. */
    public AsDiscrete threshold(Double threshold) { this.threshold = threshold; return this; }

    /** "torchrounding" or null (default). */
    public AsDiscrete rounding(String rounding) {
        if (rounding != null && !rounding.equals("torchrounding")) throw error("rounding must be \"torchrounding\" or null, got \"" + rounding + "\"");
        this.rounding = rounding;
        return this;
    }

    /** The argmax and one-hot axis (default 0, the channels). */
    public AsDiscrete dim(int dim) { this.dim = dim; return this; }

    /** Whether argmax keeps the reduced axis (default true). */
    public AsDiscrete keepdim(boolean keepdim) { this.keepdim = keepdim; return this; }

    /** The output dtype (default float32). */
    public AsDiscrete dtype(DType dtype) { this.dtype = dtype; return this; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) { return apply(img, argmax, toOnehot, threshold, rounding); }

    /** With these options instead of the configured ones (MONAI's call-time arguments; null falls back to the configured one). */
    public MetaTensor apply(MetaTensor img, Boolean argmax, Integer toOnehot, Double threshold, String rounding) {
        argmax = argmax == null ? this.argmax : argmax;
        toOnehot = toOnehot == null ? this.toOnehot : toOnehot;
        threshold = threshold == null ? this.threshold : threshold;
        rounding = rounding == null ? this.rounding : rounding;
        Tensor x = img.array();
        int nd = x.dim();
        if ((argmax || toOnehot != null) && (dim < -nd || dim >= nd))
            throw error("dim " + dim + " is out of range for shape " + Arrays.toString(img.shape()));
        if (argmax) x = x.argmax(dim, keepdim);
        if (toOnehot != null) x = oneHot(x, toOnehot, Math.floorMod(dim, nd), img.shape());
        if (threshold != null) x = x.ge(threshold);
        if (rounding != null) {
            if (!rounding.equals("torchrounding")) throw error("rounding must be \"torchrounding\", got \"" + rounding + "\"");
            x = x.dtype().isFloatingPoint() ? x.round() : x;
        }
        return img.withArray(x.to(dtype));
    }

    /** MONAI's one_hot(labels, n, dim): trailing singleton axes added up to dim, labels truncated to integers. */
    private Tensor oneHot(Tensor labels, int n, int dim, long[] inShape) {
        if (n < 1) throw error("toOnehot must be at least 1, got " + n);
        long[] sh = labels.shape();
        if (sh.length < dim + 1) {
            long[] grown = Arrays.copyOf(sh, dim + 1);
            Arrays.fill(grown, sh.length, dim + 1, 1);
            labels = labels.reshape(grown);
            sh = grown;
        }
        if (sh[dim] != 1) throw error("one-hot needs size 1 along dim " + dim + ", got shape " + Arrays.toString(inShape));
        Tensor idx = labels.to(DType.INT64);
        if (idx.numel() > 0) {
            long lo = (long) idx.min().item(), hi = (long) idx.max().item();
            if (lo < 0 || hi >= n) throw error("labels " + lo + ".." + hi + " do not fit " + n + " classes (shape " + Arrays.toString(inShape) + ")");
        }
        sh[dim] = n;
        return Tensor.zeros(dtype, labels.device(), sh).scatter_(dim, idx, 1);
    }
}
