package dev.axial.tensor.imaging;

import dev.axial.tensor.AffineMath;
import dev.axial.tensor.DType;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;

import java.util.Arrays;
import java.util.Locale;

/**
 * The core of MONAI's {@code SpatialResample} (transforms' SpatialResample, Spacing, ResampleToMatch and io's
 * SaveImage resampling back to the original affine): resampling by a voxel-to-voxel affine with affine_grid +
 * grid_sample, as MONAI's {@code AffineTransform} normalises it ({@code to_norm_affine} with align_corners false,
 * whatever align_corners grid_sample gets; axes reversed for grid_sample's x, y, z order), and MONAI's
 * {@code compute_shape_offset}. Works on any device; float64 3-D axis-aligned maps on the CPU take an exact
 * separable path (the same numbers as grid_sample, without its grid), other devices the plain one.
 *
 * <pre>{@code
 * double[][] xform = AffineResampling.voxelMap(srcAffine, dstAffine);   // output voxel -> input voxel
 * Tensor out = AffineResampling.resample(img, xform, new long[]{64, 64, 32}, "bilinear", "border", false, DType.FLOAT64);
 * long[] size = AffineResampling.shapeOffset(inSize, srcAffine, dstAffine, false).shape();
 * }</pre>
 */
public final class AffineResampling {
    private AffineResampling() {}

    /**
     * {@code img} (C, spatial...: 2 or 3 spatial axes) resampled to {@code outSize}: output voxel v reads input
     * voxel {@code xform @ v} ((r + 1) × (r + 1) homogeneous). grid_sample's {@code mode} ("bilinear", "nearest",
     * "bicubic") and {@code paddingMode} ("zeros", "border", "reflection"), computed in {@code computeDtype}
     * (null: float64 for a float64 input, else float32), returned as a new contiguous float32 tensor on
     * {@code img}'s device (MONAI's output dtype). The input is not modified or freed.
     */
    public static Tensor resample(Tensor img, double[][] xform, long[] outSize, String mode, String paddingMode,
                                  boolean alignCorners, DType computeDtype) {
        int sr = outSize.length;
        if (img.dim() != sr + 1)
            throw new IllegalArgumentException("AffineResampling: expected (C, " + sr + " spatial axes), got " + img.describe());
        if (xform.length != sr + 1)
            throw new IllegalArgumentException("AffineResampling: the voxel map must be " + (sr + 1) + "×" + (sr + 1) + ", got " + xform.length + " rows");
        for (long o : outSize)
            if (o <= 0) throw new IllegalArgumentException("AffineResampling: the output spatial size must be positive, got " + Arrays.toString(outSize));
        long[] in = Arrays.copyOfRange(img.shape(), 1, sr + 1);
        double[][] theta = AffineMath.matmul(AffineMath.matmul(normalize(in), xform), AffineMath.inverse(normalize(outSize)));
        double[] flat = new double[sr * (sr + 1)];
        for (int i = 0; i < sr; i++)
            for (int j = 0; j <= sr; j++) flat[i * (sr + 1) + j] = theta[sr - 1 - i][j == sr ? sr : sr - 1 - j];
        DType ct = computeDtype != null ? computeDtype : img.dtype() == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
        String m = mode.toLowerCase(Locale.ROOT), p = paddingMode.toLowerCase(Locale.ROOT);
        Tensor fast = SeparableResampling.apply(img, flat, outSize, m, p, alignCorners, ct);
        if (fast != null) return fast;
        try (Scope s = Scope.open()) {
            long[] gsize = new long[sr + 2];
            gsize[0] = 1;
            gsize[1] = img.size(0);
            System.arraycopy(outSize, 0, gsize, 2, sr);
            Tensor grid = GridSampling.affineGrid(Tensor.of(flat, 1, sr, sr + 1).to(img.device(), ct), gsize, alignCorners);
            Tensor r = GridSampling.gridSample(img.to(ct).unsqueeze(0), grid, new GridSampleOptions(m, p, alignCorners));
            return s.keep(r.squeeze(0).to(DType.FLOAT32).contiguous());
        }
    }

    /**
     * MONAI's spatial_resample voxel map {@code np.linalg.solve(src, dst)} (output voxel to input voxel; equal affines
     * give the identity), in numpy's exact arithmetic. A singular {@code src} is an IllegalArgumentException.
     */
    public static double[][] voxelMap(double[][] src, double[][] dst) { return NumpyLinalg.solve(src, dst); }

    /** MONAI's normalize_transform(shape, align_corners=False): voxel index to grid_sample's [-1, 1] pixel-centre coordinates. */
    private static double[][] normalize(long[] shape) {
        int r = shape.length;
        double[][] n = AffineMath.identity(r + 1);
        for (int i = 0; i < r; i++) {
            double s = shape[i] <= 0 ? 2.0 : shape[i];
            n[i][i] = 2.0 / s;
            n[i][r] = 1.0 / s - 1.0;
        }
        return n;
    }

    /** {@link #shapeOffset}'s result: the output spatial shape and the world position of its first voxel. */
    public record ShapeOffset(long[] shape, double[] offset) {}

