package dev.axial.transforms.inverse;

import dev.axial.tensor.AffineMath;
import dev.axial.tensor.MetaTensor;
import dev.axial.transforms.AppliedOperations;
import dev.axial.transforms.ArrayToDict;
import dev.axial.transforms.Compose;
import dev.axial.transforms.InvertibleTransform;
import dev.axial.transforms.MapTransform;
import dev.axial.transforms.RandomComposition;
import dev.axial.transforms.Transform;
import dev.axial.transforms.TransformException;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Inversion helpers shared by {@link Invertd}, {@link BatchInverseTransform} and {@link TestTimeAugmentation}: undoing a
 * (dictionary) pipeline on the image of one key, deep copies of applied-operation stacks, and MONAI's
 * {@code convert_applied_interp_mode}.
 *
 * <pre>{@code
 * List<Map<String, Object>> ops = Inversion.convertAppliedInterpMode(Inversion.deepCopy(img.appliedOperations()), "nearest");
 * MetaTensor back = Inversion.invertKey(compose, "image", img);
 * }</pre>
 */
public final class Inversion {
    /** MONAI's interpolation mode names (InterpolateMode and GridSampleMode) that convert_applied_interp_mode replaces. */
    /** extra_info entry set by {@link #convertAppliedInterpMode} on Affine records: corrects the inverted affine. */
    static final String AFFINE_FIX = "axial_inverse_affine_fix";

    static final Set<String> INTERP_MODES = Set.of("nearest", "nearest-exact", "linear", "bilinear", "bicubic", "trilinear", "area");

    private Inversion() {}

    /**
     * Undoes {@code transform} on {@code img}, the image under {@code key}, as MONAI's {@code transform.inverse({key: img})}
     * with missing keys allowed: the invertible members are undone in reverse order, skipping dictionary members whose
     * keys do not include {@code key}; a random composition (OneOf, SomeOf, RandomOrder) is undone when its record is
     * the last one. A {@link Compose} is first flattened into a new Compose, as MONAI's Compose.inverse does
     * ({@code self.flatten()}); that new Compose's constructor reseeds the shared random members when
     * {@link dev.axial.transforms.Determinism} is set, exactly as MONAI's {@code Compose.__init__} does with
     * {@code set_random_state(get_seed())} (without set_determinism MONAI reseeds them from an unseeded generator,
     * which cannot be reproduced; here they are then left as they are).
     */
    public static MetaTensor invertKey(Transform transform, String key, MetaTensor img) {
        if (transform instanceof RandomComposition rc) {
            List<Map<String, Object>> ops = img.appliedOperations();
            boolean applied = !ops.isEmpty() && rc.name().equals(ops.getLast().get(AppliedOperations.CLASS_NAME));
            return applied ? rc.inverse(img) : img;
        }
        if (transform instanceof Compose c) {
            List<Transform> ts = flatten(c).transforms();
            MetaTensor out = img;
            for (int i = ts.size() - 1; i >= 0; i--) out = invertKey(ts.get(i), key, out);
            return out;
        }
        if (transform instanceof MapTransform m && !m.keys().contains(key)) return img;
        InvertibleTransform inv = transform instanceof InvertibleTransform i ? i
                : transform instanceof ArrayToDict<?> a && a.transform() instanceof InvertibleTransform i ? i : null;
        if (inv == null) return img;
        List<Map<String, Object>> ops = img.appliedOperations();
        Object fix = ops.isEmpty() || !(ops.getLast().get(AppliedOperations.EXTRA_INFO) instanceof Map<?, ?> ex) ? null : ex.get(AFFINE_FIX);
        MetaTensor out = inv.inverse(img);
        if (fix instanceof double[][] f) {
            double[][] a = out.affine();
            out.setAffine(AffineMath.matmul(a, AffineMath.toAffineNd(a.length - 1, f)));
        }
        return out;
    }

    /** MONAI's Compose.flatten(): nested plain Compose members spliced in, as a new Compose (whose constructor may reseed). */
    static Compose flatten(Compose c) {
        List<Transform> out = new ArrayList<>();
        for (Transform t : c.transforms()) {
            if (t.getClass() == Compose.class) out.addAll(flatten((Compose) t).transforms());
            else out.add(t);
        }
        return new Compose(out);
    }

    /** Whether some invertible member of {@code transform} applies to {@code key}. */
    static boolean touches(Transform transform, String key) {
        if (transform instanceof RandomComposition) return true;
        if (transform instanceof Compose c) {
            for (Transform t : c.transforms()) if (touches(t, key)) return true;
            return false;
        }
        if (transform instanceof MapTransform m && !m.keys().contains(key)) return false;
        return transform instanceof InvertibleTransform
                || transform instanceof ArrayToDict<?> a && a.transform() instanceof InvertibleTransform;
    }

