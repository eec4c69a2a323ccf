package dev.axial.transforms.spatial;

import dev.axial.transforms.lazy.Lazy;
import dev.axial.transforms.lazy.LazyTransform;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.InvertibleTransform;
import dev.axial.transforms.MapTransform;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dictionary form of a random invertible spatial transform: draws once per call (in the MONAI dictionary
 * class's order), applies the drawn parameters to every key and records itself on each image, so that its
 * {@link #inverse(MetaTensor)} undoes exactly what it did to that image.
 */
public abstract class RandomMapTransform extends MapTransform implements InvertibleTransform, LazyTransform {
    private boolean lazy;

    @Override public boolean lazy() { return lazy; }

    /** MONAI's {@code lazy} (every subclass runs lazily): record a pending operation instead of transforming ({@link dev.axial.transforms.lazy.Lazy}). */
    @Override public RandomMapTransform lazy(boolean lazy) { this.lazy = lazy; return this; }

    protected double prob;

    protected RandomMapTransform(double prob, String... keys) {
        super(keys);
        this.prob = prob;
    }

    @Override public boolean isRandom() { return true; }

    private RandomState inner = new RandomState(0);

    /**
     * Seeds this transform and the array transform MONAI's dictionary class holds (RandAxisFlipd's flipper,
     * RandZoomd's rand_zoom), each with its own RandomState(seed), as MONAI does.
     */
    @Override public RandomMapTransform setRandomState(long seed) {
        super.setRandomState(seed);
        inner = new RandomState(Math.floorMod(seed, MAX_SEED));
        return this;
    }

    /** This transform and its inner one share {@code state}, as MONAI's set_random_state(state=...). */
    @Override public RandomMapTransform setRandomState(RandomState state) {
        super.setRandomState(state);
        inner = state;
        return this;
    }

    /**
     * The generator of the inner array transform's draws: its own when {@code rs} is this transform's
     * ({@code apply(d)}); a generator passed in (a loader's per-item one) serves both.
     */
    protected final RandomState inner(RandomState rs) { return rs == R ? inner : rs; }

    /** Whether this call runs lazily (the enclosing Compose's flag, else this transform's). */
    protected final boolean lazyNow() { return Lazy.isLazy(lazy); }

    protected final void checkProb(double p) {
        if (!(p >= 0 && p <= 1)) throw error("prob must be in [0, 1], got " + p);
    }

    /** Undoes this transform on every present key of {@code d} (a new map). */
    public Map<String, Object> inverse(Map<String, Object> d) {
        Map<String, Object> out = new LinkedHashMap<>(d);
        for (String k : presentKeys(d)) out.put(k, inverse(image(d, k)));
        return out;
    }
}