    /**
     * MONAI's {@code compute_shape_offset(spatial_shape, in_affine, out_affine, scale_extent)}: the output shape that
     * holds the input's corners (voxel centres, or voxel edges with scale_extent) in the output grid, rounded half
     * to even, and the world position of the output's first voxel (the input's minimum corner when there is one,
     * else centre aligned). numpy's arithmetic is kept to the bit ({@link NumpyLinalg}: solve, then matmul with
     * fused multiply-adds) since an extent of exactly k + 0.5 rounds on its last bit. A singular {@code outAffine}
     * is an IllegalArgumentException.
     */
    public static ShapeOffset shapeOffset(long[] spatialShape, double[][] inAffine, double[][] outAffine, boolean scaleExtent) {
        int sr = spatialShape.length;
        double[][] in = AffineMath.toAffineNd(sr, inAffine), out = AffineMath.toAffineNd(sr, outAffine);
        int n = 1 << sr;
        double[][] corners = new double[sr + 1][n];
        for (int c = 0; c < n; c++) {
            for (int i = 0; i < sr; i++) {
                boolean hi = (c >> (sr - 1 - i) & 1) == 1;    // numpy meshgrid "ij" order: the last axis varies fastest
                corners[i][c] = scaleExtent ? (hi ? spatialShape[i] - 0.5 : -0.5) : (hi ? spatialShape[i] - 1.0 : 0.0);
            }
            corners[sr][c] = 1;
        }
        double[][] cornersOut = NumpyLinalg.matmul(NumpyLinalg.solve(out, in), corners);
        double[][] world = NumpyLinalg.matmul(in, corners);
        long[] shape = new long[sr];
        for (int i = 0; i < sr; i++) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < n; c++) {
                double v = cornersOut[i][c] / cornersOut[sr][c];
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            shape[i] = (long) Math.rint(scaleExtent ? hi - lo : hi - lo + 1.0);
        }
        double[] offset = null;
        for (int c = 0; c < n && offset == null; c++) {
            boolean min = true;
            for (int i = 0; i < sr && min; i++) {
                double m = Double.POSITIVE_INFINITY;
                for (int c2 = 0; c2 < n; c2++) m = Math.min(m, cornersOut[i][c2] - cornersOut[i][c]);
                min = Math.abs(m) <= 1e-8;   // np.allclose(min_corner, 0, rtol=AFFINE_TOL): atol 1e-8 against 0
            }
            if (min) {
                offset = new double[sr];
                for (int i = 0; i < sr; i++) offset[i] = world[i][c];
            }
        }
        if (offset == null) {
            offset = new double[sr];
            for (int i = 0; i < sr; i++) {
                double a = 0, b = 0;   // in[:-1, :-1] @ (shape / 2) + in[:-1, -1] - out[:-1, :-1] @ (out_shape / 2)
                for (int j = 0; j < sr; j++) {
                    a = Math.fma(in[i][j], spatialShape[j] / 2.0, a);
                    b = Math.fma(out[i][j], shape[j] / 2.0, b);
                }
                offset[i] = a + in[i][sr] - b;
            }
        }
        if (scaleExtent) {
            double[] io = new double[sr + 1];
            for (int i = 0; i < sr; i++) io[i] = 0.5 * ((double) spatialShape[i] / shape[i] - 1.0);
            io[sr] = 1;
            for (int i = 0; i < sr; i++) {
                double v = 0;
                for (int j = 0; j <= sr; j++) v = Math.fma(in[i][j], io[j], v);
                offset[i] = Math.abs(v / io[sr]) * Math.signum(offset[i]);
            }
        }
        return new ShapeOffset(shape, offset);
    }

    /**
     * MONAI's {@code zoom_affine(affine, scale, diagonal)}: an affine with voxel sizes {@code scale} (entries not
     * positive, or missing, keep the affine's own column norms; zeros become 1) and no translation; not diagonal, the
     * orientation of {@code affine} is kept: {@code R·diag(sign(diag(Z))·|scale|)} with {@code R = M·inv(Z)}, Z the
     * upper Cholesky factor of {@code MᵀM} (M the rotation-zoom block), in numpy's arithmetic order. A rank-deficient
     * M is an IllegalArgumentException.
     */
    public static double[][] zoomAffine(double[][] affine, double[] scale, boolean diagonal) {
        int d = affine.length - 1;
        double[] s = new double[d];
        for (int c = 0; c < d; c++) {
            double norm = 0;
            for (int r = 0; r < d; r++) norm += affine[r][c] * affine[r][c];
            s[c] = c < scale.length && scale[c] > 0 ? scale[c] : Math.sqrt(norm);
            if (s[c] == 0) s[c] = 1;
        }
        double[][] out = AffineMath.identity(d + 1);
        if (diagonal) {
            for (int i = 0; i < d; i++) out[i][i] = s[i];
            return out;
        }
        double[][] rzs = new double[d][], rzsT = new double[d][d];
        for (int i = 0; i < d; i++) rzs[i] = Arrays.copyOf(affine[i], d);
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) rzsT[i][j] = rzs[j][i];
        double[][] l = NumpyLinalg.cholesky(NumpyLinalg.matmul(rzsT, rzs));
        double[][] zs = new double[d][d];            // zs = Lᵀ (upper triangular)
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) zs[i][j] = l[j][i];
        double[][] rotation = NumpyLinalg.matmul(rzs, NumpyLinalg.invUpper(zs));
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) out[i][j] = rotation[i][j] * (Math.signum(zs[j][j]) * Math.abs(s[j]));
        return out;
    }
}
