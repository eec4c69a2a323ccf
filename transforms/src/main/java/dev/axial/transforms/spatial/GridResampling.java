package dev.axial.transforms.spatial;

import dev.axial.tensor.AffineMath;
import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.imaging.GridSampleOptions;
import dev.axial.tensor.imaging.GridSampling;
import dev.axial.transforms.TransformException;

import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * What the grid-based spatial transforms share: MONAI's matrix builders (transforms/utils.py create_rotate,
 * create_shear, create_scale, create_translate), its centred grid (create_grid), the two ways MONAI turns a grid
 * into grid_sample's normalised coordinates (Resample's "reverse and scale by 2/d" for centred grids, and
 * AffineTransform's voxel-to-voxel maps for Rotate), and the sibling generators of MONAI's nested randomizable
 * objects.
 */
final class GridResampling {
    private GridResampling() {}

    // ---- MONAI's matrices (double precision; MONAI builds them in float32 torch, differences ~1e-7) ---------------

    /** create_rotate: 2-D one angle; 3-D Rx(a0)·Ry(a1)·Rz(a2) for as many angles as given. */
    static double[][] rotate(int dims, double[] radians) {
        if (radians == null || radians.length == 0) throw new IllegalArgumentException("create_rotate: radians must be non empty");
        if (dims == 2) {
            double s = Math.sin(radians[0]), c = Math.cos(radians[0]);
            return new double[][]{{c, -s, 0}, {s, c, 0}, {0, 0, 1}};
        }
        double[][] a;
        double s = Math.sin(radians[0]), c = Math.cos(radians[0]);
        a = new double[][]{{1, 0, 0, 0}, {0, c, -s, 0}, {0, s, c, 0}, {0, 0, 0, 1}};
        if (radians.length >= 2) {
            s = Math.sin(radians[1]);
            c = Math.cos(radians[1]);
            a = AffineMath.matmul(a, new double[][]{{c, 0, s, 0}, {0, 1, 0, 0}, {-s, 0, c, 0}, {0, 0, 0, 1}});
        }
        if (radians.length >= 3) {
            s = Math.sin(radians[2]);
            c = Math.cos(radians[2]);
            a = AffineMath.matmul(a, new double[][]{{c, -s, 0, 0}, {s, c, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}});
        }
        return a;
    }

    /** create_shear: 2-D (c0, c1) at [0][1], [1][0]; 3-D six coefficients row by row off the diagonal; missing ones 0. */
    static double[][] shear(int dims, double[] coefs) {
        double[][] a = AffineMath.identity(dims + 1);
        int k = 0;
        for (int i = 0; i < dims; i++)
            for (int j = 0; j < dims; j++)
                if (i != j) {
                    a[i][j] = k < coefs.length ? coefs[k] : 0;
                    k++;
                }
        return a;
    }

    /** create_scale: diag(f..., 1), missing factors 1. */
    static double[][] scale(int dims, double[] f) {
        double[][] a = AffineMath.identity(dims + 1);
        for (int i = 0; i < dims; i++) a[i][i] = i < f.length ? f[i] : 1;
        return a;
    }

    /** create_translate: the first {@code dims} shifts. */
    static double[][] translate(int dims, double[] t) {
        double[][] a = AffineMath.identity(dims + 1);
        for (int i = 0; i < Math.min(dims, t.length); i++) a[i][dims] = t[i];
        return a;
    }

    /** M = Rot·Shear·Trans·Scale (AffineGrid's order), each factor only when its parameters are given. */
    static double[][] compose(int dims, double[] rotate, double[] shear, double[] translate, double[] scale) {
        double[][] m = AffineMath.identity(dims + 1);
        if (rotate != null && rotate.length > 0) m = AffineMath.matmul(m, rotate(dims, rotate));
        if (shear != null && shear.length > 0) m = AffineMath.matmul(m, shear(dims, shear));
        if (translate != null && translate.length > 0) m = AffineMath.matmul(m, translate(dims, translate));
        if (scale != null && scale.length > 0) m = AffineMath.matmul(m, scale(dims, scale));
        return m;
    }

    /** Affine.compute_w_affine: translate((in-1)/2) · M · translate(-(out-1)/2), the map of output to input voxels. */
    static double[][] voxelMap(double[][] m, long[] inSize, long[] outSize) {
        int r = m.length - 1;
        double[] s1 = new double[r], s2 = new double[r];
        for (int i = 0; i < r; i++) {
            s1[i] = (inSize[i] - 1) / 2.0;
            s2[i] = -(outSize[i] - 1) / 2.0;
        }
        return AffineMath.matmul(AffineMath.matmul(translate(r, s1), m), translate(r, s2));
    }

    // ---- grids ---------------------------------------------------------------------------------------------

