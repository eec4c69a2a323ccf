package dev.axial.transforms.spatial;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.transforms.lazy.Lazy;
import dev.axial.transforms.lazy.LazyTransform;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.InvertibleTransform;
import dev.axial.transforms.Transform;
import dev.axial.transforms.TransformException;

import java.util.Arrays;

/**
 * MONAI's {@code RandZoom(prob=0.1, min_zoom=0.9, max_zoom=1.1, mode="area", padding_mode="edge",
 * align_corners=None, dtype=float32, keep_size=True)}: draws {@code rand() < prob}, then (only when zooming) one
 * {@code uniform(min_i, max_i)} per factor pair; one factor applies to every spatial dim, two to a 3-D image mean
 * (first, first, second); then zooms as {@link Zoom}. Not zooming gives a float32 copy (MONAI's).
 *
 * <pre>{@code
 * var z = new RandZoom().prob(0.5).minZoom(0.8).maxZoom(1.2).setRandomState(0);
 * MetaTensor out = z.apply(img);
 * }</pre>
 */
public final class RandZoom extends ArrayTransform implements InvertibleTransform, LazyTransform {
    private boolean lazy;

    @Override public boolean lazy() { return lazy; }

    /** MONAI's {@code lazy}: record a pending operation instead of transforming ({@link dev.axial.transforms.lazy.Lazy}). */
    @Override public RandZoom lazy(boolean lazy) { this.lazy = lazy; return this; }

    private double prob = 0.1;
    private double[] minZoom = {0.9}, maxZoom = {1.1};
    private String mode = "area", paddingMode = "edge";
    private Boolean alignCorners;
    private DType dtype = DType.FLOAT32;
    private boolean keepSize = true;

    public RandZoom() {}

    @Override public boolean isRandom() { return true; }

    public RandZoom prob(double p) {
        if (!(p >= 0 && p <= 1)) throw error("prob must be in [0, 1], got " + p);
        this.prob = p;
        return this;
    }

    /** Lower bounds of the zoom factors (one, or one per spatial dim; as many as maxZoom). */
    public RandZoom minZoom(double... z) { this.minZoom = z.clone(); return this; }

    public RandZoom maxZoom(double... z) { this.maxZoom = z.clone(); return this; }

    public RandZoom mode(String m) { this.mode = m; return this; }

    public RandZoom paddingMode(String p) { Spatial.torchPadMode(name(), p); this.paddingMode = p; return this; }

    public RandZoom alignCorners(Boolean a) { this.alignCorners = a; return this; }

    public RandZoom dtype(DType d) { this.dtype = d; return this; }

    public RandZoom keepSize(boolean k) { this.keepSize = k; return this; }

    double probValue() { return prob; }

    String modeValue() { return mode; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        boolean doIt = rs.rand() < prob;
        double[] z = doIt ? draw(img, rs) : null;
        return apply(img, z, doIt, mode, this, Lazy.isLazy(lazy));
    }

    /** MONAI's RandZoom.randomize after the prob draw: the factors for {@code img}. */
    double[] draw(MetaTensor img, RandomState rs) {
        if (minZoom.length != maxZoom.length)
            throw error("min_zoom and max_zoom must have the same length, got " + minZoom.length + " and " + maxZoom.length);
        double[] z = new double[minZoom.length];
        for (int i = 0; i < z.length; i++) z[i] = rs.uniform(minZoom[i], maxZoom[i]);
        int sr = Spatial.spatialRank(name(), img);
        if (z.length == 1) {
            double[] all = new double[sr];
            Arrays.fill(all, z[0]);
            return all;
        }
        if (z.length == 2 && sr > 2) {
            double[] all = new double[sr];
            Arrays.fill(all, z[0]);
            all[sr - 1] = z[1];
            return all;
        }
        if (z.length != sr)
            throw new TransformException(name() + ": " + z.length + " zoom ranges for an image of shape " + Arrays.toString(img.shape()));
        return z;
    }

    MetaTensor apply(MetaTensor img, double[] z, boolean doIt, String mode, Transform recorder, boolean lazy) {
        return Zoom.zoom(img, z, mode, paddingMode, alignCorners, dtype, keepSize, recorder, doIt, lazy);
    }

    @Override public MetaTensor inverse(MetaTensor img) { return Zoom.undo(img, this); }
}
