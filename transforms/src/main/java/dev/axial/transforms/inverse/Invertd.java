package dev.axial.transforms.inverse;

import dev.axial.tensor.Device;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.InvertibleTransform;
import dev.axial.transforms.MapTransform;
import dev.axial.transforms.Transform;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * MONAI's {@code Invertd(keys, transform, orig_keys=None, meta_keys=None, orig_meta_keys=None, nearest_interp=True,
 * to_tensor=True, device=None, post_func=None, allow_missing_keys=False)}: brings the data under each key (a model's
 * prediction) back to the space of the original image, using the operations {@code transform} recorded on the
 * MetaTensor under the matching orig key. As MONAI: the prediction gets a deep copy of the original's applied
 * operations and metadata (affine included), with every interpolation mode made {@code "nearest"} when
 * {@code nearestInterp} (see {@link Inversion#convertAppliedInterpMode}), then {@code transform}'s inverse runs on
 * {@code {origKey: prediction}} with missing keys allowed; the result (after {@code device} and {@code postFunc})
 * replaces the prediction. A key whose orig key is absent is skipped (MONAI warns).
 *
 * <p>Differences: MONAI skips a plain (non-Meta) tensor unless meta dictionaries are in use; here a plain
 * {@link Tensor} is wrapped and inverted like a MetaTensor. There are no separate meta dictionaries (the metadata
 * lives on the MetaTensor), so {@code meta_keys}/{@code orig_meta_keys} are accepted only for parity: when the
 * data holds a {@code Map} under {@code origMetaKey} ({@code {origKey}_meta_dict} by default) a copy of the
 * inverted metadata is written under {@code metaKey} ({@code {key}_meta_dict}), as MONAI does.
 *
 * <pre>{@code
 * Compose pre = new Compose(new Orientationd("image").axcodes("RAS"), new Spacingd(new double[]{1, 1, 2}, "image"), new RandFlipd("image"));
 * Map<String, Object> item = (Map<String, Object>) pre.apply(Map.of("image", img));
 * item.put("pred", model(item.get("image")));
 * Map<String, Object> back = new Invertd(pre, "pred").origKeys("image").apply(item);   // pred on img's grid
 * }</pre>
 */
public final class Invertd extends MapTransform {
    private final Transform transform;
    private String[] origKeys, metaKeys, origMetaKeys;
    private String metaKeyPostfix = "meta_dict";
    private boolean[] nearestInterp = {true}, toTensor = {true};
    private Device[] device = {null};
    private List<UnaryOperator<MetaTensor>> postFunc = null;

    public Invertd(Transform transform, String... keys) {
        super(keys);
        if (!(transform instanceof InvertibleTransform))
            throw new IllegalArgumentException("Invertd: transform is not invertible, can't invert transform for the data.");
        this.transform = transform;
    }

    /** The keys whose applied operations are used (one value: all keys; default the keys themselves). */
    public Invertd origKeys(String... k) { this.origKeys = checkLen(k, "orig_keys"); return this; }

    public Invertd metaKeys(String... k) {
        if (k.length != keys().size()) throw error("meta_keys should have the same length as keys.");
        this.metaKeys = k.clone();
        return this;
    }

    public Invertd origMetaKeys(String... k) { this.origMetaKeys = checkLen(k, "orig_meta_keys"); return this; }

    public Invertd metaKeyPostfix(String p) { this.metaKeyPostfix = p; return this; }

    /** Whether to invert with nearest interpolation (default true; one value or one per key). */
    public Invertd nearestInterp(boolean... n) { this.nearestInterp = checkLen(n, "nearest_interp"); return this; }

    /** MONAI's to_tensor (default true): the inverted data is always a MetaTensor here, so this changes nothing. */
    public Invertd toTensor(boolean... t) { this.toTensor = checkLen(t, "to_tensor"); return this; }

    /** The device the inverted data moves to before postFunc (default: where it is). */
    public Invertd device(Device... d) {
        if (d.length != 1 && d.length != keys().size()) throw error("device needs 1 or " + keys().size() + " values, got " + d.length);
        this.device = d.clone();
        return this;
    }

    /** Post processing of the inverted data (one function, or one per key). */
    @SafeVarargs
    public final Invertd postFunc(UnaryOperator<MetaTensor>... f) {
        if (f.length != 1 && f.length != keys().size()) throw error("post_func needs 1 or " + keys().size() + " values, got " + f.length);
        this.postFunc = List.of(f);
        return this;
    }

    @Override public Invertd allowMissingKeys(boolean allow) { super.allowMissingKeys(allow); return this; }

    @Override public Map<String, Object> apply(Map<String, Object> data, RandomState rs) {
        Map<String, Object> d = copy(data);
        for (String key : presentKeys(data)) {
            int i = keys().indexOf(key);
            String origKey = origKeys == null ? key : pick(origKeys, i);
            if (!d.containsKey(origKey)) continue;   // MONAI: warns "transform info of `orig_key` is not available" and skips
            MetaTensor orig = Inversion.metaTensor(name(), d, origKey);
            List<Map<String, Object>> ops = Inversion.deepCopy(orig.appliedOperations());
            if (nearestInterp[nearestInterp.length == 1 ? 0 : i]) Inversion.convertAppliedInterpMode(ops, "nearest");
            Tensor arr = Inversion.metaTensor(name(), d, key).array();
            MetaTensor input = new MetaTensor(arr, orig.affine(), Inversion.deepCopyMap(orig.meta()));
            input.appliedOperations().addAll(ops);
            MetaTensor inverted = Inversion.invertKey(transform, origKey, input);
            Device dev = device[device.length == 1 ? 0 : i];
            if (dev != null && !dev.equals(inverted.device())) inverted = inverted.withArray(inverted.array().to(dev));
            if (postFunc != null) inverted = postFunc.get(postFunc.size() == 1 ? 0 : i).apply(inverted);
            d.put(key, inverted);
            String origMetaKey = origMetaKeys == null || pick(origMetaKeys, i) == null ? origKey + "_" + metaKeyPostfix : pick(origMetaKeys, i);
            if (d.containsKey(origMetaKey)) {
                String metaKey = metaKeys == null || metaKeys[i] == null ? key + "_" + metaKeyPostfix : metaKeys[i];
                d.put(metaKey, Inversion.deepCopyMap(inverted.meta()));
            }
        }
        return d;
    }

    private String pick(String[] a, int i) { return a.length == 1 ? a[0] : a[i]; }

    private String[] checkLen(String[] a, String what) {
        if (a.length != 1 && a.length != keys().size()) throw error(what + " needs 1 or " + keys().size() + " values, got " + a.length);
        return a.clone();
    }

    private boolean[] checkLen(boolean[] a, String what) {
        if (a.length != 1 && a.length != keys().size()) throw error(what + " needs 1 or " + keys().size() + " values, got " + a.length);
        return a.clone();
    }
}
