package dev.axial.transforms;

import dev.axial.tensor.RandomState;

import java.util.List;
import java.util.Map;

/**
 * MONAI's {@code RandomOrder}: each call runs every member, in the order {@code R.permutation(n)} (numpy's
 * Fisher–Yates draws), and records the order ({@code extra_info = {applied_order}}), so {@link #inverse} undoes the
 * invertible members in the reverse of the order they ran. Seeding as {@link RandomComposition}.
 *
 * <pre>{@code
 * Transform aug = new RandomOrder(new ScaleIntensityd("image"), new RandFlipd("image")).setRandomState(0);
 * }</pre>
 */
public class RandomOrder extends RandomComposition {
    public static final String APPLIED_ORDER = "applied_order";

    public RandomOrder(Transform... transforms) { this(List.of(transforms)); }

    public RandomOrder(List<? extends Transform> transforms) { super(transforms); }

    @Override protected int[] draw(RandomState rs) {
        int n = transforms().size();
        return n == 0 ? new int[0] : ints(rs.permutation(n));
    }

    @Override protected Map<String, Object> record(int[] order) { return Map.of(APPLIED_ORDER, order.clone()); }

    @Override protected int[] order(Map<String, Object> extraInfo) { return intsOf(extraInfo.get(APPLIED_ORDER)); }
}
