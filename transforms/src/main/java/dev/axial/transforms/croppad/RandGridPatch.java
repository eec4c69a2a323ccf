package dev.axial.transforms.croppad;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.TransformException;

import java.util.Arrays;

/**
 * MONAI's {@code RandGridPatch}: {@link GridPatch} with a random offset, drawn per spatial dim as MONAI's randomize:
 * {@code randint(min, max + 1)} with min = {@code minOffset} (default 0) and max = {@code maxOffset} (default
 * image size modulo patch size). sortFn may also be "random": a {@code permutation} of the kept patches drawn after
 * the offset (MONAI has no prob: every call draws).
 *
 * <pre>{@code
 * var t = new RandGridPatch(32, 32).numPatches(8).sortFn("random");
 * t.setRandomState(0);
 * MetaTensor patches = t.apply(img);
 * }</pre>
 */
public class RandGridPatch extends GridPatch {
    private long[] minOffset, maxOffset;

    public RandGridPatch(long... patchSize) { super(patchSize); }

    /** MONAI's min_offset: one value for every dim or one each (default 0). */
    public RandGridPatch minOffset(long... min) { this.minOffset = min.length == 0 ? null : min.clone(); return this; }

    /** MONAI's max_offset: one value for every dim or one each (default image size % patch size). */
    public RandGridPatch maxOffset(long... max) { this.maxOffset = max.length == 0 ? null : max.clone(); return this; }

    @Override public boolean isRandom() { return true; }

    @Override public RandGridPatch numPatches(int n) { super.numPatches(n); return this; }

    @Override public RandGridPatch overlap(double overlap) { super.overlap(overlap); return this; }

    /** MONAI's sort_fn: null (grid order, default), "max", "min" or "random" (a drawn permutation). */
    @Override public RandGridPatch sortFn(String sortFn) { super.sortFn(sortFn); return this; }

    @Override public RandGridPatch threshold(double threshold) { super.threshold(threshold); return this; }

    @Override public RandGridPatch padMode(String mode) { super.padMode(mode); return this; }

    @Override public RandGridPatch constantValues(double v) { super.constantValues(v); return this; }

    @Override public RandGridPatch offset(long... offset) {
        throw new UnsupportedOperationException(name() + ": the offset is drawn; set minOffset/maxOffset");
    }

    /** MONAI's randomize: the offset for an image of spatial shape {@code sp}, drawn from {@code rs}. */
    public long[] randomize(long[] sp, RandomState rs) {
        int nd = patchSize.length;
        if (sp.length != nd)
            throw error("patch_size " + Arrays.toString(patchSize) + " does not match the " + sp.length + " spatial dims of " + Arrays.toString(sp));
        long[] lo = minOffset == null ? new long[nd] : Regions.rep(minOffset, nd, name() + ": min_offset");
        long[] hi;
        if (maxOffset == null) {
            hi = new long[nd];
            for (int d = 0; d < nd; d++) {
                if (patchSize[d] == 0) throw error("the default max_offset (size % patch) needs non-zero patch sizes, got " + Arrays.toString(patchSize));
                hi[d] = Math.floorMod(sp[d], patchSize[d]);
            }
        } else hi = Regions.rep(maxOffset, nd, name() + ": max_offset");
        long[] off = new long[nd];
        for (int d = 0; d < nd; d++) {
            if (hi[d] < lo[d]) throw new TransformException(name() + ": min_offset " + Arrays.toString(lo) + " exceeds max_offset " + Arrays.toString(hi));
            off[d] = rs.randint(lo[d], hi[d] + 1);
        }
        return off;
    }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        if (img.shape().length < 2)
            throw error("needs a channel-first image (C, spatial...), got shape " + Arrays.toString(img.shape()));
        return apply(img, randomize(Regions.spatial(img), rs), rs);
    }

    /** The patches on the grid starting at a drawn {@code offset}; sortFn "random" draws its permutation from {@code rs}. */
    public MetaTensor apply(MetaTensor img, long[] offset, RandomState rs) { return extract(img, offset, rs); }
}
