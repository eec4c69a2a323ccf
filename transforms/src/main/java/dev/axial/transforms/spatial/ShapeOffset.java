package dev.axial.transforms.spatial;

import dev.axial.tensor.AffineMath;

/**
 * MONAI's {@code compute_shape_offset(spatial_shape, in_affine, out_affine, scale_extent)}: the output shape that
 * holds the input's corners (voxel centres, or voxel edges with scale_extent) in the output grid, and the world
 * position of the output's first voxel (the input's minimum corner when there is one, else centre aligned).
 */
record ShapeOffset(long[] shape, double[] offset) {
    static ShapeOffset compute(String who, long[] spatialShape, double[][] inAffine, double[][] outAffine, boolean scaleExtent) {
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
        // numpy's order: solve(out, in) (for a diagonal out affine, in's rows times 1/out[i][i] as inverse(out) @ in
        // gives), then the corners through numpy's matmul, which accumulates with fused multiply-adds: at an exact .5
        // extent (a rounding tie) the last bit decides the output shape
        double[][] toOut = AffineMath.matmul(Spatial.inverse(who, out), in);
        double[][] cornersOut = fmaMatmul(toOut, corners);
        double[][] world = fmaMatmul(in, corners);
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
                for (int j = 0; j <= sr; j++) v += in[i][j] * io[j];
                offset[i] = Math.abs(v / io[sr]) * Math.signum(offset[i]);
            }
        }
        return new ShapeOffset(shape, offset);
    }

    /** {@code a @ b} as numpy's float64 matmul computes it: each entry a chain of fused multiply-adds in k order. */
    static double[][] fmaMatmul(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++)
            for (int j = 0; j < b[0].length; j++) {
                double s = 0;
                for (int k = 0; k < b.length; k++) s = Math.fma(a[i][k], b[k][j], s);
                c[i][j] = s;
            }
        return c;
    }
}
