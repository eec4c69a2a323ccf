package dev.axial.transforms;

import dev.axial.tensor.RandomState;

import java.security.SecureRandom;
import java.util.OptionalLong;

/**
 * MONAI's {@code set_determinism}: one global seed that makes whole pipelines repeatable, across runs and across
 * thread counts. What it seeds here (and what it does not):
 * <ul>
 * <li><b>Compositions created afterwards</b> ({@link OneOf}, {@link RandomOrder}, {@link SomeOf}) are seeded with
 * it in their constructor, as MONAI's {@code Compose.__init__} calls {@code set_random_state(get_seed())}: their
 * members get MONAI's member seeds. Call {@link #seedIfSet} on any other transform (e.g. a plain
 * {@link Compose}) to do the same. Transforms that already exist are <b>not</b> reseeded (nor are they in MONAI).</li>
 * <li><b>Per-item generators</b>: {@link #itemRandomState(long)} is a generator for item {@code index} that depends
 * only on the seed and the index, never on the thread or on the order in which items run; run a pipeline with
 * {@code t.apply(item, Determinism.itemRandomState(i))} (or {@link #apply}) on any number of threads and every item
 * gets the same draws.</li>
 * <li><b>The global generator</b> {@link #globalRandomState()} (numpy's {@code np.random} after
 * {@code np.random.seed(seed)}), for code that wants one shared stream (not thread-safe: one thread).</li>
 * </ul>
 * Before {@code setDeterminism}, or after {@link #clearDeterminism()} (MONAI's {@code set_determinism(None)}), no seed
 * is set: compositions keep their defaults and item seeds come from a base drawn once from {@link SecureRandom}, so
 * runs differ. Transforms' own generators default to {@code RandomState(0)} regardless (Axial's rule).
 *
 * <pre>{@code
 * Determinism.setDeterminism(42);
 * Transform aug = new OneOf(new RandFlipd("image"), new RandRotate90d("image"));   // seeded from 42, as MONAI
 * items.parallelStream().forEach(i -> out[i] = aug.apply(data[i], Determinism.itemRandomState(i)));
 * }</pre>
 */
public final class Determinism {
    /** MONAI's default seed for set_determinism: np.iinfo(np.uint32).max. */
    public static final long DEFAULT_SEED = TransformBase.MAX_SEED - 1;

    private static volatile Long seed;
    private static volatile long unseededBase = new SecureRandom().nextLong();
    private static RandomState global = new RandomState(new SecureRandom().nextLong() & 0xFFFFFFFFL);

    private Determinism() {}

    /** MONAI's {@code set_determinism()} with its default seed 2^32 - 1. */
    public static void setDeterminism() { setDeterminism(DEFAULT_SEED); }

    /** MONAI's {@code set_determinism(seed)}: the seed (mod 2^32) for compositions created afterwards, items and the global generator. */
    public static synchronized void setDeterminism(long s) {
        long reduced = Math.floorMod(s, TransformBase.MAX_SEED);
        seed = reduced;
        global = new RandomState(reduced);
    }

    /** MONAI's {@code set_determinism(None)}: no seed; item seeds and the global generator come from fresh entropy. */
    public static synchronized void clearDeterminism() {
        seed = null;
        unseededBase = new SecureRandom().nextLong();
        global = new RandomState(new SecureRandom().nextLong() & 0xFFFFFFFFL);
    }

    /** MONAI's {@code get_seed()}: the seed set, if any. */
    public static OptionalLong getSeed() {
        Long s = seed;
        return s == null ? OptionalLong.empty() : OptionalLong.of(s);
    }

    /** Seeds {@code t} with the global seed ({@code t.setRandomState(seed)}) if one is set; returns {@code t}. */
    public static <T extends Transform> T seedIfSet(T t) {
        Long s = seed;
        if (s != null) t.setRandomState(s);
        return t;
    }

    /** The global generator (numpy's np.random); reseeded by setDeterminism. Not thread-safe. */
    public static synchronized RandomState globalRandomState() { return global; }

    /** The seed of item {@code index} (a 32-bit hash of the global seed and the index; independent of threads). */
    public static long itemSeed(long index) {
        Long s = seed;
        long z = (s == null ? unseededBase : s) * 0x9E3779B97F4A7C15L + (index + 1) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;   // SplitMix64's finaliser
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & 0xFFFFFFFFL;
    }

    /** A fresh generator for item {@code index}: {@code RandomState(itemSeed(index))}. */
    public static RandomState itemRandomState(long index) { return new RandomState(itemSeed(index)); }

    /** {@code t.apply(data, itemRandomState(index))}: item {@code index} of a repeatable pipeline, on any thread. */
    public static Object apply(Transform t, Object data, long index) { return t.apply(data, itemRandomState(index)); }
}
