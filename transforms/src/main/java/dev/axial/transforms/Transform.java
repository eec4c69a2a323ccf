package dev.axial.transforms;

import dev.axial.tensor.RandomState;

/**
 * A transform, as MONAI's {@code Transform.__call__}: data in, data out. The data is a {@link dev.axial.tensor.MetaTensor}
 * (array transforms), a {@code Map<String, Object>} (dictionary transforms, MONAI's {@code ...d} classes) or a
 * {@code List} of those (what a transform with num_samples returns).
 *
 * <p>Transforms behave like tensor ops: they never free or change their input; their outputs belong to the
 * current {@link dev.axial.tensor.Scope} and may be views that share the input's storage. Run a pipeline inside
 * a scope and keep (or release) what must outlive it.
 *
 * <p>Randomness: {@link #apply(Object, RandomState)} draws from the given generator (thread-safe: the loader
 * gives each item its own); {@link #apply(Object)} draws from the transform's own generator, as MONAI's
 * {@code self.R} (not thread-safe). A transform draws in MONAI's order, so one seeded like MONAI's draws the
 * same parameters.
 *
 * <pre>{@code
 * Transform t = new Compose(new ScaleIntensityd("image"), new RandFlipd("image").prob(0.5)).setRandomState(0);
 * try (Scope s = Scope.open()) {
 *     Map<String, Object> out = (Map<String, Object>) t.apply(item);
 * }
 * }</pre>
 */
public interface Transform {
    /** Transforms {@code data}, drawing any random parameters from {@code rs}. */
    Object apply(Object data, RandomState rs);

    /** Transforms {@code data} with the transform's own generator. */
    Object apply(Object data);

    /** Seeds the transform's own generator (MONAI's set_random_state(seed)); returns this. */
    Transform setRandomState(long seed);

    /** Uses {@code state} as the transform's own generator (MONAI's set_random_state(state=...)); returns this. */
    Transform setRandomState(RandomState state);

    /** Whether the transform draws random numbers (MONAI's Randomizable); Compose seeds only these. */
    default boolean isRandom() { return false; }

    /** The transform's name in errors and in applied operations: MONAI's class name. */
    default String name() { return getClass().getSimpleName(); }
}
