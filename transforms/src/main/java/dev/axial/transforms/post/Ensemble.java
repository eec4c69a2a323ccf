package dev.axial.transforms.post;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.TransformBase;

import java.util.Arrays;
import java.util.List;

/**
 * MONAI's {@code Ensemble}: the predictions of several models, as a list of {@code (C, spatial...)} images or one
 * stacked {@code (E, C, spatial...)} image, combined into one. The result has the first item's dtype and metadata.
 * A list is NOT mapped element-wise, unlike the other transforms: it is the ensemble.
 */
public abstract class Ensemble extends TransformBase {
    /** Combines the stacked {@code (E, ...)} predictions. */
    protected abstract Tensor combine(Tensor stacked);

    /** Combines a list of predictions. */
    public final MetaTensor apply(List<?> items) {
        if (items.isEmpty()) throw error("needs at least one prediction");
        Tensor[] arrays = new Tensor[items.size()];
        MetaTensor first = null;
        for (int i = 0; i < arrays.length; i++) {
            MetaTensor m = meta(items.get(i));
            if (first == null) first = m;
            if (!Arrays.equals(m.shape(), first.shape()))
                throw error("prediction " + i + " has shape " + Arrays.toString(m.shape()) + ", the first " + Arrays.toString(first.shape()));
            arrays[i] = m.array();
        }
        return first.withArray(combine(Tensor.stack(0, arrays)).to(first.dtype()));
    }

    /** Combines one stacked {@code (E, ...)} prediction. */
    public final MetaTensor apply(MetaTensor stacked) {
        if (stacked.array().dim() < 1) throw error("needs a stacked (E, ...) prediction, got shape " + Arrays.toString(stacked.shape()));
        return stacked.withArray(combine(stacked.array()).to(stacked.dtype()));
    }

    @Override public Object apply(Object data, RandomState rs) {
        if (data instanceof List<?> l) return apply(l);
        return apply(meta(data));
    }

    private MetaTensor meta(Object o) {
        if (o instanceof MetaTensor m) return m;
        if (o instanceof Tensor t) return MetaTensor.of(t);
        throw error("needs images (MetaTensor or Tensor), got " + (o == null ? "null" : o.getClass().getSimpleName()));
    }
}
