package dev.axial.transforms.lazy;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.InvertibleTransform;
import dev.axial.transforms.MapTransform;

import java.util.Map;

/**
 * MONAI's {@code ApplyPendingd(keys)}: does nothing itself; a lazy {@link dev.axial.transforms.Compose} applies the
 * pending operations of the entries under {@link #keys()} (only those) before it. Its inverse does nothing.
 *
 * <pre>{@code
 * new Compose(new Spacingd(new double[]{1, 1, 1}, "image", "label"), new ApplyPendingd("label"), ...).lazy(true);
 * }</pre>
 */
public final class ApplyPendingd extends MapTransform implements InvertibleTransform {
    public ApplyPendingd(String... keys) { super(keys); }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) { return d; }

    @Override public MetaTensor inverse(MetaTensor img) { return img; }
}
