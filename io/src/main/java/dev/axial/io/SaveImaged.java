package dev.axial.io;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * MONAI's {@code SaveImaged}: {@link SaveImage} on the entries {@code keys} of a dictionary. A
 * {@link MetaTensor} is saved with its own meta (as MONAI does); a plain {@link Tensor} with the meta map at
 * {@code <key>_meta_dict} (or the given meta key), if any. The dictionary is returned unchanged.
 *
 * <pre>{@code
 * new SaveImaged("pred").outputDir("out").outputPostfix("seg").apply(data);   // out/case1/case1_seg.nii.gz
 * SaveImaged s = new SaveImaged("pred");
 * s.saver().outputDtype(DType.UINT8).resample(true);                          // every SaveImage option
 * }</pre>
 */
public final class SaveImaged {
    private final List<String> keys;
    private final SaveImage saver;
    private List<String> metaKeys;
    private String metaKeyPostfix = "meta_dict";
    private boolean allowMissingKeys;

    public SaveImaged(String... keys) { this(new SaveImage(), keys); }

    /** Saves with {@code saver}, configured by the caller. */
    public SaveImaged(SaveImage saver, String... keys) {
        if (keys.length == 0) throw new IllegalArgumentException("SaveImaged: no keys given");
        this.keys = List.of(keys);
        this.saver = saver;
    }

    /** The underlying {@link SaveImage}, for its other options. */
    public SaveImage saver() { return saver; }

    /** The keys of the meta maps, one per key (null entries: {@code <key>_<postfix>}). */
    public SaveImaged metaKeys(String... metaKeys) {
        if (metaKeys.length != keys.size())
            throw new IllegalArgumentException("SaveImaged: metaKeys should have the same length as keys, got "
                    + keys.size() + " and " + metaKeys.length);
        this.metaKeys = Arrays.asList(metaKeys.clone());
        return this;
    }

    public SaveImaged metaKeyPostfix(String postfix) { this.metaKeyPostfix = postfix; return this; }

    public SaveImaged allowMissingKeys(boolean allow) { this.allowMissingKeys = allow; return this; }

    public SaveImaged outputDir(String dir) { saver.outputDir(dir); return this; }

    public SaveImaged outputDir(Path dir) { saver.outputDir(dir); return this; }

    public SaveImaged outputPostfix(String postfix) { saver.outputPostfix(postfix); return this; }

    public SaveImaged outputExt(String ext) { saver.outputExt(ext); return this; }

    public SaveImaged outputDtype(DType dt) { saver.outputDtype(dt); return this; }

    public SaveImaged resample(boolean resample) { saver.resample(resample); return this; }

    public SaveImaged separateFolder(boolean separate) { saver.separateFolder(separate); return this; }

    public SaveImaged printLog(boolean print) { saver.printLog(print); return this; }

    /** Saves every key's image; returns {@code data}. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> apply(Map<String, Object> data) {
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            Object v = data.get(key);
            if (v == null && !data.containsKey(key)) {
                if (allowMissingKeys) continue;
                throw new IllegalArgumentException("SaveImaged: key \"" + key + "\" is not in the data (keys: " + data.keySet() + ")");
            }
            String mk = metaKeys != null && metaKeys.get(i) != null ? metaKeys.get(i)
                    : metaKeyPostfix == null ? null : key + "_" + metaKeyPostfix;
            switch (v) {
                case MetaTensor m -> saver.apply(m);
                case Tensor t -> saver.apply(t, mk == null ? null : (Map<String, Object>) data.get(mk));
                default -> throw new IllegalArgumentException("SaveImaged: \"" + key + "\" holds "
                        + (v == null ? "null" : v.getClass().getSimpleName()) + ", expected a MetaTensor or Tensor");
            }
        }
        return data;
    }
}
