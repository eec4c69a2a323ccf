package dev.axial.transforms.utility;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;

/**
 * MONAI's {@code LabelToMask}: a boolean mask of {@code selectLabels}. A one-channel label image gives
 * {@code isin(label, selectLabels)}; a multi-channel (one-hot) image gives the selected channels (in its own dtype,
 * as MONAI). With {@code mergeChannels} the channels are OR-ed into one boolean channel.
 *
 * <pre>{@code
 * MetaTensor liver = new LabelToMask(1, 2).mergeChannels(true).apply(label);
 * }</pre>
 */
public class LabelToMask extends ArrayTransform {
    private final int[] selectLabels;
    private boolean mergeChannels;

    public LabelToMask(int... selectLabels) {
        if (selectLabels.length == 0) throw new IllegalArgumentException("LabelToMask: needs at least one label");
        this.selectLabels = selectLabels.clone();
    }

    /** MONAI's merge_channels (default false). */
    public LabelToMask mergeChannels(boolean merge) {
        this.mergeChannels = merge;
        return this;
    }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        Tensor x = img.array();
        if (x.dim() < 1) throw error("needs a channel-first image, got " + x.describe());
        Tensor data;
        if (x.size(0) > 1) {
            Tensor[] chans = new Tensor[selectLabels.length];
            for (int i = 0; i < chans.length; i++) {
                int c = selectLabels[i];
                if (c < -x.size(0) || c >= x.size(0)) throw error("label " + c + " is not a channel of the one-hot image " + x.describe());
                chans[i] = x.select(0, c < 0 ? c + x.size(0) : c);
            }
            data = Tensor.stack(0, chans);
        } else {
            data = x.eq(selectLabels[0]);
            for (int i = 1; i < selectLabels.length; i++) data = data.logicalOr(x.eq(selectLabels[i]));
        }
        if (mergeChannels) data = data.ne(0).any(new int[]{0}, true);
        return img.withArray(data);
    }
}
