package dev.axial.transforms.utility;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.ArrayToDict;
import dev.axial.transforms.InvertibleTransform;

import java.util.Map;
import java.util.function.Function;

/**
 * MONAI's {@code Lambdad}: {@link Lambda} on each key. {@code overwrite} (default true) stores the result under the
 * key; false computes it and drops it (for side effects); {@link #overwrite(String...)} stores it under other keys,
 * one per input key. {@link #inverse(MetaTensor)} undoes one key's image.
 *
 * <pre>{@code
 * Map<String, Object> d = new Lambdad(m -> m.array().mul(2), "image").apply(item);
 * }</pre>
 */
public class Lambdad extends ArrayToDict<Lambda> implements InvertibleTransform {
    private boolean overwrite = true;
    private String[] targets;

    public Lambdad(Function<? super MetaTensor, ?> func, String... keys) { super(new Lambda(func), keys); }

    public Lambdad invFunc(Function<? super MetaTensor, ?> inv) { transform.invFunc(inv); return this; }

    /** MONAI's overwrite as a bool (default true). */
    public Lambdad overwrite(boolean overwrite) {
        this.overwrite = overwrite;
        this.targets = null;
        return this;
    }

    /** MONAI's overwrite as key names: key i's result goes to {@code targets[i]}. */
    public Lambdad overwrite(String... targets) {
        if (targets.length != keys().size())
            throw new IllegalArgumentException("Lambdad: overwrite needs one key per key (" + keys().size() + "), got " + targets.length);
        this.targets = targets.clone();
        return this;
    }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        Map<String, Object> out = copy(d);
        for (String k : presentKeys(d)) {
            MetaTensor r = transform.apply(image(d, k), rs);
            if (targets != null) out.put(targets[keys().indexOf(k)], r);
            else if (overwrite) out.put(k, r);
        }
        return out;
    }

    @Override public MetaTensor inverse(MetaTensor img) { return transform.inverse(img); }
}
