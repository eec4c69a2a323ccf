package dev.axial.transforms.croppad;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.TransformException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * MONAI's {@code GridPatch} (monai.transforms.spatial): every patch of {@code patchSize} on a row-major grid
 * (MONAI's iter_patch), stacked into one {@code (N, C, patch...)} MetaTensor with the input's affine and metadata
 * plus MONAI's patch keys: {@link #LOCATION} ({@code long[dims][N]}, each patch's start in the image),
 * {@link #COUNT} (N), {@link #SPATIAL_SHAPE} ({@code long[dims][N]}, the patch size as given) and {@link #OFFSET}.
 *
 * <p>Semantics as MONAI's: a patch size of 0 takes the whole dim and one larger than the image is clipped to it
 * (MONAI does not raise); the grid starts at {@code offset} with step {@code round(p * (1 - overlap))} (Python's
 * half-even rounding) and ends where a patch would leave the image, or, with a {@code padMode}, where a patch would
 * start past the image (the image is padded by the patch size on both sides of each patched dim, so offsets down
 * to {@code -patch} are allowed). Then {@code threshold} keeps the patches whose sum is below it,
 * {@code numPatches} keeps the first N (sortFn null), the N with the largest ("max") or smallest ("min") sums, and,
 * without a threshold, fills up to N with patches of {@code constantValues} at location 0. Sums are taken in float64
 * (MONAI sums float32 in torch's order: only near-ties can order differently); ties keep the grid order.
 *
 * <p>Not invertible (MONAI's is not). Stricter than MONAI: a patch size or offset that does not match the spatial
 * dims, a negative patch size, an overlap that makes the step 0, an offset that puts a patch outside the (padded)
 * image, and pad modes other than constant/edge/replicate/reflect/wrap/circular/symmetric throw a
 * TransformException.
 *
 * <pre>{@code
 * MetaTensor patches = new GridPatch(64, 64).overlap(0.25).padMode("constant").apply(img);
 * long[][] where = (long[][]) patches.meta().get(GridPatch.LOCATION);
 * }</pre>
 */
public class GridPatch extends ArrayTransform {
    public static final String LOCATION = "location", COUNT = "count", SPATIAL_SHAPE = "spatial_shape", OFFSET = "offset";

    protected final long[] patchSize;
    private long[] offset;
    private int numPatches;
    private double overlap;
    protected String sortFn;
    private Double threshold;
    private String padMode;
    private double constantValues;

    public GridPatch(long... patchSize) {
        if (patchSize.length == 0) throw new IllegalArgumentException(name() + ": patch_size is empty");
        for (long p : patchSize) if (p < 0) throw new IllegalArgumentException(name() + ": negative patch_size " + Arrays.toString(patchSize));
        this.patchSize = patchSize.clone();
    }

    /** MONAI's offset: the grid's first start per spatial dim (default 0). */
    public GridPatch offset(long... offset) { this.offset = offset.length == 0 ? null : offset.clone(); return this; }

    /** MONAI's num_patches (0 = no limit, the default). */
    public GridPatch numPatches(int n) {
        if (n < 0) throw new IllegalArgumentException(name() + ": negative num_patches " + n);
        this.numPatches = n;
        return this;
    }

    /** MONAI's overlap, one fraction in [0, 1) for every dim (default 0). */
    public GridPatch overlap(double overlap) { this.overlap = overlap; return this; }

    /** MONAI's sort_fn: null (grid order, default), "max" or "min". */
    public GridPatch sortFn(String sortFn) {
        String s = sortFn == null ? null : sortFn.toLowerCase(Locale.ROOT);
        if (s != null && !s.equals("max") && !s.equals("min") && !(s.equals("random") && this instanceof RandGridPatch))
            throw new IllegalArgumentException(name() + ": sort_fn should be \"min\", \"max\""
                    + (this instanceof RandGridPatch ? ", \"random\"" : "") + " or null, got " + sortFn);
        this.sortFn = s;
        return this;
    }

    /** MONAI's threshold: keep only patches whose intensity sum is below it (default: no filtering). */
    public GridPatch threshold(double threshold) { this.threshold = threshold; return this; }

    /** MONAI's pad_mode (default null: no padding). */
    public GridPatch padMode(String mode) { this.padMode = mode == null ? null : Regions.checkMode(name(), mode); return this; }

    /** MONAI's pad kwarg constant_values: the constant pad value and the value of the fill-up patches (default 0). */
    public GridPatch constantValues(double v) { this.constantValues = v; return this; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) { return extract(img, offset, rs); }

    /** The patches of {@code img} on the grid starting at {@code start} (null: 0), drawing from {@code rs} only for sortFn "random". */
    protected MetaTensor extract(MetaTensor img, long[] start, RandomState rs) {
        long[] shape = img.shape();
        if (shape.length < 2)
            throw error("needs a channel-first image (C, spatial...), got shape " + Arrays.toString(shape));
        long[] sp = Regions.spatial(img);
        int nd = sp.length;
        if (patchSize.length != nd)
            throw error("patch_size " + Arrays.toString(patchSize) + " does not match the " + nd + " spatial dims of shape " + Arrays.toString(shape));
        long[] off = start == null ? new long[nd] : start;
        if (off.length != nd)
            throw error("offset " + Arrays.toString(off) + " does not match the " + nd + " spatial dims of shape " + Arrays.toString(shape));
        boolean padded = padMode != null;
        long[] valid = new long[nd], pad = new long[nd], step = new long[nd];
        long[][] starts = new long[nd][];
        for (int d = 0; d < nd; d++) {
            boolean given = patchSize[d] != 0;
            valid[d] = given ? Math.min(sp[d], patchSize[d]) : sp[d];
            pad[d] = given && padded ? valid[d] : 0;
            step[d] = Math.round(Math.rint(valid[d] * (1.0 - (given ? overlap : 0.0))));
            if (step[d] <= 0)
                throw error("overlap " + overlap + " gives a step of " + step[d] + " for patch size " + valid[d] + ", shape " + Arrays.toString(shape));
            long lo = off[d], hi = padded ? sp[d] : sp[d] - valid[d] + 1;
            if (lo < -pad[d] || (lo < hi && lo + valid[d] > sp[d] + pad[d]))
                throw error("offset " + Arrays.toString(off) + " puts a patch of " + Arrays.toString(valid) + " outside the "
                        + (padded ? "padded " : "") + "image of shape " + Arrays.toString(shape));
            List<Long> s = new ArrayList<>();
            for (long p = lo; p < hi; p += step[d]) s.add(p);
            starts[d] = s.stream().mapToLong(Long::longValue).toArray();
        }
        try (Scope sc = Scope.open()) {
            Tensor src = padded ? Regions.padArray(img.array(), padsOf(pad), padMode, constantValues) : img.array();
            List<long[]> locations = grid(starts);
            List<Tensor> patches = new ArrayList<>(locations.size());
            for (long[] loc : locations) {
                Tensor v = src;
                for (int d = 0; d < nd; d++) v = v.slice(d + 1, loc[d] + pad[d], loc[d] + pad[d] + valid[d]);
                patches.add(v);
            }
            List<Integer> keep = select(patches, rs);
            long[] patchShape = new long[nd + 2];
            patchShape[1] = shape[0];
            System.arraycopy(valid, 0, patchShape, 2, nd);
            List<Tensor> out = new ArrayList<>();
            List<long[]> where = new ArrayList<>();
            for (int i : keep) {
                out.add(patches.get(i));
                where.add(locations.get(i));
            }
            int fill = threshold == null && numPatches > 0 ? numPatches - out.size() : 0;
            Tensor stacked;
            if (out.isEmpty()) {
                patchShape[0] = Math.max(fill, 0);
                stacked = Tensor.full(img.dtype(), img.device(), fill > 0 ? constantValues : 0, patchShape);
            } else {
                stacked = Tensor.stack(0, out.toArray(Tensor[]::new));
                if (fill > 0) {
                    patchShape[0] = fill;
                    stacked = Tensor.cat(0, stacked, Tensor.full(img.dtype(), img.device(), constantValues, patchShape));
                }
            }
            for (int i = 0; i < fill; i++) where.add(new long[nd]);
            return result(img, sc.keep(stacked.contiguous()), where, off);
        }
    }

    private static long[][] padsOf(long[] pad) {
        long[][] w = new long[pad.length][];
        for (int d = 0; d < pad.length; d++) w[d] = new long[]{pad[d], pad[d]};
        return w;
    }

    /** itertools.product of the per-dim starts, last dim fastest. */
    private static List<long[]> grid(long[][] starts) {
        List<long[]> out = new ArrayList<>();
        out.add(new long[0]);
        for (long[] s : starts) {
            List<long[]> next = new ArrayList<>(out.size() * s.length);
            for (long[] prefix : out)
                for (long v : s) {
                    long[] p = Arrays.copyOf(prefix, prefix.length + 1);
                    p[prefix.length] = v;
                    next.add(p);
                }
            out = next;
        }
        return out;
    }

    /** The indices of the kept patches in output order: MONAI's filter_threshold then filter_count. */
    private List<Integer> select(List<Tensor> patches, RandomState rs) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < patches.size(); i++) idx.add(i);
        double[] sums = null;
        if (threshold != null || (numPatches > 0 && sortFn != null && !sortFn.equals("random"))) {
            sums = new double[patches.size()];
            for (int i = 0; i < sums.length; i++) sums[i] = sum(patches.get(i));
        }
        if (threshold != null) {
            double[] s = sums;
            idx.removeIf(i -> !(s[i] < threshold));
        }
        if (numPatches > 0) {
            if ("random".equals(sortFn)) {
                long[] perm = rs.permutation(idx.size());
                List<Integer> shuffled = new ArrayList<>();
                for (long p : perm) shuffled.add(idx.get((int) p));
                idx = shuffled;
            } else if (sortFn != null) {
                double[] s = sums;
                Comparator<Integer> bySum = Comparator.comparingDouble(i -> s[i]);
                idx.sort(sortFn.equals("max") ? Comparator.<Integer>comparingDouble(i -> -s[i]) : bySum);
            }
            if (idx.size() > numPatches) idx = new ArrayList<>(idx.subList(0, numPatches));
        }
        return idx;
    }

    private static double sum(Tensor t) {
        double s = 0;
        for (double v : t.toDoubleArray()) s += v;
        return s;
    }

    private MetaTensor result(MetaTensor img, Tensor stacked, List<long[]> where, long[] off) {
        int nd = patchSize.length, n = where.size();
        long[][] location = new long[nd][n], size = new long[nd][n];
        for (int i = 0; i < n; i++)
            for (int d = 0; d < nd; d++) {
                location[d][i] = where.get(i)[d];
                size[d][i] = patchSize[d];
            }
        Map<String, Object> meta = new LinkedHashMap<>(img.meta());
        meta.put(LOCATION, location);
        meta.put(COUNT, n);
        meta.put(SPATIAL_SHAPE, size);
        meta.put(OFFSET, off.clone());
        return new MetaTensor(stacked, img.affine(), meta);
    }
}
