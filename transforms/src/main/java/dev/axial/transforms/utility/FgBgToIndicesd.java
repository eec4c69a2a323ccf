package dev.axial.transforms.utility;

import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.MapTransform;

import java.util.Map;

/**
 * MONAI's {@code FgBgToIndicesd}: stores {@link FgBgToIndices}' indices of each key's label under
 * {@code key + fgPostfix} (default "_fg_indices") and {@code key + bgPostfix} (default "_bg_indices"); the image
 * under {@code imageKey}, if given, limits the background.
 *
 * <pre>{@code
 * Map<String, Object> d = new FgBgToIndicesd("label").imageKey("image").apply(item);   // d.get("label_fg_indices")
 * }</pre>
 */
public class FgBgToIndicesd extends MapTransform {
    private final FgBgToIndices converter = new FgBgToIndices();
    private String fgPostfix = "_fg_indices", bgPostfix = "_bg_indices", imageKey;

    public FgBgToIndicesd(String... keys) { super(keys); }

    public FgBgToIndicesd fgPostfix(String p) { fgPostfix = p; return this; }

    public FgBgToIndicesd bgPostfix(String p) { bgPostfix = p; return this; }

    public FgBgToIndicesd imageKey(String key) { imageKey = key; return this; }

    public FgBgToIndicesd imageThreshold(double t) { converter.imageThreshold(t); return this; }

    public FgBgToIndicesd outputShape(long... shape) { converter.outputShape(shape); return this; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        Map<String, Object> out = copy(d);
        Tensor image = imageKey == null ? null : image(d, imageKey).array();
        for (String k : presentKeys(d)) {
            Tensor[] fgBg = converter.apply(image(d, k).array(), image);
            out.put(k + fgPostfix, fgBg[0]);
            out.put(k + bgPostfix, fgBg[1]);
        }
        return out;
    }
}
