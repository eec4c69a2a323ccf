package dev.axial.transforms;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;

import java.util.List;

/**
 * A transform of one channel-first image (MONAI's array transforms: {@code Spacing}, {@code ScaleIntensity} ...).
 * Implement {@link #apply(MetaTensor, RandomState)}; plain tensors are wrapped with an identity affine, lists are
 * mapped. A random transform overrides {@link #isRandom()} and draws only from the generator it is given.
 *
 * <pre>{@code
 * final class Negate extends ArrayTransform {
 *     public MetaTensor apply(MetaTensor img, RandomState rs) { return img.withArray(img.array().neg()); }
 * }
 * }</pre>
 */
public abstract class ArrayTransform extends TransformBase {
    /** Transforms {@code img}, drawing from {@code rs}; never changes {@code img}. */
    public abstract MetaTensor apply(MetaTensor img, RandomState rs);

    /** Transforms {@code img} with the transform's own generator. */
    public final MetaTensor apply(MetaTensor img) { return apply(img, R); }

    /** Transforms a plain tensor (identity affine, no metadata) and returns the array. */
    public final Tensor apply(Tensor img) { return apply(MetaTensor.of(img), R).array(); }

    @Override public final Object apply(Object data, RandomState rs) {
        List<Object> mapped = mapList(data, rs);
        if (mapped != null) return mapped;
        if (data instanceof MetaTensor m) return apply(m, rs);
        if (data instanceof Tensor t) return apply(MetaTensor.of(t), rs);
        throw error("needs a MetaTensor, a Tensor or a list of them, got " + (data == null ? "null" : data.getClass().getSimpleName())
                + (data instanceof java.util.Map ? " (use the dictionary form, " + name() + "d)" : ""));
    }
}
