package dev.axial.transforms.utility;

import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.MapTransform;

import java.util.Map;

/**
 * MONAI's {@code ClassesToIndicesd}: stores {@link ClassesToIndices}' list of per-class indices of each key's label
 * under {@code key + indicesPostfix} (default "_cls_indices").
 *
 * <pre>{@code
 * Map<String, Object> d = new ClassesToIndicesd("label").numClasses(3).imageKey("image").apply(item);
 * }</pre>
 */
public class ClassesToIndicesd extends MapTransform {
    private final ClassesToIndices converter = new ClassesToIndices();
    private String indicesPostfix = "_cls_indices", imageKey;

    public ClassesToIndicesd(String... keys) { super(keys); }

    public ClassesToIndicesd indicesPostfix(String p) { indicesPostfix = p; return this; }

    public ClassesToIndicesd imageKey(String key) { imageKey = key; return this; }

    public ClassesToIndicesd numClasses(int n) { converter.numClasses(n); return this; }

    public ClassesToIndicesd imageThreshold(double t) { converter.imageThreshold(t); return this; }

    public ClassesToIndicesd outputShape(long... shape) { converter.outputShape(shape); return this; }

    public ClassesToIndicesd maxSamplesPerClass(int max) { converter.maxSamplesPerClass(max); return this; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        Map<String, Object> out = copy(d);
        Tensor image = imageKey == null ? null : image(d, imageKey).array();
        for (String k : presentKeys(d)) out.put(k + indicesPostfix, converter.apply(image(d, k).array(), image));
        return out;
    }
}
