package dev.axial.tensor;

/**
 * A seeded source of random numbers for tensor ops, counter-based (Philox4x32-10, as PyTorch's CUDA
 * generator and cuRAND use): the seed is the key, and each op reserves a block of counters, so element
 * {@code i} of a draw depends only on the seed, on how many numbers earlier draws consumed, and on
 * {@code i} — never on the thread count or on the backend.
 *
 * <pre>{@code
 * Generator g = new Generator(42);
 * Tensor a = Tensor.rand(g, 3, 4);     // same values on every run, every machine, every thread count
 * }</pre>
 */
public final class Generator {
    private static final Generator DEFAULT = new Generator(0x5eed0fa81a1L);

    private long seed;
    private long offset;

    public Generator(long seed) { this.seed = seed; }

    /** The process-wide generator used by ops called without one; reseed it with {@link #manualSeed}. */
    public static Generator defaultGenerator() { return DEFAULT; }

    /** Reseeds the default generator, as torch.manual_seed. */
    public static void manualSeed(long seed) { DEFAULT.setSeed(seed); }

    /** Sets the key and rewinds the counters to zero. */
    public synchronized Generator setSeed(long newSeed) {
        this.seed = newSeed;
        this.offset = 0;
        return this;
    }

    public synchronized long seed() { return seed; }

    /** Counters consumed so far. */
    public synchronized long offset() { return offset; }

    /** Reserves {@code n} counters and returns the first. */
    public synchronized long reserve(long n) {
        long o = offset;
        offset += n;
        return o;
    }

    @Override public synchronized String toString() { return "Generator(seed=" + seed + ", offset=" + offset + ")"; }
}
