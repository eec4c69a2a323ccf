package dev.axial.transforms.croppad;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.InvertibleTransform;
import dev.axial.transforms.TransformBase;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dictionary form of a {@link MultiSampleCrop}: one draw per call, every key cut into {@code numSamples}
 * crops, returned as {@code numSamples} maps (MONAI's {@code RandCropByPosNegLabeld} etc.; a loader flattens the
 * list as MONAI's list_data_collate). Entries not under the keys are shared by the samples, not copied.
 */
public abstract class MultiSampleMapTransform extends TransformBase implements InvertibleTransform, dev.axial.transforms.lazy.LazyTransform {
    private final KeyAccess keys;

    protected MultiSampleMapTransform(List<String> keys) { this.keys = new KeyAccess(this, keys.toArray(String[]::new)); }

    /** MONAI's allow_missing_keys (default false). */
    public MultiSampleMapTransform allowMissingKeys(boolean allow) { keys.allowMissingKeys(allow); return this; }

    public final List<String> keys() { return keys.keys(); }

    @Override public boolean isRandom() { return true; }

    /** The cropper's lazy flag (MONAI's {@code lazy}). */
    @Override public boolean lazy() { return cropper().lazy(); }

    /** Sets the cropper's lazy flag. */
    @Override public MultiSampleMapTransform lazy(boolean lazy) { cropper().lazy(lazy); return this; }

    /** The cropper's: whether its boxes come from the values. */
    @Override public boolean requiresCurrentData() { return cropper().requiresCurrentData(); }

    /** The array transform that cuts each key. */
    protected abstract MultiSampleCrop cropper();

    /** The samples of {@code d}, drawing from {@code rs}. */
    public abstract List<Map<String, Object>> apply(Map<String, Object> d, RandomState rs);

    /** With the transform's own generator. */
    public final List<Map<String, Object>> apply(Map<String, Object> d) { return apply(d, R); }

    @SuppressWarnings("unchecked")
    @Override public Object apply(Object data, RandomState rs) {
        List<Object> mapped = mapList(data, rs);
        if (mapped != null) return mapped;
        if (data instanceof Map<?, ?> m) return apply((Map<String, Object>) m, rs);
        throw error("needs a Map of key to data (or a list of them), got " + (data == null ? "null" : data.getClass().getSimpleName()));
    }

    /** {@code n} maps sharing {@code d}'s entries, each key of {@link #keys()} replaced by {@code cut}'s crops. */
    protected final List<Map<String, Object>> samples(Map<String, Object> d, int n, java.util.function.Function<MetaTensor, List<MetaTensor>> cut) {
        List<Map<String, Object>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(new LinkedHashMap<>(d));
        for (String k : keys.present(d)) {
            List<MetaTensor> crops = cut.apply(keys.value(d, k));
            for (int i = 0; i < crops.size(); i++) out.get(i).put(k, crops.get(i));
        }
        return out;
    }

    /** The value under {@code key} as a MetaTensor, or a TransformException naming this transform and the key. */
    protected final MetaTensor image(Map<String, Object> d, String key) {
        if (!d.containsKey(key)) throw error("key '" + key + "' is not in the data (keys " + d.keySet() + ")");
        return keys.value(d, key);
    }

    /** Runs {@code f} (a draw from the value under {@code key}); a TransformException is re-thrown naming this transform, the key and the shape. */
    protected final <T> T forKey(String key, MetaTensor v, java.util.function.Supplier<T> f) {
        try {
            return f.get();
        } catch (dev.axial.transforms.TransformException e) {
            throw new dev.axial.transforms.TransformException(name() + ": key '" + key + "' of shape " + java.util.Arrays.toString(v.shape())
                    + ": " + e.getMessage(), e);
        }
    }

    /** The value under an optional key, or null. */
    protected final MetaTensor optional(Map<String, Object> d, String key) { return key == null || !d.containsKey(key) ? null : image(d, key); }

    @Override public MetaTensor inverse(MetaTensor img) { return cropper().inverse(img); }

    /** Undoes one sample's crop on every present key (each pads back to the original image). */
    public Map<String, Object> inverse(Map<String, Object> sample) { return keys.inverse(sample); }

    /** MapTransform's key handling, on behalf of the owner (errors name the owner). */
    private static final class KeyAccess extends InvertibleMapTransform {
        private final MultiSampleMapTransform owner;

        KeyAccess(MultiSampleMapTransform owner, String... keys) {
            super(keys);
            this.owner = owner;
        }

        @Override public String name() { return owner.name(); }

        @Override protected InvertibleTransform inverter() { return owner.cropper(); }

        @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) { throw new UnsupportedOperationException(); }

        List<String> present(Map<String, Object> d) { return presentKeys(d); }

        MetaTensor value(Map<String, Object> d, String key) { return image(d, key); }
    }
}
