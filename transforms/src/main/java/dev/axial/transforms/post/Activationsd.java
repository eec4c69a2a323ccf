package dev.axial.transforms.post;

import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.MapTransform;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * MONAI's {@code Activationsd(keys, sigmoid, softmax, other, dim)}: {@link Activations} with one flag per key (a
 * single value applies to every key, as MONAI's ensure_tuple_rep).
 *
 * <pre>{@code
 * var post = new Activationsd("pred", "aux").softmax(true, false).sigmoid(false, true);
 * }</pre>
 */
public final class Activationsd extends MapTransform {
    private final Activations converter = new Activations();
    private boolean[] sigmoid, softmax;
    private List<UnaryOperator<Tensor>> other;

    public Activationsd(String... keys) {
        super(keys);
        sigmoid = new boolean[keys.length];
        softmax = new boolean[keys.length];
        other = PerKey.rep(null, keys.length);
    }

    public Activationsd sigmoid(boolean... flags) { sigmoid = PerKey.rep(flags, keys().size(), "sigmoid", this::error); return this; }

    public Activationsd softmax(boolean... flags) { softmax = PerKey.rep(flags, keys().size(), "softmax", this::error); return this; }

    /** One function for every key. */
    public Activationsd other(UnaryOperator<Tensor> f) { other = PerKey.rep(f, keys().size()); return this; }

    /** The softmax dimension (default 0). */
    public Activationsd dim(int dim) { converter.dim(dim); return this; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        Map<String, Object> out = copy(d);
        for (String k : presentKeys(d)) {
            int i = keys().indexOf(k);
            try {
                out.put(k, converter.apply(image(d, k), sigmoid[i], softmax[i], other.get(i)));
            } catch (IllegalArgumentException e) {
                throw error("key '" + k + "': " + e.getMessage());
            }
        }
        return out;
    }
}