    /** A deep copy of an applied-operation stack: maps and lists copied, arrays cloned (MONAI's deepcopy). */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> deepCopy(List<Map<String, Object>> ops) {
        List<Map<String, Object>> out = new ArrayList<>(ops.size());
        for (Map<String, Object> op : ops) out.add((Map<String, Object>) copyValue(op));
        return out;
    }

    /** A deep copy of a metadata map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> deepCopyMap(Map<String, Object> m) { return (Map<String, Object>) copyValue(m); }

    static Object copyValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> c = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) c.put(e.getKey(), copyValue(e.getValue()));
            return c;
        }
        if (v instanceof List<?> l) {
            List<Object> c = new ArrayList<>(l.size());
            for (Object o : l) c.add(copyValue(o));
            return c;
        }
        if (v != null && v.getClass().isArray()) {
            int n = Array.getLength(v);
            Object c = Array.newInstance(v.getClass().getComponentType(), n);
            for (int i = 0; i < n; i++) Array.set(c, i, copyValue(Array.get(v, i)));
            return c;
        }
        return v;
    }

    /**
     * MONAI's {@code convert_applied_interp_mode(trans_info, mode, align_corners=None)} on a (copied) stack: every
     * record's interpolation {@code mode} becomes {@code mode} and its {@code align_corners} becomes what MONAI's
     * inverse does with {@code TraceKeys.NONE}: false for SpatialResample/Spacing/Rotate, null (torch's default) for
     * Resize/Zoom; RandAffine's inverse ignores the record and uses false. For Affine MONAI's inverse then builds the grid with align_corners semantics
     * ({@code "none"} is truthy in AffineGrid: coordinates scaled by d/(d-1) of the output size) but samples with
     * grid_sample's default (false); this is reproduced by recording the forward affine as {@code S^-1 F}
     * (S = diag(d/(d-1))) with align_corners false, so values match MONAI's, and the inverted affine is corrected afterwards (in
     * {@link #invertKey}) to MONAI's {@code F^-1}-based one.
     * The records in {@code ops} are changed in place; returns {@code ops}.
     */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> convertAppliedInterpMode(List<Map<String, Object>> ops, String mode) {
        for (Map<String, Object> op : ops) convertRecord(op, String.valueOf(op.get(AppliedOperations.CLASS_NAME)), (long[]) op.get(AppliedOperations.ORIG_SIZE), mode);
        return ops;
    }

    @SuppressWarnings("unchecked")
    private static void convertRecord(Map<String, Object> m, String className, long[] origSize, String mode) {
        boolean hasMode = m.containsKey("mode"), hasAlign = m.containsKey("align_corners");
        if (hasMode) {
            Object cur = m.get("mode");
            if (cur instanceof Integer || (cur instanceof String s && INTERP_MODES.contains(s))) m.put("mode", mode);
        }
        if (hasAlign) {
            if ((className.equals("Affine") || className.equals("Affined")) && m.get("affine") instanceof double[][] f && origSize != null) {
                double[][] sInv = inverseScale(origSize);
                m.put("affine", AffineMath.matmul(sInv, f));
                m.put("align_corners", false);
                // the inverse then updates the affine with (F^-1 S); MONAI's with F^-1: undo S in voxel space after it
                double[] c = new double[origSize.length], mc = new double[origSize.length];
                for (int i = 0; i < c.length; i++) { c[i] = (origSize[i] - 1) / 2.0; mc[i] = -c[i]; }
                m.put(AFFINE_FIX, AffineMath.matmul(AffineMath.matmul(AffineMath.translate(c), sInv), AffineMath.translate(mc)));
            } else if (className.contains("Resize") || className.contains("Zoom")) {
                m.put("align_corners", null);
            } else {
                m.put("align_corners", false);
            }
        }
        if (!hasMode && !hasAlign)
            for (Object v : m.values()) if (v instanceof Map<?, ?> sub) convertRecord((Map<String, Object>) sub, className, origSize, mode);
    }

    /** diag((d-1)/d, ..., 1) over max(d, 2) of each spatial size: S^-1 of MONAI's AffineGrid align_corners scale. */
    private static double[][] inverseScale(long[] size) {
        double[][] s = AffineMath.identity(size.length + 1);
        for (int i = 0; i < size.length; i++) {
            double d = Math.max(size[i], 2);
            s[i][i] = (d - 1) / d;
        }
        return s;
    }

    /** The value under {@code key} as a MetaTensor, or a TransformException naming {@code who} and the key. */
    static MetaTensor metaTensor(String who, Map<String, Object> d, String key) {
        Object v = d.get(key);
        if (v instanceof MetaTensor m) return m;
        if (v instanceof dev.axial.tensor.Tensor t) return MetaTensor.of(t);
        throw new TransformException(who + ": key '" + key + "' holds " + (v == null ? "null" : v.getClass().getSimpleName()) + ", not an image");
    }
}
