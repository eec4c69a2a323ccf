package dev.axial.transforms.spatial;

import dev.axial.tensor.MetaTensor;
import dev.axial.transforms.lazy.Lazy;
import dev.axial.transforms.lazy.LazyTransform;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.AppliedOperations;
import dev.axial.transforms.TransformException;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * MONAI's RandAffined: one random affine per call, applied to every key with per-key mode and padding_mode
 * (defaults bilinear, reflection). Draws as MONAI, where set_random_state(s) gives the dictionary, its RandAffine
 * (prob 1) and that one's RandAffineGrid each a RandomState(s) (here: copies of the given generator taken when it is
 * first seen):
 * <ol>
 * <li>dictionary: rand() &lt; prob;</li>
 * <li>RandAffine.randomize(): its rand(), then the grid generator draws one parameter set (unused);</li>
 * <li>when acting: the grid generator draws the applied set;</li>
 * <li>for each key that is resampled: RandAffine's rand() and one more (unused) parameter set.</li>
 * </ol>
 * Keys are resampled when acting or when spatial_size differs from the first key's size.
 *
 * <pre>{@code
 * RandAffined t = new RandAffined("image", "label").prob(0.5).rotateRange(0.3).mode("bilinear", "nearest");
 * }</pre>
 */
public final class RandAffined extends GridMapTransform implements dev.axial.transforms.InvertibleTransform, LazyTransform {
    private boolean lazy;

    @Override public boolean lazy() { return lazy; }

    /** MONAI's {@code lazy}: record a pending operation instead of transforming ({@link dev.axial.transforms.lazy.Lazy}). */
    @Override public RandAffined lazy(boolean lazy) { this.lazy = lazy; return this; }

    private final RandAffine affine = new RandAffine().prob(1.0);
    private double prob = 0.1;
    private final GridResampling.Siblings siblings = new GridResampling.Siblings(1);

    public RandAffined(String... keys) { super("reflection", keys); }

    @Override public boolean isRandom() { return true; }

    public RandAffined prob(double p) { prob = p; return this; }

    public RandAffined rotateRange(double... f) { affine.rotateRange(f); return this; }

    public RandAffined rotateRange(double[]... r) { affine.rotateRange(r); return this; }

    public RandAffined shearRange(double... f) { affine.shearRange(f); return this; }

    public RandAffined shearRange(double[]... r) { affine.shearRange(r); return this; }

    public RandAffined translateRange(double... f) { affine.translateRange(f); return this; }

    public RandAffined translateRange(double[]... r) { affine.translateRange(r); return this; }

    public RandAffined scaleRange(double... f) { affine.scaleRange(f); return this; }

    public RandAffined scaleRange(double[]... r) { affine.scaleRange(r); return this; }

    public RandAffined spatialSize(long... size) { affine.spatialSize(size); return this; }

    public RandAffined cacheGrid(boolean c) { affine.cacheGrid(c); return this; }

    public RandAffined mode(String... m) { setModes(m); return this; }

    public RandAffined paddingMode(String... p) { setPaddings(p); return this; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        List<String> present = presentKeys(d);
        if (present.isEmpty()) return copy(d);
        MetaTensor first = image(d, present.getFirst());
        int r = GridResampling.checkImage(name() + " (key '" + present.getFirst() + "')", first);
        RandomState affR = siblings.of(rs)[0];
        RandomState gridR = affine.gridGenerator(affR);
        boolean act = rs.rand() < prob;
        affR.rand();
        affine.drawMatrix(gridR, r);
        double[][] m = act ? affine.drawMatrix(gridR, r) : null;
        boolean lazyNow = Lazy.isLazy(lazy);
        long[] in = lazyNow ? Lazy.peekPendingShape(first) : GridResampling.spatial(first.shape());
        boolean resample = act || !Arrays.equals(affine.outSize(in), in);
        return applyKeys(d, (img, mode, padding) -> {
            if (GridResampling.checkImage(name(), img) != r)
                throw new TransformException(name() + ": an image of shape " + Arrays.toString(img.shape())
                        + " does not have the spatial rank of the first key's " + Arrays.toString(first.shape()));
            if (resample) {
                // NOTE: MONAI's per-key RandAffine call redraws (prob 1, then an unused parameter set)
                affR.rand();
                affine.drawMatrix(gridR, r);
            }
            return affine.apply(img, m, mode, padding, this, lazyNow);
        });
    }

    @Override public MetaTensor inverse(MetaTensor img) {
        return Affine.undo(this, img, AppliedOperations.last(img, this));
    }

    /** Inverts every present key. */
    public Map<String, Object> inverse(Map<String, Object> d) { return invertKeys(d, this::inverse); }
}
