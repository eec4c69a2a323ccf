package dev.axial.transforms;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;

import dev.axial.transforms.lazy.ApplyPendingd;
import dev.axial.transforms.lazy.Lazy;
import dev.axial.transforms.lazy.LazyTransform;
import dev.axial.transforms.lazy.Overrides;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A chain of transforms, as MONAI's {@code Compose}: each one's output is the next one's input; a list (from a
 * transform with num_samples) is mapped item by item when {@code mapItems} (the default). Seeding follows
 * MONAI: {@link #setRandomState(long)} seeds Compose's own generator and gives every random member the seed
 * {@code R.randint(2^32, dtype=uint32)}, in order. {@link #apply(Object, RandomState)} does the same from the
 * given generator, so a loader item seeded {@code s} sees exactly what {@code Compose.set_random_state(s)} followed
 * by one call gives in MONAI. Lazy resampling ({@link #lazy(Boolean)}, {@link #overrides(Overrides)}) is MONAI's:
 * see {@link dev.axial.transforms.lazy.Lazy}.
 *
 * <pre>{@code
 * Compose train = new Compose(new LoadImaged("image", "label"), new ScaleIntensityd("image"), new RandFlipd("image", "label"));
 * train.setRandomState(0);
 * Map<String, Object> item = (Map<String, Object>) train.apply(Map.of("image", "ct.nii.gz", "label", "seg.nii.gz"));
 * }</pre>
 */
public class Compose extends TransformBase implements InvertibleTransform {
    private final List<Transform> transforms;
    private boolean mapItems = true;
    private Boolean lazy = false;
    private Overrides overrides;
    private Map<String, Overrides> keyOverrides;

    public Compose(Transform... transforms) { this(List.of(transforms)); }

    public Compose(List<? extends Transform> transforms) {
        for (Transform t : transforms) if (t == null) throw new IllegalArgumentException("Compose: a transform is null");
        this.transforms = List.copyOf(transforms);
        // MONAI's Compose.__init__: set_random_state(seed=get_seed()), so setDeterminism reaches every pipeline made after it
        Determinism.seedIfSet(this);
    }

    /** The members, in order. */
    public final List<Transform> transforms() { return transforms; }

    /** MONAI's map_items (default true): a list input is transformed item by item. */
    public Compose mapItems(boolean map) {
        this.mapItems = map;
        return this;
    }

    /**
     * MONAI's {@code lazy} (default false): true runs every {@link LazyTransform} member lazily, its pending
     * operations fused into as few resamplings as possible (applied before a member that is not lazy and at the end);
     * null lets each member's own {@code lazy} decide; false runs every member eagerly.
     */
    public Compose lazy(Boolean lazy) {
        this.lazy = lazy;
        return this;
    }

    /** MONAI's {@code lazy}: true, false or null. */
    public Boolean lazy() { return lazy; }

    /** MONAI's {@code overrides} for array data: the fused resampling's mode, padding_mode, dtype, align_corners. */
    public Compose overrides(Overrides o) {
        this.overrides = o;
        return this;
    }

    /** MONAI's {@code overrides} for dictionary data: per key (e.g. {@code "label" -> mode nearest}). */
    public Compose overrides(Map<String, Overrides> perKey) {
        this.keyOverrides = perKey == null ? null : Map.copyOf(perKey);
        return this;
    }

    /** True, as MONAI's Compose is always Randomizable: a nested Compose takes a seed from its parent even when nothing in it draws. */
    @Override public boolean isRandom() { return true; }

    @Override public Compose setRandomState(long seed) {
        super.setRandomState(seed);
        seedMembers(R);
        return this;
    }

    @Override public Compose setRandomState(RandomState state) {
        super.setRandomState(state);
        seedMembers(R);
        return this;
    }

    private void seedMembers(RandomState r) {
        for (Transform t : transforms) if (t.isRandom()) t.setRandomState(r.randintUint32());
    }

    /** Each member with its own generator (the members' own ones were seeded by setRandomState). */
    @Override public Object apply(Object data) { return apply(data, 0, transforms.size()); }

    /** Each random member draws from a generator seeded from {@code rs} as MONAI's set_random_state seeds it. */
    @Override public Object apply(Object data, RandomState rs) { return apply(data, rs, 0, transforms.size()); }

    /** Members {@code [start, end)} only, with their own generators (MONAI's {@code Compose(data, start=, end=)}). */
    public Object apply(Object data, int start, int end) {
        List<Transform> members = range(start, end);
        Boolean eff = Lazy.resolve(lazy);
        return Lazy.with(eff, () -> {
            Object d = data;
            for (Transform t : members) d = step(t, d, null, eff);
            return applyPending(d);
        });
    }

    /**
     * Members {@code [start, end)} only, seeded from {@code rs}: one draw per random member in the range, so when the
     * members before {@code start} are not random (a CacheDataset's cached prefix) the draws equal those of the whole chain.
     */
    public Object apply(Object data, RandomState rs, int start, int end) {
        List<Transform> members = range(start, end);
        Boolean eff = Lazy.resolve(lazy);
        return Lazy.with(eff, () -> {
            Object d = data;
            for (Transform t : members) d = step(t, d, t.isRandom() ? new RandomState(rs.randintUint32()) : rs, eff);
            return applyPending(d);
        });
    }

    /** MONAI's apply_pending_transforms with this Compose's overrides. */
    private Object applyPending(Object d) { return Lazy.applyPending(d, null, overrides, keyOverrides); }

    /** The index of the first random member, or {@code size} when none is (MONAI's get_index_of_first(RandomizableTrait)). */
    public int indexOfFirstRandom() {
        for (int i = 0; i < transforms.size(); i++) if (transforms.get(i).isRandom()) return i;
        return transforms.size();
    }

    private List<Transform> range(int start, int end) {
        if (start < 0 || end > transforms.size() || start > end)
            throw new IllegalArgumentException("Compose: range [" + start + ", " + end + ") outside 0.." + transforms.size());
        return transforms.subList(start, end);
    }

    /**
     * MONAI's apply_transform under lazy execution: a member that will not run lazily sees the pending operations
     * applied first (ApplyPendingd: only its keys'); a lazy transform or a nested Compose is passed this Compose's
     * effective flag {@code eff}, any other member None (its inner transforms keep their own flags).
     */
    private Object step(Transform t, Object d, RandomState rs, Boolean eff) {
        Transform member = t instanceof Bound b ? b.member() : t;
        Object in = d;
        if (member instanceof ApplyPendingd a) in = Lazy.applyPending(d, a.keys(), overrides, keyOverrides);
        else if (!Lazy.effective(member, eff)) in = applyPending(d);
        Object flushed = in;
        return Lazy.with(Lazy.takesLazy(member) ? eff : null, () -> run(t, flushed, rs));
    }

    /** A member wrapped to run with a fixed generator (a random composition's choice): lazily treated as the member itself. */
    interface Bound extends Transform {
        Transform member();
    }

    /** MONAI's {@code overrides} for array data (null: none). */
    public Overrides overrides() { return overrides; }

    /** MONAI's {@code overrides} for dictionary data, per key (null: none). */
    public Map<String, Overrides> keyOverrides() { return keyOverrides; }

    private Object run(Transform t, Object d, RandomState rs) {
        if (mapItems && d instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) out.add(rs == null ? t.apply(item) : t.apply(item, rs));
            return out;
        }
        try {
            return rs == null ? t.apply(d) : t.apply(d, rs);
        } catch (TransformException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TransformException("Compose: " + t.name() + " failed: " + e.getMessage(), e);
        }
    }

    /** Inverts the invertible members in reverse order (MONAI's Compose.inverse). */
    @Override public MetaTensor inverse(MetaTensor img) {
        // MONAI: inversion never runs lazily (a lazily applied record is undone as an eager one)
        return Lazy.with(false, () -> {
            MetaTensor out = img;
            for (int i = transforms.size() - 1; i >= 0; i--)
                if (transforms.get(i) instanceof InvertibleTransform inv) out = inv.inverse(out);
            return out;
        });
    }

    /** The dictionary form of {@link #inverse(MetaTensor)} for the keys given. */
    public Map<String, Object> inverse(Map<String, Object> d, String... keys) {
        Map<String, Object> out = new java.util.LinkedHashMap<>(d);
        for (String k : keys) {
            if (!(out.get(k) instanceof MetaTensor m))
                throw new TransformException("Compose.inverse: key '" + k + "' does not hold a MetaTensor");
            out.put(k, inverse(m));
        }
        return out;
    }
}
