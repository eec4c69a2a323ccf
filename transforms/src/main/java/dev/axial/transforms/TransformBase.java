package dev.axial.transforms;

import dev.axial.tensor.RandomState;

import java.util.ArrayList;
import java.util.List;

/**
 * What every transform shares: its own generator {@code R} (MONAI's {@code self.R}; seed 0 until
 * {@code setRandomState}), MONAI's seed reduction (seed mod 2^32), and mapping over lists (a transform applied
 * to a list applies to each element, as MONAI's apply_transform with map_items).
 */
public abstract class TransformBase implements Transform {
    /** MONAI's MAX_SEED: np.iinfo(np.uint32).max + 1. */
    public static final long MAX_SEED = 1L << 32;

    protected RandomState R = new RandomState(0);

    @Override public Object apply(Object data) { return apply(data, R); }

    @Override public TransformBase setRandomState(long seed) {
        R = new RandomState(Math.floorMod(seed, MAX_SEED));
        return this;
    }

    @Override public TransformBase setRandomState(RandomState state) {
        if (state == null) throw new IllegalArgumentException(name() + ".setRandomState: the state is null");
        R = state;
        return this;
    }

    /** The transform's own generator. */
    public RandomState randomState() { return R; }

    /** {@code data} mapped element-wise when it is a list, else null (the caller handles one item). */
    protected final List<Object> mapList(Object data, RandomState rs) {
        if (!(data instanceof List<?> list)) return null;
        List<Object> out = new ArrayList<>(list.size());
        for (Object item : list) out.add(apply(item, rs));
        return out;
    }

    /** A TransformException naming this transform. */
    protected final TransformException error(String message) { return new TransformException(name() + ": " + message); }
}
