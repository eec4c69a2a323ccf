package dev.axial.transforms.lazy;

/**
 * MONAI's {@code LazyTransform} (and {@code LazyTrait}): a spatial transform that can, instead of resampling, record
 * what it would do as a pending operation on the image ({@link Lazy#push}); consecutive pending operations are then
 * fused into one resampling by {@link Lazy#applyPending}. Whether a call runs lazily is {@link Lazy#isLazy}: the
 * enclosing {@link dev.axial.transforms.Compose}'s {@code lazy(true/false)} when it set one, else {@link #lazy()}.
 *
 * <pre>{@code
 * MetaTensor p = new Flip(0).lazy(true).apply(img);   // p.array() is img's; p.pendingOperations() has one entry
 * MetaTensor out = Lazy.applyPending(p, null);         // the flip done (exactly: no interpolation)
 * }</pre>
 */
public interface LazyTransform {
    /** The transform's own lazy flag (MONAI's {@code lazy}, default false). */
    boolean lazy();

    /** Sets the transform's own lazy flag; returns this. */
    LazyTransform lazy(boolean lazy);

    /**
     * MONAI's {@code requires_current_data}: true when the transform must see the image with its pending operations
     * applied (e.g. a crop that looks at the values); a Compose then applies them first even in lazy mode.
     */
    default boolean requiresCurrentData() { return false; }
}
