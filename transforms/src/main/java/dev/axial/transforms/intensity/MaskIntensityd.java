package dev.axial.transforms.intensity;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.TransformException;

import java.util.Map;

/**
 * MONAI's {@code MaskIntensityd(keys, mask_data=None, mask_key=None, select_fn=is_positive)}: {@link MaskIntensity}
 * on each key, with the mask from {@code maskKey}'s entry when that is set.
 *
 * <pre>{@code
 * var t = new MaskIntensityd(new MaskIntensity(), "image").maskKey("brain");
 * }</pre>
 */
public class MaskIntensityd extends IntensityDict<MaskIntensity> {
    private String maskKey;

    public MaskIntensityd(MaskIntensity transform, String... keys) { super(transform, keys); }

    /** The entry holding the mask (its value wins over the transform's own mask). */
    public MaskIntensityd maskKey(String maskKey) { this.maskKey = maskKey; return this; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        if (maskKey == null) return super.apply(d, rs);
        if (!d.containsKey(maskKey)) throw error("mask key '" + maskKey + "' is not in the data (keys " + d.keySet() + ")");
        Tensor mask = image(d, maskKey).array();
        Map<String, Object> out = copy(d);
        for (String k : presentKeys(d)) {
            try {
                out.put(k, transform.apply(image(d, k), mask));
            } catch (TransformException e) {
                throw new TransformException(name() + ": key '" + k + "': " + e.getMessage(), e);
            }
        }
        return out;
    }
}
