package dev.axial.transforms.post;

import dev.axial.tensor.RandomState;
import dev.axial.transforms.MapTransform;

import java.util.Map;

/**
 * MONAI's {@code SobelGradientsd(keys, ..., new_key_prefix=None)}: {@link SobelGradients} on each key, stored under
 * {@code newKeyPrefix + key} (the input kept) or, without a prefix, in place.
 *
 * <pre>{@code
 * var t = new SobelGradientsd(new SobelGradients().kernelSize(5), "image").newKeyPrefix("sobel_");
 * }</pre>
 */
public final class SobelGradientsd extends MapTransform {
    private final SobelGradients transform;
    private String newKeyPrefix;

    public SobelGradientsd(String... keys) { this(new SobelGradients(), keys); }

    public SobelGradientsd(SobelGradients transform, String... keys) {
        super(keys);
        this.transform = transform;
    }

    public SobelGradientsd newKeyPrefix(String prefix) { this.newKeyPrefix = prefix; return this; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        Map<String, Object> out = copy(d);
        for (String k : presentKeys(d)) out.put(newKeyPrefix == null ? k : newKeyPrefix + k, transform.apply(image(d, k), rs));
        return out;
    }
}
