package dev.axial.transforms.lazy;

import dev.axial.tensor.AffineMath;
import dev.axial.tensor.MetaTensor;
import dev.axial.transforms.AppliedOperations;
import dev.axial.transforms.Compose;
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
 * <p>Lazy transforms (MONAI's LazyTransform; array and dictionary forms): Orientation, Spacing (not with
 * recompute_affine), Flip, Rotate90, Zoom, Resize, Rotate, Affine, RandAffine, ResizeWithPadOrCrop, RandFlip,
 * RandAxisFlip, RandRotate90, RandZoom, RandRotate, SpatialResample, ResampleToMatch, the crops and pads and
 * RandSpatialCropSamples (the value-driven crops, CropForeground and the label/weight samplers, see the pending
 * operations applied first: MONAI's requires_current_data). A lazy call records exactly what the eager call records
 * (so the inverse is the eager one), and a random one draws exactly as eagerly; a random transform that does not act
 * pushes an identity map with {@code do_transforms} false. Inversion never runs lazily.
 *
 * <p>Composition as MONAI's {@code execute_compose}: a Compose passes its effective flag ({@link #resolve}) to its
 * lazy members and to a nested Compose (or OneOf, SomeOf, RandomOrder), which runs lazily with it and applies the
 * pending operations at its own end with its own overrides; any other member, and {@link ApplyPending}, first sees
 * the pending operations applied ({@link ApplyPendingd}: only those of its keys).
 *
 * <pre>{@code
 * var c = new Compose(new Orientationd("image").axcodes("RAS"), new Spacingd(new double[]{1.5, 1.5, 2}, "image"),
 *         new SpatialPadd(List.of("image"), 96, 96, 64)).lazy(true);    // one resampling, not three steps
 * }</pre>
 */
public final class Lazy {
    private Lazy() {}

    /** The lazy argument MONAI's Compose passes to a member ({@code transform(data, lazy=...)}); null is MONAI's None. */
    private record Passed(Boolean lazy) {}

    /** The lazy argument of the call now running (unbound: none, as a call outside any Compose). */
    private static final ScopedValue<Passed> COMPOSE_LAZY = ScopedValue.newInstance();

    /** Whether a transform with its own flag {@code own} runs lazily now: the lazy argument it was passed when not null, else its own. */
    public static boolean isLazy(boolean own) {
        Boolean p = passed();
        return p != null ? p : own;
    }

    private static Boolean passed() { return COMPOSE_LAZY.isBound() ? COMPOSE_LAZY.get().lazy() : null; }

    /**
     * Runs {@code body} as MONAI's {@code transform(data, lazy=lazy)}: lazy transforms (and a nested Compose) in it see
     * {@code lazy}; null (MONAI's None) leaves each its own flag.
     */
    public static <T> T with(Boolean lazy, Supplier<T> body) { return ScopedValue.where(COMPOSE_LAZY, new Passed(lazy)).call(body::get); }

    /**
     * A Compose's effective flag (MONAI's {@code _lazy = self._lazy if lazy is None else lazy}): the lazy argument it was
     * passed by an enclosing Compose when not null, else its own {@code own}.
     */
    public static Boolean resolve(Boolean own) {
        Boolean p = passed();
        return p != null ? p : own;
    }

    /**
     * Whether member {@code t} of a Compose with effective flag {@code composeLazy} runs lazily, so that the pending
     * operations need not be applied before it (MONAI's apply_pending_transforms_in_order): a lazy transform that does
     * not need the current data, or a nested Compose, with {@code t.lazy if lazy is None else lazy}.
     */
    public static boolean effective(Transform t, Boolean composeLazy) {
        if (t instanceof Compose c) return composeLazy == null ? Boolean.TRUE.equals(c.lazy()) : composeLazy;
        return t instanceof LazyTransform lt && !lt.requiresCurrentData() && (composeLazy == null ? lt.lazy() : composeLazy);
    }

    /** Whether MONAI passes the lazy argument to {@code t} (a LazyTrait: a lazy transform or a Compose); others run with None. */
    public static boolean takesLazy(Transform t) { return t instanceof LazyTransform || t instanceof Compose; }

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

    /** The identity voxel map of {@code r} spatial dims (a random transform that did not act, pending). */
    public static double[][] identity(int r) { return AffineMath.identity(r + 1); }

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
