package dev.axial.transforms.intensity;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.MapTransform;
import dev.axial.transforms.TransformException;

import java.util.List;
import java.util.Map;

/**
 * The dictionary form of a random intensity transform, drawing as MONAI's: the dictionary transform draws
 * {@code rand() < prob} from its own generator; the wrapped array transform (prob 1) has a second generator, seeded
 * with the same seed by {@code setRandomState}, from which it draws its own {@code rand()} and then the parameters,
 * once from the first present key's image for all keys (or once per key where MONAI randomizes per key, as
 * RandRicianNoised). Given a generator other than its own ({@code apply(d, rs)}, e.g. a loader's per-item one), the
 * second generator is a copy of {@code rs} taken before the first draw: what MONAI's set_random_state(seed) of both
 * gives.
 */
public abstract class RandomIntensityd<P, T extends RandomIntensity<P>> extends MapTransform {
    protected final T transform;
    private final double prob;
    private final boolean perKey;
    private RandomState inner = new RandomState(0);

    protected RandomIntensityd(T transform, double prob, boolean perKey, String... keys) {
        super(keys);
        this.transform = transform;
        this.prob = RandomIntensity.checkProb(prob);
        this.perKey = perKey;
    }

    /** The wrapped array transform (prob 1). */
    public final T transform() { return transform; }

    public final double prob() { return prob; }

    @Override public final boolean isRandom() { return true; }

    @Override public RandomIntensityd<P, T> setRandomState(long seed) {
        super.setRandomState(seed);
        inner = new RandomState(Math.floorMod(seed, MAX_SEED));
        return this;
    }

    @Override public RandomIntensityd<P, T> setRandomState(RandomState state) {
        super.setRandomState(state);
        inner = state;
        return this;
    }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        RandomState in = rs == R ? inner : rs.copy();
        Map<String, Object> out = copy(d);
        List<String> keys = presentKeys(d);
        if (!(rs.rand() < prob) || keys.isEmpty()) return out;
        P shared = null;
        if (!perKey) {
            in.rand();
            shared = transform.randomize(in, checked(d, keys.getFirst()));
        }
        for (String k : keys) {
            MetaTensor img = checked(d, k);
            try {
                P p = shared;
                if (perKey) {
                    in.rand();
                    p = transform.randomize(in, img);
                }
                out.put(k, transform.apply(img, p));
            } catch (TransformException e) {
                throw new TransformException(name() + ": key '" + k + "': " + e.getMessage(), e);
            }
        }
        return out;
    }

    private MetaTensor checked(Map<String, Object> d, String k) {
        MetaTensor img = image(d, k);
        try {
            Voxels.check(transform.name(), img);
        } catch (TransformException e) {
            throw new TransformException(name() + ": key '" + k + "': " + e.getMessage(), e);
        }
        return img;
    }
}
