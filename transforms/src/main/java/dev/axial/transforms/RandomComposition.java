package dev.axial.transforms;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link OneOf}, {@link RandomOrder} and {@link SomeOf} share: each call draws which members run (and in what
 * order) from the composition's generator, runs them as {@link Compose} would, and records the choice on every
 * MetaTensor of the output (MONAI's {@code push_transform} with {@code extra_info}), so that {@link #inverse} undoes
 * exactly the members that ran, in reverse order (a dictionary member built on {@link ArrayToDict} is undone
 * through its array transform, key by key).
 *
 * <p>Seeding is MONAI's: {@link #setRandomState(long)} seeds the composition and gives each random member a seed
 * {@code R.randint(2^32, dtype=uint32)}, in order; the choice is drawn afterwards from the same generator.
 * {@link #apply(Object, RandomState)} repeats exactly that from the generator it is given (member seeds first, then
 * the choice), so a loader item seeded {@code s} sees what MONAI's {@code set_random_state(s)} and one call give.
 * If {@link Determinism#setDeterminism(long)} was called, the constructor seeds with that seed, as MONAI's Compose
 * constructor does with {@code get_seed()}.
 */
public abstract class RandomComposition extends Compose {
    private boolean mapItemsFlag = true;

    protected RandomComposition(List<? extends Transform> transforms) {
        super(transforms);
        Determinism.seedIfSet(this);
    }

    /** The indices of the members to run, in order, drawn from {@code rs} (MONAI's draw for this class). */
    protected abstract int[] draw(RandomState rs);

    /** The extra_info recorded on the output for the members that ran. */
    protected abstract Map<String, Object> record(int[] order);

    /** The members that ran, in order, read back from a record's extra_info. */
    protected abstract int[] order(Map<String, Object> extraInfo);

    @Override public RandomComposition mapItems(boolean map) {
        super.mapItems(map);
        this.mapItemsFlag = map;
        return this;
    }

    /** Always true: the composition draws its choice even when no member is random (MONAI's Randomizable). */
    @Override public boolean isRandom() { return true; }

    @Override public Object apply(Object data) { return run(data, draw(R), null); }

    @Override public Object apply(Object data, RandomState rs) {
        List<Transform> ts = transforms();
        RandomState[] states = new RandomState[ts.size()];
        for (int i = 0; i < ts.size(); i++) states[i] = ts.get(i).isRandom() ? new RandomState(rs.randintUint32()) : rs;
        return run(data, draw(rs), states);
    }

    private Object run(Object data, int[] order, RandomState[] states) {
        List<Transform> chosen = new ArrayList<>(order.length);
        for (int i : order) chosen.add(new Fixed(transforms().get(i), states == null ? null : states[i]));
        // MONAI runs the chosen members through execute_compose with this composition's lazy flag and overrides: the
        // pending operations are applied at its end, before the choice is recorded
        Compose c = new Compose(chosen).mapItems(mapItemsFlag).lazy(lazy());
        if (overrides() != null) c.overrides(overrides());
        if (keyOverrides() != null) c.overrides(keyOverrides());
        return mark(c.apply(data), record(order));
    }

    /** A member bound to the generator it must draw from (null: its own), so a plain Compose can run the choice. */
    private record Fixed(Transform t, RandomState rs) implements Compose.Bound {
        @Override public Transform member() { return t; }

        @Override public Object apply(Object data, RandomState ignored) { return apply(data); }
        @Override public Object apply(Object data) { return rs == null ? t.apply(data) : t.apply(data, rs); }
        @Override public Transform setRandomState(long seed) { return this; }
        @Override public Transform setRandomState(RandomState state) { return this; }
        @Override public String name() { return t.name(); }
    }

    /** The output with the record pushed on a copy of each MetaTensor (the members' outputs are not changed). */
    private Object mark(Object d, Map<String, Object> info) {
        if (d instanceof MetaTensor m) return pushed(m, info);
        if (d instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>(map);
            for (Map.Entry<Object, Object> e : out.entrySet())
                if (e.getValue() instanceof MetaTensor m) e.setValue(pushed(m, info));
            return out;
        }
        return d;   // NOTE: lists (num_samples outputs) and other data carry no record, as in MONAI
    }

    private MetaTensor pushed(MetaTensor m, Map<String, Object> info) {
        MetaTensor out = m.withArray(m.array());
        AppliedOperations.push(out, this, AppliedOperations.spatialSize(m.shape()), info);
        return out;
    }

    /** Pops this composition's record and inverts the members that ran, last first (non-invertible ones are skipped). */
    @Override public MetaTensor inverse(MetaTensor img) {
        int[] order = order(AppliedOperations.extraInfo(AppliedOperations.last(img, this)));
        MetaTensor out = AppliedOperations.undone(img, img.array());
        for (int i = order.length - 1; i >= 0; i--) {
            InvertibleTransform inv = invertible(transforms().get(order[i]));
            if (inv != null) out = inv.inverse(out);
        }
        return out;
    }

    /** The member itself if invertible, or the array transform of a deterministic dictionary form (it pushed the record). */
    private static InvertibleTransform invertible(Transform t) {
        if (t instanceof InvertibleTransform inv) return inv;
        if (t instanceof ArrayToDict<?> a && a.transform() instanceof InvertibleTransform inv) return inv;
        return null;
    }

    /** MONAI's weight normalisation: non-negative, not all zero, divided by their (numpy pairwise) sum. */
    static double[] normalize(String who, double[] weights, int n) {
        if (weights.length != n)
            throw new IllegalArgumentException(who + ": transforms and weights should be same size, got " + weights.length + " weights and " + n + " transforms");
        boolean any = false;
        for (double w : weights) {
            if (!(w >= 0)) throw new IllegalArgumentException(who + ": probabilities must be greater than or equal to zero, got " + java.util.Arrays.toString(weights));
            any |= w > 0;
        }
        if (!any) throw new IllegalArgumentException(who + ": at least one probability must be greater than zero, got " + java.util.Arrays.toString(weights));
        double sum = pairwiseSum(weights, 0, weights.length);
        double[] p = new double[n];
        for (int i = 0; i < n; i++) p[i] = weights[i] / sum;
        return p;
    }

    /** numpy's pairwise summation (what {@code ndarray.sum()} does for float64), so normalised weights match bit for bit. */
    static double pairwiseSum(double[] a, int from, int n) {
        if (n < 8) {
            double s = 0;   // NOTE: numpy starts from -0.0 only for empty sums; 0 + x is exact here
            for (int i = 0; i < n; i++) s += a[from + i];
            return s;
        }
        if (n <= 128) {
            double[] r = new double[8];
            for (int k = 0; k < 8; k++) r[k] = a[from + k];
            int i = 8;
            for (; i < n - n % 8; i += 8) for (int k = 0; k < 8; k++) r[k] += a[from + i + k];
            double s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) s += a[from + i];
            return s;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
    }

    static int[] ints(long[] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) out[i] = (int) a[i];
        return out;
    }

    static int[] intsOf(Object recorded) {
        if (recorded instanceof int[] a) return a.clone();
        if (recorded instanceof Number n) return new int[]{n.intValue()};
        if (recorded instanceof List<?> l) return l.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
        throw new TransformException("cannot read the applied order " + recorded);
    }
}
