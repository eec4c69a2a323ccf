package dev.axial.transforms.lazy;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.InvertibleTransform;

/**
 * MONAI's {@code ApplyPending}: does nothing itself; as it is not a {@link LazyTransform}, a lazy
 * {@link dev.axial.transforms.Compose} applies every pending operation before it, so the resampling happens there.
 * Its inverse does nothing either (it records nothing).
 *
 * <pre>{@code
 * new Compose(new Spacing(1, 1, 1), new ApplyPending(), new Flip(0)).lazy(true);   // two resamplings
 * }</pre>
 */
public final class ApplyPending extends ArrayTransform implements InvertibleTransform {
    @Override public MetaTensor apply(MetaTensor img, RandomState rs) { return img; }

    @Override public MetaTensor inverse(MetaTensor img) { return img; }
}
