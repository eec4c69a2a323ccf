package dev.axial.transforms.utility;

import dev.axial.transforms.ArrayToDict;

/** The dictionary form of {@link LabelToMask}. */
public class LabelToMaskd extends ArrayToDict<LabelToMask> {
    public LabelToMaskd(int[] selectLabels, String... keys) { super(new LabelToMask(selectLabels), keys); }

    public LabelToMaskd mergeChannels(boolean merge) { transform.mergeChannels(merge); return this; }
}
