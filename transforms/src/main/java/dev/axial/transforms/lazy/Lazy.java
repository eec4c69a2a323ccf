package dev.axial.transforms.lazy;

import dev.axial.tensor.AffineMath;
import dev.axial.tensor.MetaTensor;
import dev.axial.transforms.AppliedOperations;
import dev.axial.transforms.Transform;
import dev.axial.transforms.TransformException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * MONAI's lazy resampling ({@code monai.transforms.lazy}): pending operations and their fused application.
 *
 * <p>A {@link LazyTransform} running lazily does not touch the array: it appends a pending operation to the image
 * ({@link #push}: the applied-operation record it would have written, with {@link LazyAttr#SHAPE} the output spatial
 * shape and {@link LazyAttr#AFFINE} the voxel map from output to input indices). The image's affine stays; the
 * geometry the next transform must see is {@link #peekPendingShape} and {@link #peekPendingAffine}.
 * {@link #applyPending} multiplies the pending maps into one and resamples once ({@link FusedResample}: flips,
 * permutations and integer shifts without interpolation, anything else by one grid sample), sets the affine to
 * {@code affine @ map} and moves the records to the applied operations, so each transform's inverse works on the
 * result as on an eagerly transformed image.
 *
 * <pre>{@code
 * var c = new Compose(new Orientationd("image").axcodes("RAS"), new Spacingd(new double[]{1.5, 1.5, 2}, "image"),
 *         new SpatialPadd(List.of("image"), 96, 96, 64)).lazy(true);    // one resampling, not three steps
 * }</pre>
 */
public final class Lazy {
    private Lazy() {}

    /** The lazy flag an enclosing Compose sets for its members (MONAI passes it as {@code transform(data, lazy=...)}). */
    private static final ScopedValue<Boolean> COMPOSE_LAZY = ScopedValue.newInstance();

    /** Whether a transform with its own flag {@code own} runs lazily now: the enclosing Compose's flag when set, else its own. */
    public static boolean isLazy(boolean own) { return COMPOSE_LAZY.isBound() ? COMPOSE_LAZY.get() : own; }

    /**
     * Runs {@code body} with the members' lazy flag set to {@code lazy}; null (MONAI's lazy=None) leaves each member
     * its own flag, unless an enclosing Compose set one (MONAI passes the outer Compose's flag to the inner one).
     */
    public static <T> T with(Boolean lazy, Supplier<T> body) {
        return lazy == null ? body.get() : ScopedValue.where(COMPOSE_LAZY, lazy).call(body::get);
    }

    /** A Compose's flag {@code own} resolved against an enclosing Compose's: {@code own}, or the enclosing one's when {@code own} is null. */
    public static Boolean resolve(Boolean own) { return own != null ? own : COMPOSE_LAZY.isBound() ? COMPOSE_LAZY.get() : null; }

    /** The transform's effective lazy flag for a Compose with {@code composeLazy} (MONAI: {@code transform.lazy if lazy is None else lazy}). */
    public static boolean effective(Transform t, Boolean composeLazy) {
        return t instanceof LazyTransform lt && !lt.requiresCurrentData() && (composeLazy == null ? lt.lazy() : composeLazy);
    }

    /** MONAI's {@code peek_pending_shape}: the spatial shape once the pending operations are applied. */
    public static long[] peekPendingShape(MetaTensor img) {
        List<Map<String, Object>> p = img.pendingOperations();
        if (!p.isEmpty() && p.getLast().get(LazyAttr.SHAPE) instanceof long[] s) return s.clone();
        long[] shape = img.shape();
        return Arrays.copyOfRange(shape, Math.min(1, shape.length), shape.length);
    }

    /** MONAI's {@code peek_pending_affine}: the affine once the pending operations are applied. */
    public static double[][] peekPendingAffine(MetaTensor img) {
        double[][] a = img.affine();
        for (Map<String, Object> p : img.pendingOperations())
            if (p.get(LazyAttr.AFFINE) instanceof double[][] m) a = AffineMath.compose(a, m);
        return a;
    }

    /**
     * A MetaTensor over {@code img}'s array (shared) with one more pending operation: {@code transform}'s record
     * ({@code extraInfo} as its eager form writes it, for the inverse) with the voxel map {@code xform} (output
     * index to input index, (r+1)² for r spatial dims) and the output spatial shape. The affine is not changed.
     */
    public static MetaTensor push(MetaTensor img, Transform transform, double[][] xform, long[] outShape, Map<String, Object> extraInfo,
                                  boolean doTransform) {
        for (long s : outShape)
            if (s <= 0) throw new TransformException(transform.name() + ": the output spatial shape must be positive, got " + Arrays.toString(outShape));
        Map<String, Object> op = new LinkedHashMap<>();
        op.put(AppliedOperations.CLASS_NAME, transform.name());
        op.put(AppliedOperations.ID, System.identityHashCode(transform));
        op.put(AppliedOperations.ORIG_SIZE, peekPendingShape(img));
        op.put(AppliedOperations.EXTRA_INFO, extraInfo == null ? Map.of() : new LinkedHashMap<>(extraInfo));
        op.put(AppliedOperations.DO_TRANSFORM, doTransform);
        op.put(AppliedOperations.LAZY, true);
        op.put(LazyAttr.SHAPE, outShape.clone());
        op.put(LazyAttr.AFFINE, MetaTensor.copy(xform));
        MetaTensor out = img.withArray(img.array());
        out.pendingOperations().add(op);
        return out;
    }

    /**
     * MONAI's {@code apply_pending}: all pending operations of {@code img} fused into one resampling, with
     * {@code overrides} (null: none). The records move to the applied operations (still marked lazy); an image
     * without pending operations is returned as it is. MONAI 1.5's pending operations carry no interpolation or
     * padding mode (a transform's {@code mode} is not used lazily): give them as overrides, e.g. nearest for labels.
     */
    public static MetaTensor applyPending(MetaTensor img, Overrides overrides) {
        if (!img.hasPendingOperations()) return img;
        List<Map<String, Object>> pending = new ArrayList<>(img.pendingOperations());
        int r = AppliedOperations.spatialSize(img.shape()).length;
        double[][] xform = AffineMath.identity(r + 1);
        for (Map<String, Object> p : pending) xform = AffineMath.matmul(xform, AffineMath.toAffineNd(r, (double[][]) p.get(LazyAttr.AFFINE)));
        long[] shape = (long[]) pending.getLast().get(LazyAttr.SHAPE);
        MetaTensor base = img.withArray(img.array());
        base.pendingOperations().clear();
        MetaTensor out = FusedResample.resample(base, xform, shape, overrides == null ? Overrides.NONE : overrides);
        for (Map<String, Object> p : pending) out.appliedOperations().add(p);
        return out;
    }

    /**
     * MONAI's {@code apply_pending_transforms}: a MetaTensor, a dictionary (the entries under {@code keys}, null: all;
     * overrides per key from {@code perKey}) or a list of those, with every pending operation applied.
     */
    @SuppressWarnings("unchecked")
    public static Object applyPending(Object data, Collection<String> keys, Overrides single, Map<String, Overrides> perKey) {
        if (data instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) out.add(applyPending(o, keys, single, perKey));
            return out;
        }
        if (data instanceof MetaTensor m) return applyPending(m, single);
        if (data instanceof Map<?, ?> map) {
            Map<String, Object> d = (Map<String, Object>) map;
            Map<String, Object> out = null;
            for (Map.Entry<String, Object> e : d.entrySet()) {
                if (keys != null && !keys.contains(e.getKey())) continue;
                if (!(e.getValue() instanceof MetaTensor m) || !m.hasPendingOperations()) continue;
                if (out == null) out = new LinkedHashMap<>(d);
                out.put(e.getKey(), applyPending(m, perKey == null ? null : perKey.get(e.getKey())));
            }
            return out == null ? data : out;
        }
        return data;
    }
}
