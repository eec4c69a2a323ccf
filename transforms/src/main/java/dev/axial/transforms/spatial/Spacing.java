package dev.axial.transforms.spatial;

import dev.axial.tensor.AffineMath;
import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.imaging.AffineResampling;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.InvertibleTransform;
import dev.axial.transforms.TransformException;
import dev.axial.transforms.lazy.Lazy;
import dev.axial.transforms.lazy.LazyTransform;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MONAI's {@code Spacing(pixdim, diagonal=False, mode=bilinear, padding_mode=border, align_corners=False,
 * dtype=float64, scale_extent=False, recompute_affine=False, min_pixdim=None, max_pixdim=None)}: resamples to voxel
 * sizes {@code pixdim} (a short pixdim is padded with its last value; non-positive entries keep the input's).
 * The new affine is MONAI's {@code zoom_affine}: not diagonal, {@code R·diag(|pixdim|)} with R the rotation of the
 * affine's Cholesky factorisation (orientation kept); diagonal, {@code diag(pixdim)}. Its translation and the
 * output shape come from {@code compute_shape_offset} (the input's corners fit, rounded half to even). With
 * {@code recomputeAffine} the output affine is replaced, as MONAI 1.5 does, by {@code scale_affine(in, out shape)}.
 * Resampling and its record are {@link SpatialResample}'s (as in MONAI, the record's class is SpatialResample).
 *
 * <pre>{@code
 * MetaTensor iso = new Spacing(1.5, 1.5, 2.0).apply(ct);
 * MetaTensor seg = new Spacing(1.5, 1.5, 2.0).mode("nearest").apply(label);
 * }</pre>
 */
public final class Spacing extends ArrayTransform implements InvertibleTransform, LazyTransform {

    private boolean lazy;

    @Override public boolean lazy() { return lazy; }

    /** MONAI's {@code lazy}: record a pending operation instead of transforming ({@link dev.axial.transforms.lazy.Lazy}). */
    @Override public Spacing lazy(boolean lazy) { this.lazy = lazy; return this; }

    /** recompute_affine needs the resampled image's shape: not run lazily. */
    @Override public boolean requiresCurrentData() { return recomputeAffine; }
    private final double[] pixdim;
    private boolean diagonal, scaleExtent, recomputeAffine;
    private double[] minPixdim = {}, maxPixdim = {};
    private final SpatialResample resample = new SpatialResample() {
        @Override public String name() { return "SpatialResample"; }
    };

    /** Output voxel sizes per spatial dim (MONAI's pixdim). */
    public Spacing(double... pixdim) {
        if (pixdim.length == 0) throw new TransformException("Spacing: pixdim needs at least one value");
        this.pixdim = pixdim.clone();
    }

    public Spacing diagonal(boolean d) { this.diagonal = d; return this; }

    public Spacing mode(String m) { resample.mode(m); return this; }

    public Spacing paddingMode(String p) { resample.paddingMode(p); return this; }

    public Spacing alignCorners(boolean a) { resample.alignCorners(a); return this; }

    public Spacing dtype(DType d) { resample.dtype(d); return this; }

    public Spacing scaleExtent(boolean s) { this.scaleExtent = s; return this; }

    public Spacing recomputeAffine(boolean r) { this.recomputeAffine = r; return this; }

    /** MONAI's min_pixdim: inputs with voxel sizes in [min, max] keep them (NaN entries: pixdim's). */
    public Spacing minPixdim(double... m) { this.minPixdim = m.clone(); return this; }

    public Spacing maxPixdim(double... m) { this.maxPixdim = m.clone(); return this; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        return apply(img, resample.modeValue(), resample.paddingModeValue(), null);
    }

    /** With a mode and padding mode for this call (dictionary forms' per-key modes) and an optional output shape. */
    public MetaTensor apply(MetaTensor img, String mode, String paddingMode, long[] outputSpatialShape) {
        int sr = Spatial.spatialRank(name(), img);
        boolean lazyNow = Lazy.isLazy(lazy) && !recomputeAffine;
        long[] shape = lazyNow ? Lazy.peekPendingShape(img) : Spatial.spatialShape(img);
        double[][] affine = AffineMath.toAffineNd(sr, lazyNow ? Lazy.peekPendingAffine(img) : img.affine());
        double[] outD = new double[sr];
        for (int i = 0; i < sr; i++) outD[i] = pixdim[Math.min(i, pixdim.length - 1)];
        double[] origD = columnNorms(affine, sr);
        for (int i = 0; i < sr; i++) {
            double target = outD[i];
            double mn = i < minPixdim.length && !Double.isNaN(minPixdim[i]) ? Math.min(minPixdim[i], target) : target;
            double mx = i < maxPixdim.length && !Double.isNaN(maxPixdim[i]) ? Math.max(maxPixdim[i], target) : target;
            if (mn > mx) throw new TransformException("Spacing: min_pixdim is larger than max_pixdim at dim " + i + ": min " + mn + " max " + mx);
            outD[i] = mn - Spatial.AFFINE_TOL <= origD[i] && origD[i] <= mx + Spatial.AFFINE_TOL ? origD[i] : target;
        }
        double[][] newAffine = zoomAffine(affine, outD, diagonal);
        var so = Spatial.shapeOffset(name(), shape, affine, newAffine, scaleExtent);
        for (int i = 0; i < sr; i++) newAffine[i][sr] = so.offset()[i];
        long[] actual = outputSpatialShape != null ? outputSpatialShape.clone() : so.shape();
        if (lazyNow) {
            // the record is SpatialResample's, as eagerly, so that its inverse resamples back
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put(SpatialResample.DTYPE, resample.dtypeValue());
            extra.put(SpatialResample.MODE, mode);
            extra.put(SpatialResample.PADDING_MODE, paddingMode);
            extra.put(SpatialResample.ALIGN_CORNERS, resample.alignCornersValue());
            extra.put(SpatialResample.SRC_AFFINE, affine);
            return Lazy.push(img, resample, SpatialResample.voxelMap(name(), affine, newAffine), actual, extra, true);
        }
        MetaTensor out = SpatialResample.resample(img, newAffine, actual, mode, paddingMode, resample.alignCornersValue(),
                resample.dtypeValue(), resample);
        if (recomputeAffine) out.setAffine(Spatial.scaleAffine(shape, actual));
        return out;
    }

    @Override public MetaTensor inverse(MetaTensor img) { return SpatialResample.undo(img, resample); }

    /** MONAI's zoom_affine(affine, scale, diagonal) ({@link AffineResampling#zoomAffine}); a singular affine is a TransformException. */
    static double[][] zoomAffine(double[][] affine, double[] scale, boolean diagonal) {
        try {
            return AffineResampling.zoomAffine(affine, scale, diagonal);
        } catch (IllegalArgumentException e) {
            throw new TransformException("Spacing: the affine is singular (its rotation-zoom block is not of full rank): " + Arrays.deepToString(affine), e);
        }
    }

    /** MONAI's affine_to_spacing: the norms of the first r columns' top r entries. */
    static double[] columnNorms(double[][] a, int r) {
        double[] out = new double[r];
        for (int c = 0; c < r; c++) {
            double s = 0;
            for (int row = 0; row < r; row++) s += a[row][c] * a[row][c];
            out[c] = Math.sqrt(s);
        }
        return out;
    }
}
