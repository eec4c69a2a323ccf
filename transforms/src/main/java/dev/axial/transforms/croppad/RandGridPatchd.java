package dev.axial.transforms.croppad;

import dev.axial.tensor.RandomState;
import dev.axial.transforms.MapTransform;

import java.util.List;
import java.util.Map;

/**
 * MONAI's {@code RandGridPatchd}: one offset drawn from the first present key's shape, the grid at that offset cut
 * from every key. With sortFn "random" each key draws its own permutation after the offset, in key order, as MONAI's.
 *
 * <pre>{@code
 * var t = new RandGridPatchd(List.of("image", "label"), 32, 32);
 * t.transform().maxOffset(8);
 * Map<String, Object> out = t.setRandomState(0).apply(item);
 * }</pre>
 */
public class RandGridPatchd extends MapTransform {
    private final RandGridPatch patcher;

    public RandGridPatchd(List<String> keys, long... patchSize) { this(new RandGridPatch(patchSize), keys.toArray(String[]::new)); }

    public RandGridPatchd(RandGridPatch patcher, String... keys) {
        super(keys);
        this.patcher = patcher;
    }

    /** The array transform (its options configure this one). */
    public RandGridPatch transform() { return patcher; }

    @Override public boolean isRandom() { return true; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        Map<String, Object> out = copy(d);
        List<String> keys = presentKeys(d);
        if (keys.isEmpty()) return out;
        var first = image(d, keys.getFirst());
        if (first.shape().length < 2)
            throw error("key '" + keys.getFirst() + "' needs a channel-first image (C, spatial...), got shape "
                    + java.util.Arrays.toString(first.shape()));
        long[] offset = patcher.randomize(Regions.spatial(first), rs);
        for (String k : keys) out.put(k, patcher.apply(image(d, k), offset, rs));
        return out;
    }
}
