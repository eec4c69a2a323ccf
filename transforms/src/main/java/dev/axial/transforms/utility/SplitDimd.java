package dev.axial.transforms.utility;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.MapTransform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MONAI's {@code SplitDimd}: {@link SplitDim} (here dim defaults to 0, as MONAI's dictionary form) on each key, the
 * slices stored under {@code key_0, key_1, ...} or {@code key_<postfix>} ({@code outputPostfixes}); an existing key is
 * an error. With {@code listOutput}, a list of dictionaries instead, slice i of every key in dictionary i (other
 * entries shared).
 *
 * <pre>{@code
 * Map<String, Object> d = (Map<String, Object>) new SplitDimd("pred").apply(item);   // pred_0, pred_1 ...
 * }</pre>
 */
public class SplitDimd extends MapTransform {
    private final SplitDim splitter = new SplitDim().dim(0);
    private String[] postfixes;
    private boolean listOutput;

    public SplitDimd(String... keys) { super(keys); }

    public SplitDimd dim(int dim) { splitter.dim(dim); return this; }

    public SplitDimd keepdim(boolean keep) { splitter.keepdim(keep); return this; }

    public SplitDimd updateMeta(boolean update) { splitter.updateMeta(update); return this; }

    /** MONAI's output_postfixes (default 0, 1, ...). */
    public SplitDimd outputPostfixes(String... postfixes) { this.postfixes = postfixes == null ? null : postfixes.clone(); return this; }

    /** MONAI's list_output (default false). */
    public SplitDimd listOutput(boolean list) {
        if (list && postfixes != null) throw new IllegalArgumentException("SplitDimd: outputPostfixes should not be given when listOutput is true");
        listOutput = list;
        return this;
    }

    /** The split data; with listOutput use {@link #applyList}. */
    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        if (listOutput) throw error("listOutput(true) gives a list: call applyList or apply(Object)");
        Map<String, Object> out = copy(d);
        for (String key : presentKeys(d)) {
            List<MetaTensor> parts = splitter.split(image(d, key));
            if (postfixes != null && postfixes.length != parts.size())
                throw error("count of splits must match outputPostfixes, " + postfixes.length + " != " + parts.size() + " (key '" + key + "', " + image(d, key).array().describe() + ")");
            for (int i = 0; i < parts.size(); i++) {
                String k = key + "_" + (postfixes == null ? String.valueOf(i) : postfixes[i]);
                if (out.containsKey(k)) throw error("input data already contains key '" + k + "'");
                out.put(k, parts.get(i));
            }
        }
        return out;
    }

    /** listOutput's form: dictionary i holds slice i of every key. */
    public List<Map<String, Object>> applyList(Map<String, Object> d) {
        List<String> keys = presentKeys(d);
        List<List<MetaTensor>> parts = new ArrayList<>();
        for (String k : keys) parts.add(splitter.split(image(d, k)));
        int n = parts.stream().mapToInt(List::size).min().orElse(0);   // NOTE: Python's zip stops at the shortest
        List<Map<String, Object>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> m = new LinkedHashMap<>(d);
            for (int j = 0; j < keys.size(); j++) m.put(keys.get(j), parts.get(j).get(i));
            out.add(m);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    @Override public Object apply(Object data, RandomState rs) {
        if (listOutput && data instanceof Map<?, ?> m) return new ArrayList<Object>(applyList((Map<String, Object>) m));
        return super.apply(data, rs);
    }
}
