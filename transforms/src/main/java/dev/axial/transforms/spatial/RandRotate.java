package dev.axial.transforms.spatial;

import dev.axial.tensor.MetaTensor;
import dev.axial.transforms.lazy.Lazy;
import dev.axial.transforms.lazy.LazyTransform;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.AppliedOperations;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.InvertibleTransform;
import dev.axial.transforms.Transform;

import java.util.Map;

/**
 * MONAI's RandRotate: with probability {@code prob} (default 0.1) a {@link Rotate} by random angles. Each range is
 * one value f (U(-f, f)) or a pair (a, b) (U(a, b)); range_x rotates in the plane of axes 0 and 1 (the only one used in
 * 2-D), range_y and range_z only in 3-D. Draws as MONAI: R.rand() &lt; prob, then, when acting, x, y and z are
 * always all drawn (uniform each, also in 2-D). Defaults: ranges 0, keep_size true, bilinear, border, align_corners
 * false.
 *
 * <pre>{@code
 * RandRotate t = new RandRotate().rangeX(Math.PI / 12).prob(0.5).setRandomState(0);
 * }</pre>
 */
public final class RandRotate extends ArrayTransform implements InvertibleTransform, LazyTransform {
    private boolean lazy;

    @Override public boolean lazy() { return lazy; }

    /** MONAI's {@code lazy}: record a pending operation instead of transforming ({@link dev.axial.transforms.lazy.Lazy}). */
    @Override public RandRotate lazy(boolean lazy) { this.lazy = lazy; return this; }

    private double[] rangeX = {0, 0}, rangeY = {0, 0}, rangeZ = {0, 0};
    private double prob = 0.1;
    private boolean keepSize = true;
    private GridResampling.Mode mode = GridResampling.Mode.of("bilinear");
    private String paddingMode = "border";
    private boolean alignCorners;

    @Override public boolean isRandom() { return true; }

    /** One value f: U(-f, f); two values: U(a, b). */
    public RandRotate rangeX(double... r) { rangeX = range(r); return this; }

    public RandRotate rangeY(double... r) { rangeY = range(r); return this; }

    public RandRotate rangeZ(double... r) { rangeZ = range(r); return this; }

    public RandRotate prob(double p) { prob = p; return this; }

    public RandRotate keepSize(boolean k) { keepSize = k; return this; }

    public RandRotate mode(String m) { mode = GridResampling.Mode.of(m); return this; }

    public RandRotate paddingMode(String p) { paddingMode = new Rotate(0).paddingMode(p).paddingMode(); return this; }

    public RandRotate alignCorners(boolean a) { alignCorners = a; return this; }

    private double[] range(double[] r) {
        if (r.length == 1) return new double[]{Math.min(-r[0], r[0]), Math.max(-r[0], r[0])};
        if (r.length == 2) return r.clone();
        throw new IllegalArgumentException(name() + ": a range is one value or a pair, got " + r.length + " values");
    }

    double prob() { return prob; }

    GridResampling.Mode mode() { return mode; }

    String paddingMode() { return paddingMode; }

    /** The angles x, y, z (MONAI's randomize after the prob draw). */
    double[] drawAngles(RandomState rs) {
        return new double[]{rs.uniform(rangeX[0], rangeX[1]), rs.uniform(rangeY[0], rangeY[1]), rs.uniform(rangeZ[0], rangeZ[1])};
    }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        boolean act = rs.rand() < prob;
        return apply(img, act ? drawAngles(rs) : null, mode, paddingMode, this, Lazy.isLazy(lazy));
    }

    /** Rotates by the drawn angles (null: did not act) with the given mode and padding, recording under {@code who}. */
    MetaTensor apply(MetaTensor img, double[] xyz, GridResampling.Mode md, String padding, Transform who, boolean lazy) {
        int r = GridResampling.checkImage(who.name(), img);
        if (xyz == null && lazy) return Lazy.push(img, who, Lazy.identity(r), Lazy.peekPendingShape(img), Map.of(), false);
        if (xyz == null) return GridResampling.notTransformed(who, img, Map.of());
        double[] angle = r == 2 ? new double[]{xyz[0]} : xyz;
        return Rotate.rotate(who, img, angle, keepSize, md, padding, alignCorners, lazy);
    }

    /** Undoes the last record of {@code who} (a no-op record when it did not act). */
    static MetaTensor undo(Transform who, MetaTensor img) {
        Map<String, Object> op = AppliedOperations.last(img, who);
        if (!Boolean.TRUE.equals(op.get(AppliedOperations.DO_TRANSFORM))) return AppliedOperations.undone(img, img.array());
        return Rotate.undo(who, img, op);
    }

    @Override public MetaTensor inverse(MetaTensor img) { return undo(this, img); }
}
