package dev.axial.transforms;

import dev.axial.tensor.RandomState;

import java.util.List;
import java.util.Map;

/**
 * MONAI's {@code SomeOf}: each call draws how many members to run, {@code R.randint(min, max + 1)}, then which and in
 * what order, {@code R.choice(n, count, replace, p=weights)} (numpy's legacy draws: a permutation prefix without
 * weights, CDF search with them), runs them and records the order ({@code extra_info = {applied_order}}) for
 * {@link #inverse}. {@code numTransforms} defaults to all members; an int is capped at the member count, a range
 * {@code (min, max)} is inclusive. Seeding as {@link RandomComposition}.
 *
 * <pre>{@code
 * SomeOf aug = new SomeOf(List.of(flip, rotate, noise)).numTransforms(1, 2).weights(1, 1, 2);
 * }</pre>
 */
public class SomeOf extends RandomComposition {
    private int min, max;
    private boolean replace;
    private double[] weights;

    public SomeOf(Transform... transforms) { this(List.of(transforms)); }

    public SomeOf(List<? extends Transform> transforms) {
        super(transforms);
        min = max = transforms.size();
    }

    /** MONAI's num_transforms as an int: exactly {@code min(n, count)} members per call. */
    public SomeOf numTransforms(int count) {
        if (count < 0) throw new IllegalArgumentException("SomeOf: num_transforms=" + count + " is out of the bounds [0, " + transforms().size() + "]");
        min = max = Math.min(transforms().size(), count);
        return this;
    }

    /** MONAI's num_transforms as a range: between {@code min} and {@code max} members (inclusive) per call. */
    public SomeOf numTransforms(int min, int max) {
        if (min < 0 || max > transforms().size())
            throw new IllegalArgumentException("SomeOf: num_transforms=(" + min + ", " + max + ") are out of the bounds [0, " + transforms().size() + "]");
        if (min > max) throw new IllegalArgumentException("SomeOf: num_transforms=(" + min + ", " + max + "): min > max");
        this.min = min;
        this.max = max;
        return this;
    }

    /** MONAI's replace (default false): sample members with replacement. */
    public SomeOf replace(boolean replace) {
        this.replace = replace;
        return this;
    }

    /** MONAI's weights (default uniform), normalised to sum to one. */
    public SomeOf weights(double... weights) {
        this.weights = weights == null || transforms().isEmpty() ? null : normalize("SomeOf", weights, transforms().size());
        return this;
    }

    @Override protected int[] draw(RandomState rs) {
        int n = transforms().size();
        if (n == 0) return new int[0];
        int count = (int) rs.randint(min, max + 1);
        try {
            return ints(rs.choice(n, count, replace, weights));
        } catch (IllegalArgumentException e) {
            throw new TransformException("SomeOf: cannot draw " + count + " of " + n + " transforms: " + e.getMessage(), e);
        }
    }

    @Override protected Map<String, Object> record(int[] order) { return Map.of(RandomOrder.APPLIED_ORDER, order.clone()); }

    @Override protected int[] order(Map<String, Object> extraInfo) { return intsOf(extraInfo.get(RandomOrder.APPLIED_ORDER)); }
}
