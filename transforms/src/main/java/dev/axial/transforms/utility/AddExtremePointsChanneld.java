package dev.axial.transforms.utility;

import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.MapTransform;

import java.util.Map;

/**
 * MONAI's {@code AddExtremePointsChanneld}: the extreme points of the label under {@code labelKey} are drawn once per
 * call and their guidance channel is appended to every key's image (see {@link AddExtremePointsChannel}).
 *
 * <pre>{@code
 * Map<String, Object> d = new AddExtremePointsChanneld("label", "image").pert(1.0).sigma(2.0).apply(item);
 * }</pre>
 */
public class AddExtremePointsChanneld extends MapTransform {
    private final String labelKey;
    private final AddExtremePointsChannel t = new AddExtremePointsChannel();

    public AddExtremePointsChanneld(String labelKey, String... keys) {
        super(keys);
        this.labelKey = labelKey;
    }

    public AddExtremePointsChanneld background(double b) { t.background(b); return this; }

    public AddExtremePointsChanneld pert(double p) { t.pert(p); return this; }

    public AddExtremePointsChanneld sigma(double... s) { t.sigma(s); return this; }

    public AddExtremePointsChanneld rescaleMin(double v) { t.rescaleMin(v); return this; }

    public AddExtremePointsChanneld rescaleMax(double v) { t.rescaleMax(v); return this; }

    @Override public boolean isRandom() { return true; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        if (!d.containsKey(labelKey)) throw error("label key '" + labelKey + "' is not in the data (keys " + d.keySet() + ")");
        Tensor label = image(d, labelKey).array();
        AddExtremePointsChannel.checkLabel(this, label);
        double[] map = t.guidance(label, t.points(label, rs));
        Map<String, Object> out = copy(d);
        for (String k : presentKeys(d)) out.put(k, t.withGuidance(image(d, k), map));
        return out;
    }
}
