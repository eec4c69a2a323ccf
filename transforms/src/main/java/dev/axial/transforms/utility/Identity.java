package dev.axial.transforms.utility;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.ArrayTransform;

/**
 * MONAI's {@code Identity}: returns the image as it is (the same object), e.g. as a placeholder in a
 * {@link dev.axial.transforms.OneOf} ("do nothing" with some probability).
 *
 * <pre>{@code
 * new OneOf(List.of(new RandFlip(), new Identity()), 0.5, 0.5);
 * }</pre>
 */
public class Identity extends ArrayTransform {
    @Override public MetaTensor apply(MetaTensor img, RandomState rs) { return img; }
}
