package dev.axial.transforms.post;

import dev.axial.tensor.DType;
import dev.axial.tensor.Tensor;

/**
 * MONAI's {@code VoteEnsemble(num_classes=None)}: one-hot predictions are averaged and rounded (half to even: a
 * tie votes 0); with {@code numClasses}, single-channel label predictions are one-hot encoded, averaged and the
 * most voted class wins (argmax: the lowest class among ties). Predictions that already have several channels
 * ignore {@code numClasses}, as MONAI's (which warns).
 *
 * <pre>{@code
 * MetaTensor label = new VoteEnsemble().numClasses(3).apply(List.of(l0, l1, l2));
 * }</pre>
 */
public final class VoteEnsemble extends Ensemble {
    private Integer numClasses;

    public VoteEnsemble numClasses(Integer numClasses) {
        if (numClasses != null && numClasses < 1) throw error("numClasses must be at least 1, got " + numClasses);
        this.numClasses = numClasses;
        return this;
    }

    @Override protected Tensor combine(Tensor x) {
        boolean hasChannel = true, encode = false;
        if (numClasses != null && !(x.dim() > 1 && x.size(1) > 1)) {
            encode = true;
            if (x.dim() == 1) {
                hasChannel = false;
                x = x.reshape(x.size(0), 1);
            }
            Tensor idx = x.to(DType.INT64);
            long lo = (long) idx.min().item(), hi = (long) idx.max().item();
            if (lo < 0 || hi >= numClasses) throw error("labels " + lo + ".." + hi + " do not fit " + numClasses + " classes");
            long[] sh = x.shape();
            sh[1] = numClasses;
            x = Tensor.zeros(DType.FLOAT32, x.device(), sh).scatter_(1, idx, 1);
        }
        Tensor mean = x.to(DType.FLOAT32).mean(new int[] {0}, false);
        return encode ? mean.argmax(0, hasChannel) : mean.round();
    }
}
