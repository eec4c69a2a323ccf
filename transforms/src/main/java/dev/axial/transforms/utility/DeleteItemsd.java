package dev.axial.transforms.utility;

import dev.axial.tensor.RandomState;
import dev.axial.transforms.MapTransform;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * MONAI's {@code DeleteItemsd}: removes keys; a key {@code "a.b"} (separator {@code sep}, default ".") removes
 * {@code b} from the nested map under {@code a}; with {@code useRe}, the last part is a regular expression and
 * every matching key goes (Python's {@code re.search}: anywhere in the key). Absent keys are ignored. As in MONAI,
 * the key is split at {@code sep} before matching: a pattern holding "." needs another separator.
 *
 * <pre>{@code
 * new DeleteItemsd("image_meta_dict.affine", "^label_").useRe(false, true).apply(item);
 * }</pre>
 */
public class DeleteItemsd extends MapTransform {
    private String sep = ".";
    private boolean[] useRe;

    public DeleteItemsd(String... keys) { super(keys); }

    /** MONAI's sep (default "."). */
    public DeleteItemsd sep(String sep) { this.sep = sep; return this; }

    /** MONAI's use_re: one flag for all keys, or one per key. */
    public DeleteItemsd useRe(boolean... flags) {
        if (flags.length != 1 && flags.length != keys().size())
            throw new IllegalArgumentException("DeleteItemsd: use_re needs 1 or " + keys().size() + " flags, got " + flags.length);
        this.useRe = flags.clone();
        return this;
    }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        Map<String, Object> out = copy(d);
        for (int i = 0; i < keys().size(); i++) {
            boolean re = useRe != null && useRe[useRe.length == 1 ? 0 : i];
            out = delete(keys().get(i).split(Pattern.quote(sep)), 0, out, re);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> delete(String[] path, int at, Map<String, Object> d, boolean re) {
        Map<String, Object> out = new LinkedHashMap<>(d);
        String key = path[at];
        if (at < path.length - 1) {
            if (out.get(key) instanceof Map<?, ?> inner) out.put(key, delete(path, at + 1, (Map<String, Object>) inner, re));
            return out;
        }
        if (re) {
            Pattern p = Pattern.compile(key);
            out.keySet().removeIf(k -> p.matcher(k).find());
        } else out.remove(key);
        return out;
    }
}
