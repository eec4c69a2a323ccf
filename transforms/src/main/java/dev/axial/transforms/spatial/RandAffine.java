package dev.axial.transforms.spatial;

import dev.axial.tensor.MetaTensor;
import dev.axial.transforms.lazy.Lazy;
import dev.axial.transforms.lazy.LazyTransform;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.AppliedOperations;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.InvertibleTransform;

import java.util.Arrays;

/**
 * MONAI's RandAffine: with probability {@code prob} (default 0.1) an {@link Affine} with random parameters. Each
 * range is per spatial dim, MONAI's semantics: a value f draws U(-f, f), a pair (a, b) draws U(a, b); the scale
 * factor is 1 + draw. Defaults as MONAI: no ranges, image size, bilinear, padding reflection, align_corners false.
 *
 * <p>Draws, as MONAI (set_random_state seeds RandAffine's R and its RandAffineGrid's R with the same seed): R.rand()
 * &lt; prob; then, when acting, the grid's generator draws rotate, shear, translate, scale params twice (randomize(),
 * then RandAffineGrid.__call__ redraws; the second set is applied). The grid's generator is a copy of the given one,
 * taken the first time that generator is seen (see {@code GridResampling.Siblings}), so a fresh generator with seed s
 * gives MONAI's draws for set_random_state(s).
 *
 * <p>Deliberate difference: when MONAI does not act (and the size is kept) it still multiplies the output affine by
 * the last applied random matrix (a stale RandAffineGrid.affine, MONAI 1.5); here the affine is left unchanged.
 *
 * <pre>{@code
 * RandAffine t = new RandAffine().prob(0.5).rotateRange(Math.PI / 12).scaleRange(0.1, 0.1).setRandomState(0);
 * }</pre>
 */
public final class RandAffine extends ArrayTransform implements InvertibleTransform, LazyTransform {
    private boolean lazy;

    @Override public boolean lazy() { return lazy; }

    /** MONAI's {@code lazy}: record a pending operation instead of transforming ({@link dev.axial.transforms.lazy.Lazy}). */
    @Override public RandAffine lazy(boolean lazy) { this.lazy = lazy; return this; }

    private double prob = 0.1;
    private double[][] rotateRange, shearRange, translateRange, scaleRange;
    private long[] spatialSize;
    private GridResampling.Mode mode = GridResampling.Mode.of("bilinear");
    private String paddingMode = "reflection";
    private boolean cacheGrid;
    private volatile double[][] cachedGrid;
    private final GridResampling.Siblings siblings = new GridResampling.Siblings(1);

    @Override public boolean isRandom() { return true; }

    public RandAffine prob(double p) { prob = p; return this; }

    /** One value f per dim: U(-f, f). */
    public RandAffine rotateRange(double... f) { rotateRange = GridResampling.scalars(f); return this; }

    /** Per dim, one value f (U(-f, f)) or a pair (a, b) (U(a, b)). */
    public RandAffine rotateRange(double[]... r) { rotateRange = GridResampling.ranges(name(), r); return this; }

    public RandAffine shearRange(double... f) { shearRange = GridResampling.scalars(f); return this; }

    public RandAffine shearRange(double[]... r) { shearRange = GridResampling.ranges(name(), r); return this; }

    public RandAffine translateRange(double... f) { translateRange = GridResampling.scalars(f); return this; }

    public RandAffine translateRange(double[]... r) { translateRange = GridResampling.ranges(name(), r); return this; }

    public RandAffine scaleRange(double... f) { scaleRange = GridResampling.scalars(f); return this; }

    public RandAffine scaleRange(double[]... r) { scaleRange = GridResampling.ranges(name(), r); return this; }

    public RandAffine spatialSize(long... size) { spatialSize = size.clone(); cachedGrid = null; return this; }

    public RandAffine mode(String m) { mode = GridResampling.Mode.of(m); return this; }

    public RandAffine mode(int order) { mode = GridResampling.Mode.order(order); return this; }

    public RandAffine paddingMode(String p) { paddingMode = GridResampling.padding(p); return this; }

    /** MONAI's cache_grid: keep the identity grid when spatial_size is fixed (all entries positive). */
    public RandAffine cacheGrid(boolean c) { cacheGrid = c; return this; }

    GridResampling.Mode mode() { return mode; }

    /** The output spatial size for an image of spatial size {@code in}. */
    long[] outSize(long[] in) { return GridResampling.fallBack(spatialSize, in, name()); }

    String paddingMode() { return paddingMode; }

    double prob() { return prob; }

    /** The generator MONAI's RandAffineGrid would draw from, for {@code rs}. */
    RandomState gridGenerator(RandomState rs) { return siblings.of(rs)[0]; }

    /** One randomize() of RandAffineGrid: rotate, shear, translate, scale (+1) params, composed to M. */
    double[][] drawMatrix(RandomState gridRs, int dims) {
        double[] rot = GridResampling.draw(gridRs, rotateRange, 0);
        double[] sh = GridResampling.draw(gridRs, shearRange, 0);
        double[] tr = GridResampling.draw(gridRs, translateRange, 0);
        double[] sc = GridResampling.draw(gridRs, scaleRange, 1);
        return GridResampling.compose(dims, rot, sh, tr, sc);
    }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        int r = GridResampling.checkImage(name(), img);
        RandomState gridRs = gridGenerator(rs);
        boolean act = rs.rand() < prob;
        double[][] m = null;
        if (act) {
            drawMatrix(gridRs, r);
            m = drawMatrix(gridRs, r);
        }
        return apply(img, m, mode, paddingMode, this, Lazy.isLazy(lazy));
    }

    /**
     * Applies the drawn matrix {@code m} (null: did not act) with the given mode and padding, recording under
     * {@code who}: resamples when acting or when spatial_size differs from the image's (MONAI's do_resampling).
     */
    MetaTensor apply(MetaTensor img, double[][] m, GridResampling.Mode md, String padding, dev.axial.transforms.Transform who, boolean lazy) {
        int r = GridResampling.checkImage(who.name(), img);
        long[] in = lazy ? Lazy.peekPendingShape(img) : GridResampling.spatial(img.shape());
        long[] sp = GridResampling.fallBack(spatialSize, in, who.name());
        boolean resample = m != null || !Arrays.equals(sp, in);
        double[][] mat = m != null ? m : GridResampling.compose(r, null, null, null, null);
        if (lazy) return Affine.pending(who, img, mat, sp, md, padding, false, m != null, resample, dev.axial.tensor.DType.FLOAT64);
        double[][] coords = null;
        if (resample) {
            double[][] id = identityGrid(sp);
            coords = m == null ? id : GridResampling.transform(m, id);
        }
        return Affine.resampled(who, img, mat, sp, coords, md, padding, false, m != null, dev.axial.tensor.DType.FLOAT64);
    }

    private double[][] identityGrid(long[] sp) {
        boolean fixed = cacheGrid && spatialSize != null && spatialSize.length == sp.length
                && Arrays.stream(spatialSize).allMatch(v -> v > 0);
        if (!fixed) return GridResampling.centredGrid(sp);
        double[][] g = cachedGrid;
        if (g == null) cachedGrid = g = GridResampling.centredGrid(sp);
        return g;
    }

    @Override public MetaTensor inverse(MetaTensor img) {
        return Affine.undo(this, img, AppliedOperations.last(img, this));
    }
}
