package dev.axial.io;

import dev.axial.tensor.DType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MONAI's {@code LoadImaged}: {@link LoadImage} on the entries {@code keys} of a dictionary. Each entry holds a
 * {@link java.nio.file.Path}, a String or a list of them (stacked as channels) and is replaced by the
 * {@link dev.axial.tensor.MetaTensor}. With {@code imageOnly(false)} the meta dictionary also goes to
 * {@code <key>_meta_dict} (or the given meta key), as MONAI writes it.
 *
 * <pre>{@code
 * Map<String, Object> d = new LoadImaged("image", "label").ensureChannelFirst(true)
 *         .apply(Map.of("image", "ct.nii.gz", "label", "seg.nii.gz"));
 * MetaTensor image = (MetaTensor) d.get("image");                          // (1, H, W, D), float32
 * }</pre>
 *
 * <p>Defaults are MONAI 1.5's: dtype float32, meta_key_postfix "meta_dict", overwriting false, image_only
 * true, ensure_channel_first false, allow_missing_keys false. The input map is not changed; on failure the
 * images already loaded by this call are freed.
 */
public final class LoadImaged {
    private final List<String> keys;
    private final LoadImage loader = new LoadImage();
    private List<String> metaKeys;
    private String metaKeyPostfix = "meta_dict";
    private boolean overwriting;
    private boolean allowMissingKeys;

    public LoadImaged(String... keys) {
        if (keys.length == 0) throw new IllegalArgumentException("LoadImaged: no keys given");
        this.keys = List.of(keys);
    }

    public LoadImaged reader(ImageReader reader) { loader.reader(reader); return this; }

    public LoadImaged reader(String name) { loader.reader(name); return this; }

    public LoadImaged register(ImageReader reader) { loader.register(reader); return this; }

    public LoadImaged dtype(DType dtype) { loader.dtype(dtype); return this; }

    public LoadImaged imageOnly(boolean imageOnly) { loader.imageOnly(imageOnly); return this; }

    public LoadImaged ensureChannelFirst(boolean ensure) { loader.ensureChannelFirst(ensure); return this; }

    /** The keys the meta dictionaries go to, one per key (null entries: {@code <key>_<postfix>}). */
    public LoadImaged metaKeys(String... metaKeys) {
        if (metaKeys.length != keys.size())
            throw new IllegalArgumentException("LoadImaged: metaKeys should have the same length as keys, got "
                    + keys.size() + " and " + metaKeys.length);
        this.metaKeys = Arrays.asList(metaKeys.clone());
        return this;
    }

    public LoadImaged metaKeyPostfix(String postfix) { this.metaKeyPostfix = postfix; return this; }

    /** Whether an existing meta key may be replaced (default false: an error). */
    public LoadImaged overwriting(boolean overwriting) { this.overwriting = overwriting; return this; }

    public LoadImaged allowMissingKeys(boolean allow) { this.allowMissingKeys = allow; return this; }

    /** A copy of {@code data} with the images loaded. */
    public Map<String, Object> apply(Map<String, ?> data) {
        Map<String, Object> d = new LinkedHashMap<>(data);
        List<AutoCloseable> loaded = new ArrayList<>();
        try {
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get(i);
                if (!d.containsKey(key)) {
                    if (allowMissingKeys) continue;
                    throw new IllegalArgumentException("LoadImaged: key \"" + key + "\" is not in the data (keys: " + d.keySet()
                            + "); set allowMissingKeys(true) to skip it");
                }
                Object out = loader.load(d.get(key));
                loaded.add((AutoCloseable) out);
                if (out instanceof LoadImage.Loaded l) {
                    d.put(key, l.image());
                    String mk = metaKeys != null && metaKeys.get(i) != null ? metaKeys.get(i) : key + "_" + metaKeyPostfix;
                    if (d.containsKey(mk) && !overwriting)
                        throw new IllegalArgumentException("LoadImaged: metadata with key \"" + mk + "\" already exists and overwriting is false");
                    d.put(mk, l.meta());
                } else {
                    d.put(key, out);
                }
            }
            return d;
        } catch (RuntimeException e) {
            for (AutoCloseable c : loaded) {
                try { c.close(); } catch (Exception suppressed) { e.addSuppressed(suppressed); }
            }
            throw e;
        }
    }
}
