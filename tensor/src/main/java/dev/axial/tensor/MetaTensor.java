package dev.axial.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tensor with its world geometry and metadata, as MONAI's {@code MetaTensor}: the array (channel-first
 * once a transform such as EnsureChannelFirst has run), an affine from voxel indices to world coordinates
 * (RAS, mm; float64, 4×4 by default even for 2-D images, as MONAI's default), the metadata dictionary
 * ({@link MetaKeys}; readers add their header fields) and the list of applied operations that transforms
 * use to invert themselves.
 *
 * <p>The MetaTensor owns its array: {@link #close()} frees it. The affine lives in the metadata under
 * {@link MetaKeys#AFFINE}, as in MONAI, and {@link #affine()} hands out copies.
 *
 * <pre>{@code
 * try (MetaTensor img = new LoadImage().apply(Path.of("ct.nii.gz"))) {
 *     double[] mm = img.pixdim();          // voxel sizes from the affine's columns
 *     Tensor voxels = img.array();         // float32 by default
 * }
 * }</pre>
 */
public final class MetaTensor implements AutoCloseable {
    private final Tensor array;
    private final Map<String, Object> meta;
    private final List<Map<String, Object>> appliedOperations;
    private final List<Map<String, Object>> pendingOperations;

    /**
     * Wraps {@code array} with {@code affine} (square, at least 2×2; copied) and a copy of {@code meta}
     * (may be null). The affine argument wins over an {@code "affine"} entry in {@code meta}.
     */
    public MetaTensor(Tensor array, double[][] affine, Map<String, Object> meta) {
        this(array, affine, meta, List.of(), List.of());
    }

    private MetaTensor(Tensor array, double[][] affine, Map<String, Object> meta, List<Map<String, Object>> ops,
                       List<Map<String, Object>> pending) {
        if (array == null) throw new TensorException("MetaTensor: the array is null");
        this.array = array;
        this.meta = meta == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta);
        this.appliedOperations = new ArrayList<>(ops);
        this.pendingOperations = new ArrayList<>(pending);
        this.meta.put(MetaKeys.AFFINE, copyChecked(affine == null ? identity(4) : affine));
    }

    /** {@code array} with MONAI's default geometry: the 4×4 identity affine and no metadata. */
    public static MetaTensor of(Tensor array) { return new MetaTensor(array, identity(4), null); }

    /** The array (not a copy). MONAI: {@code img.as_tensor()}. */
    public Tensor array() { return array; }

    /** A copy of the affine. */
    public double[][] affine() { return copy((double[][]) meta.get(MetaKeys.AFFINE)); }

    /** Replaces the affine (copied; square, at least 2×2). */
    public MetaTensor setAffine(double[][] affine) {
        meta.put(MetaKeys.AFFINE, copyChecked(affine));
        return this;
    }

    /** The metadata dictionary, live (MONAI's {@code img.meta}); {@link MetaKeys#AFFINE} is a {@code double[][]}. */
    public Map<String, Object> meta() { return meta; }

    /** The applied operations, live, oldest first (MONAI's {@code img.applied_operations}). */
    public List<Map<String, Object>> appliedOperations() { return appliedOperations; }

    /**
     * The pending operations, live, oldest first (MONAI's {@code img.pending_operations}): spatial transforms run
     * lazily record here what they would do (the array and the affine stay as they are) until
     * {@code dev.axial.transforms.lazy.Lazy.applyPending} fuses them into one resampling.
     */
    public List<Map<String, Object>> pendingOperations() { return pendingOperations; }

    /** MONAI's {@code has_pending_operations}. */
    public boolean hasPendingOperations() { return !pendingOperations.isEmpty(); }

    /**
     * Voxel sizes: the norms of the affine's first {@code r} columns' top {@code r} entries, r = affine size − 1
     * (MONAI's {@code img.pixdim}).
     */
    public double[] pixdim() {
        double[][] a = (double[][]) meta.get(MetaKeys.AFFINE);
        int r = a.length - 1;
        double[] out = new double[r];
        for (int c = 0; c < r; c++) {
            double s = 0;
            for (int row = 0; row < r; row++) s += a[row][c] * a[row][c];
            out[c] = Math.sqrt(s);
        }
        return out;
    }

    /**
     * A MetaTensor over {@code newArray} with copies of this one's metadata, applied and pending operations (the
     * transforms' way to produce a result). The new MetaTensor owns {@code newArray}; this one keeps its own.
     */
    public MetaTensor withArray(Tensor newArray) {
        return new MetaTensor(newArray, (double[][]) meta.get(MetaKeys.AFFINE), meta, appliedOperations, pendingOperations);
    }

    public long[] shape() { return array.shape(); }

    public DType dtype() { return array.dtype(); }

    public Device device() { return array.device(); }

    /** Frees the array. Idempotent. */
    @Override public void close() { array.close(); }

    @Override public String toString() {
        return "MetaTensor(" + array.describe() + ", affine=" + Arrays.deepToString((double[][]) meta.get(MetaKeys.AFFINE))
                + ", meta keys=" + meta.keySet() + ")";
    }

    /** The n×n identity ({@link AffineMath#identity}). */
    public static double[][] identity(int n) { return AffineMath.identity(n); }

    /** A deep copy of a matrix. */
    public static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }

    private static double[][] copyChecked(double[][] a) {
        if (a.length < 2) throw new TensorException("MetaTensor: an affine must be at least 2×2, got " + a.length + " rows");
        for (double[] row : a)
            if (row == null || row.length != a.length)
                throw new TensorException("MetaTensor: the affine must be square, got " + Arrays.deepToString(a));
        return copy(a);
    }
}