    /**
     * create_grid(size): homogeneous centred coordinates, (k+1) rows of numel(size) points in C order; row i runs
     * over [-(d_i-1)/2, (d_i-1)/2], the last row is ones.
     */
    static double[][] centredGrid(long[] size) {
        int k = size.length;
        int n = Math.toIntExact(numel(size));
        double[][] g = new double[k + 1][n];
        long[] idx = new long[k];
        for (int p = 0; p < n; p++) {
            for (int i = 0; i < k; i++) g[i][p] = idx[i] - (size[i] - 1) / 2.0;
            g[k][p] = 1;
            for (int i = k - 1; i >= 0 && ++idx[i] == size[i]; i--) idx[i] = 0;
        }
        return g;
    }

    /** {@code m @ grid} for a homogeneous grid of (k+1) rows. */
    static double[][] transform(double[][] m, double[][] grid) {
        int rows = m.length, k = grid.length, n = grid[0].length;
        double[][] out = new double[rows][n];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < k; j++) {
                double a = m[i][j];
                if (a == 0) continue;
                double[] src = grid[j], dst = out[i];
                for (int p = 0; p < n; p++) dst[p] += a * src[p];
            }
        return out;
    }

    /** A (rows, size...) float32 tensor of a grid (MONAI's grid layout). */
    static Tensor gridTensor(double[][] grid, long[] size) {
        int rows = grid.length, n = grid[0].length;
        float[] f = new float[rows * n];
        for (int i = 0; i < rows; i++)
            for (int p = 0; p < n; p++) f[i * n + p] = (float) grid[i][p];
        long[] shape = new long[size.length + 1];
        shape[0] = rows;
        System.arraycopy(size, 0, shape, 1, size.length);
        return Tensor.of(f, shape);
    }

    /** The rows of a (rows, size...) grid tensor. */
    static double[][] gridRows(Tensor grid) {
        double[] v = grid.to(DType.FLOAT64).toDoubleArray();
        int rows = (int) grid.shape()[0], n = v.length / rows;
        double[][] g = new double[rows][];
        for (int i = 0; i < rows; i++) g[i] = Arrays.copyOfRange(v, i * n, (i + 1) * n);
        return g;
    }

    // ---- sampling ------------------------------------------------------------------------------------------

    /** Interpolation: MONAI's string modes, or a spline order (only 0 and 1; see {@link Resample}). */
    record Mode(String name, int order) {
        static Mode of(String name) {
            String m = name.toLowerCase(Locale.ROOT);
            if (!m.equals("bilinear") && !m.equals("nearest"))
                throw new IllegalArgumentException("mode must be bilinear, nearest or a spline order 0 or 1, got '" + name + "'");
            return new Mode(m, -1);
        }

        static Mode order(int order) {
            if (order != 0 && order != 1)
                throw new IllegalArgumentException("spline order " + order + " is not supported (orders 0 and 1 are; MONAI's 2-5 use scipy)");
            return new Mode(null, order);
        }

        boolean isSpline() { return order >= 0; }

        Object monaiValue() { return isSpline() ? (Object) order : name; }

        @Override public String toString() { return isSpline() ? String.valueOf(order) : name; }
    }

    static Mode modeOf(Object v) { return v instanceof Integer i ? Mode.order(i) : Mode.of((String) v); }

    static String padding(String p) {
        String s = p.toLowerCase(Locale.ROOT);
        if (!s.equals("zeros") && !s.equals("border") && !s.equals("reflection") && !s.equals("nearest") && !s.equals("grid-constant"))
            throw new IllegalArgumentException("padding_mode must be zeros, border or reflection (or, with a spline order, nearest or grid-constant), got '" + p + "'");
        return s;
    }

    /**
     * MONAI's Resample (torch path, norm_coords): {@code coords} holds centred input coordinates (rows 0..k-1 used)
     * of every output point; grid_sample gets them reversed (x = last spatial dim) and scaled by 2/max(2, d).
     * A spline order samples voxel coordinates (coords + (d-1)/2) as scipy's map_coordinates would, with
     * align_corners true; its padding must be border/nearest or grid-constant/zeros-like.
     */
    static Tensor sampleCentred(Tensor img, double[][] coords, long[] outSize, Mode mode, String padding, boolean alignCorners, String who) {
        return sampleCentred(img, coords, outSize, mode, padding, alignCorners, DType.FLOAT32, who);
    }

    /** The same, computing in {@code dtype} (MONAI's Resample dtype: float64 by default, float32 in Affine); the output is float32. */
    static Tensor sampleCentred(Tensor img, double[][] coords, long[] outSize, Mode mode, String padding, boolean alignCorners, DType dtype, String who) {
        long[] in = spatial(img.shape());
        int k = in.length;
        int n = coords[0].length;
        double[] g = new double[n * k];
        if (!mode.isSpline()) {
            for (int j = 0; j < k; j++) {
                int dim = k - 1 - j;
                double f = 2.0 / Math.max(2, in[dim]);
                double[] c = coords[dim];
                for (int p = 0; p < n; p++) g[p * k + j] = c[p] * f;
            }
            return sample(img, g, outSize, new GridSampleOptions(mode.name(), torchPadding(padding, who), alignCorners), dtype);
        }
        for (int j = 0; j < k; j++) {
            int dim = k - 1 - j;
            long d = Math.max(2, in[dim]);
            double t = (d - 1) / 2.0, sc = alignCorners ? (d - 1.0) / d : 1.0;
            double[] c = coords[dim];
            // voxel coordinate v, then grid_sample's align_corners normalisation 2v/(d-1) - 1
            for (int p = 0; p < n; p++) g[p * k + j] = 2 * (sc * c[p] + t) / (d - 1) - 1;
        }
        String pad = switch (padding) {
            case "border", "nearest" -> "border";
            case "grid-constant" -> "zeros";
            default -> throw new TransformException(who + ": padding_mode '" + padding + "' is not supported with spline order "
                    + mode.order() + " (use border/nearest or grid-constant)");
        };
        return sample(img, g, outSize, new GridSampleOptions(mode.order() == 0 ? "nearest" : "bilinear", pad, true), dtype);
    }

    /**
     * MONAI's AffineTransform(normalized=False, reverse_indexing=True): {@code voxelMap} maps output voxel indices to
     * input voxel indices; each input index is normalised as grid_sample reads it under {@code alignCorners}.
     */
    static Tensor sampleVoxelMap(Tensor img, double[][] voxelMap, long[] outSize, Mode mode, String padding, boolean alignCorners, String who) {
        long[] in = spatial(img.shape());
        int k = in.length;
        double[][] idx = centredGrid(outSize);
        for (int i = 0; i < k; i++) {
            double sh = (outSize[i] - 1) / 2.0;
            for (int p = 0; p < idx[i].length; p++) idx[i][p] += sh;
        }
        double[][] src = transform(voxelMap, idx);
        int n = idx[0].length;
        double[] g = new double[n * k];
        for (int j = 0; j < k; j++) {
            int dim = k - 1 - j;
            double d = in[dim];
            double[] v = src[dim];
            for (int p = 0; p < n; p++)
                g[p * k + j] = alignCorners ? 2 * v[p] / (Math.max(d, 2) - 1) - 1 : (2 * v[p] + 1) / d - 1;
        }
        String m = mode.isSpline() ? (mode.order() == 0 ? "nearest" : "bilinear") : mode.name();
        return sample(img, g, outSize, new GridSampleOptions(m, torchPadding(padding, who), alignCorners), DType.FLOAT32);
    }

    private static String torchPadding(String padding, String who) {
        return switch (padding) {
            case "zeros", "border", "reflection" -> padding;
            default -> throw new TransformException(who + ": padding_mode '" + padding + "' needs a spline order mode");
        };
    }

    private static Tensor sample(Tensor img, double[] grid, long[] outSize, GridSampleOptions opts, DType dtype) {
        int k = outSize.length;
        long[] gs = new long[k + 2];
        gs[0] = 1;
        System.arraycopy(outSize, 0, gs, 1, k);
        gs[k + 1] = k;
        try (Scope s = Scope.open()) {
            Tensor x = img.dtype() == dtype ? img : img.to(dtype);
            Tensor g;
            if (dtype == DType.FLOAT64) g = Tensor.of(grid, gs);
            else {
                // NOTE: the grid is rounded to float32 once, as MONAI's float32 grids are
                float[] f = new float[grid.length];
                for (int i = 0; i < f.length; i++) f[i] = (float) grid[i];
                g = Tensor.of(f, gs);
            }
            if (!g.device().equals(x.device())) g = g.to(x.device());   // NOTE: grids are built on the host
            Tensor out = GridSampling.gridSample(x.unsqueeze(0), g, opts).squeeze(0);
            return s.keep((out.dtype() == DType.FLOAT32 ? out : out.to(DType.FLOAT32)).contiguous());
        }
    }

    // ---- checks and sizes ----------------------------------------------------------------------------------

    static long[] spatial(long[] shape) { return Arrays.copyOfRange(shape, 1, shape.length); }

    static long numel(long[] s) {
        long n = 1;
        for (long d : s) n *= d;
        return n;
    }

    /** The image must be channel-first with 2 or 3 spatial dims, of a floating or integer dtype. */
    static int checkImage(String who, MetaTensor img) {
        long[] s = img.shape();
        if (s.length != 3 && s.length != 4)
            throw new TransformException(who + ": needs a channel-first image with 2 or 3 spatial dims (C, H, W[, D]), got shape "
                    + Arrays.toString(s));
        for (long d : s)
            if (d <= 0) throw new TransformException(who + ": the image has an empty dim, shape " + Arrays.toString(s));
        return s.length - 1;
    }

    /** MONAI's fall_back_tuple: a missing or non-positive entry keeps the image's size; one value is repeated. */
    static long[] fallBack(long[] user, long[] img, String who) {
        if (user == null || user.length == 0) return img.clone();
        if (user.length != 1 && user.length != img.length)
            throw new TransformException(who + ": spatial_size " + Arrays.toString(user) + " does not fit an image of spatial size " + Arrays.toString(img));
        long[] out = new long[img.length];
        for (int i = 0; i < img.length; i++) {
            long u = user.length == 1 ? user[0] : user[i];
            out[i] = u > 0 ? u : img[i];
        }
        return out;
    }

    static double[][] invert(double[][] m, String who) {
        try {
            return AffineMath.inverse(m);
        } catch (IllegalArgumentException e) {
            throw new TransformException(who + ": the affine matrix is singular: " + Arrays.deepToString(m), e);
        }
    }

    /** Per-key values of a dictionary transform: one value for all keys, or one per key. */
    static <T> T perKey(T[] values, int i) { return values.length == 1 ? values[0] : values[i]; }

    static void checkPerKey(String who, int keys, Object[] values, String what) {
        if (values.length == 0 || (values.length != 1 && values.length != keys))
            throw new IllegalArgumentException(who + ": " + what + " takes one value or one per key (" + keys + "), got " + values.length);
    }

    static Mode[] modes(String who, int keys, String... m) {
        checkPerKey(who, keys, m, "mode");
        Mode[] out = new Mode[m.length];
        for (int i = 0; i < m.length; i++) out[i] = Mode.of(m[i]);
        return out;
    }

    static String[] paddings(String who, int keys, String... p) {
        checkPerKey(who, keys, p, "padding_mode");
        String[] out = new String[p.length];
        for (int i = 0; i < p.length; i++) out[i] = padding(p[i]);
        return out;
    }

    /** A random transform's record when it did not act: the image cast to float32, doTransform false. */
    static MetaTensor notTransformed(dev.axial.transforms.Transform who, MetaTensor img, Map<String, Object> extra) {
        MetaTensor out = img.withArray(img.array().to(DType.FLOAT32));
        dev.axial.transforms.AppliedOperations.push(out, who, spatial(img.shape()), extra, false);
        return out;
    }

    // ---- MONAI's nested generators ---------------------------------------------------------------------------

    /**
     * MONAI's nested randomizable objects (RandAffine's RandAffineGrid, RandAffined's RandAffine, ...) each own a
     * RandomState; set_random_state(seed) seeds them all with the same seed, so each replays the same stream. For a
     * generator {@code rs}, the siblings are copies of {@code rs} taken the first time it is seen (when it is fresh,
     * exactly MONAI's seeding), kept as long as {@code rs} lives.
     */
    static final class Siblings {
        private final Map<RandomState, RandomState[]> map = Collections.synchronizedMap(new WeakHashMap<>());
        private final int count;

        Siblings(int count) { this.count = count; }

        /** {@code rs}'s siblings (count of them). */
        RandomState[] of(RandomState rs) {
            return map.computeIfAbsent(rs, r -> {
                RandomState[] s = new RandomState[count];
                for (int i = 0; i < count; i++) s[i] = r.copy();
                return s;
            });
        }
    }

    /** The parameters of a range spec: f -> U(-f, f), (a, b) -> U(a, b), plus {@code add} (RandAffineGrid._get_rand_param). */
    static double[] draw(RandomState rs, double[][] ranges, double add) {
        if (ranges == null) return new double[0];
        double[] out = new double[ranges.length];
        for (int i = 0; i < ranges.length; i++) {
            double[] f = ranges[i];
            out[i] = (f.length == 2 ? rs.uniform(f[0], f[1]) : rs.uniform(-f[0], f[0])) + add;
        }
        return out;
    }

    /** Range specs as given: each entry one value f or a pair (a, b). */
    static double[][] ranges(String who, double[]... r) {
        for (double[] f : r)
            if (f == null || (f.length != 1 && f.length != 2))
                throw new IllegalArgumentException(who + ": each range is one value f (U(-f, f)) or a pair (a, b), got " + Arrays.toString(f));
        return r.clone();
    }

    static double[][] scalars(double... f) {
        double[][] r = new double[f.length][];
        for (int i = 0; i < f.length; i++) r[i] = new double[]{f[i]};
        return r;
    }
}
