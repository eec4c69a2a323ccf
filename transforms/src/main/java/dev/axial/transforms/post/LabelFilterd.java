package dev.axial.transforms.post;

import dev.axial.transforms.ArrayToDict;

/**
 * MONAI's {@code LabelFilterd(keys, applied_labels)}: {@link LabelFilter} on each key.
 *
 * <pre>{@code
 * var t = new LabelFilterd(new double[] {1, 3}, "label");
 * }</pre>
 */
public final class LabelFilterd extends ArrayToDict<LabelFilter> {
    public LabelFilterd(double[] appliedLabels, String... keys) { super(new LabelFilter(appliedLabels), keys); }
}
