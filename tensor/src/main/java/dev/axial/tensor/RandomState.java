package dev.axial.tensor;

import java.util.Arrays;

/**
 * numpy's legacy {@code np.random.RandomState}, draw for draw: the MT19937 generator seeded as numpy seeds an
 * integer ({@code init_genrand}), and numpy's legacy algorithms on top of it (53-bit {@code random_sample},
 * {@code uniform = low + (high-low)·u}, masked-rejection {@code randint}, the polar Box–Muller {@code gauss}
 * that keeps its second value for the next call, Fisher–Yates {@code shuffle}, {@code choice} by CDF and
 * searchsorted). MONAI's random transforms draw from one of these ({@code self.R}), so the same seed gives the
 * same crops, flips and synthetic images as MONAI. Every uniform, integer, permutation and choice draw is
 * bit-identical to numpy's; normal draws may differ in the last bit on about 0.1% of calls (numpy uses glibc's
 * {@code log}), and never change the draws that follow.
 *
 * <pre>{@code
 * RandomState r = new RandomState(0);
 * r.rand();              // 0.5488135039273248, as numpy
 * r.uniform(-1, 1);      // 0.43037873274483895
 * r.normal();            // 0.9787379841057392
 * }</pre>
 *
 * Not thread-safe (numpy's takes a lock); give each thread, or each item, its own.
 */
public final class RandomState {
    private static final int N = 624, M = 397;
    private static final int MATRIX_A = 0x9908b0df, UPPER = 0x80000000, LOWER = 0x7fffffff;

    private final int[] mt = new int[N];
    private int pos;
    private boolean hasGauss;
    private double gauss;

    /** {@code RandomState(seed)}; numpy accepts 0 ≤ seed < 2³². */
    public RandomState(long seed) {
        seed(seed);
    }

    /** Reseeds in place (numpy's {@code seed(seed)}), dropping any cached gauss value. */
    public RandomState seed(long seed) {
        if (seed < 0 || seed > 0xFFFFFFFFL)
            throw new IllegalArgumentException("RandomState: seed must be between 0 and 2**32 - 1, got " + seed);
        int s = (int) seed;
        for (int i = 0; i < N; i++) {
            mt[i] = s;
            s = 1812433253 * (s ^ (s >>> 30)) + i + 1;
        }
        pos = N;
        hasGauss = false;
        gauss = 0;
        return this;
    }

    /** A copy with the same state: both continue with the same draws. */
    public RandomState copy() {
        RandomState c = new RandomState(0);
        System.arraycopy(mt, 0, c.mt, 0, N);
        c.pos = pos;
        c.hasGauss = hasGauss;
        c.gauss = gauss;
        return c;
    }

    // ---- the generator --------------------------------------------------------------------------

    private void regenerate() {
        int y, i = 0;
        for (; i < N - M; i++) {
            y = (mt[i] & UPPER) | (mt[i + 1] & LOWER);
            mt[i] = mt[i + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        for (; i < N - 1; i++) {
            y = (mt[i] & UPPER) | (mt[i + 1] & LOWER);
            mt[i] = mt[i + (M - N)] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        y = (mt[N - 1] & UPPER) | (mt[0] & LOWER);
        mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        pos = 0;
    }

    /** The next raw 32-bit output, as an unsigned value in a long. */
    public long nextUint32() {
        if (pos == N) regenerate();
        int y = mt[pos++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xFFFFFFFFL;
    }

    /** numpy's next_uint64: the high word is drawn first. */
    private long nextUint64() {
        long hi = nextUint32();
        return (hi << 32) | nextUint32();
    }

    // ---- uniform --------------------------------------------------------------------------------

    /** One double in [0, 1) from 53 random bits (two 32-bit draws, 27 + 26 bits), as numpy. */
    public double randomSample() {
        long a = nextUint32() >>> 5, b = nextUint32() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** {@code n} draws of {@link #randomSample()}. */
    public double[] randomSample(int n) {
        double[] out = new double[checkSize("random_sample", n)];
        for (int i = 0; i < n; i++) out[i] = randomSample();
        return out;
    }

    /** numpy's {@code rand()}: same as {@link #randomSample()}. */
    public double rand() { return randomSample(); }

    /** numpy's {@code rand(n)}. */
    public double[] rand(int n) { return randomSample(n); }

    /** numpy's {@code random()}: same as {@link #randomSample()}. */
    public double random() { return randomSample(); }

    /** {@code low + (high - low)·u}, as numpy (no check that low < high, as numpy). */
    public double uniform(double low, double high) {
        double range = checkRange(low, high);
        return low + range * randomSample();
    }

    /** {@code n} uniform draws; the range is computed once, as numpy. */
    public double[] uniform(double low, double high, int n) {
        double range = checkRange(low, high);
        double[] out = new double[checkSize("uniform", n)];
        for (int i = 0; i < n; i++) out[i] = low + range * randomSample();
        return out;
    }

    /** Uniform draws written straight into {@code out} (for large volumes: no second buffer). */
    public void uniform(double low, double high, double[] out) {
        double range = checkRange(low, high);
        for (int i = 0; i < out.length; i++) out[i] = low + range * randomSample();
    }

    private static double checkRange(double low, double high) {
        double range = high - low;
        if (!Double.isFinite(range)) throw new ArithmeticException("RandomState.uniform: range exceeds valid bounds (low " + low + ", high " + high + ")");
        return range;
    }

    // ---- integers -------------------------------------------------------------------------------

    /** numpy's {@code randint(high)}: an int in [0, high). */
    public long randint(long high) { return randint(0, high); }

    /**
     * numpy's {@code randint(low, high)} for the default dtype (int64): an int in [low, high), by masked
     * rejection on 32-bit draws when the range fits, else on 64-bit draws.
     */
    public long randint(long low, long high) {
        if (low >= high) throw new IllegalArgumentException("RandomState.randint: low >= high (low " + low + ", high " + high + ")");
        long rng = high - 1 - low;   // unsigned: high - low may overflow a signed long only past 2^63
        return low + boundedMasked(rng);
    }

    /** {@code n} draws of {@link #randint(long, long)}. */
    public long[] randint(long low, long high, int n) {
        if (low >= high) throw new IllegalArgumentException("RandomState.randint: low >= high (low " + low + ", high " + high + ")");
        long rng = high - 1 - low;
        long[] out = new long[checkSize("randint", n)];
        for (int i = 0; i < n; i++) out[i] = low + boundedMasked(rng);
        return out;
    }

    /** numpy's {@code randint(2**32, dtype=np.uint32)} (how MONAI's Compose seeds its transforms): one raw draw. */
    public long randintUint32() { return nextUint32(); }

    /** A value in [0, rng] (rng unsigned), numpy's random_bounded_uint64 with the mask method. */
    private long boundedMasked(long rng) {
        if (rng == 0) return 0;
        long mask = mask(rng);
        long v;
        if (Long.compareUnsigned(rng, 0xFFFFFFFFL) <= 0) {
            if (rng == 0xFFFFFFFFL) return nextUint32();
            while ((v = nextUint32() & mask) > rng) { }
        } else {
            if (rng == -1L) return nextUint64();
            while (Long.compareUnsigned(v = nextUint64() & mask, rng) > 0) { }
        }
        return v;
    }

    private static long mask(long max) {
        long m = max;
        m |= m >>> 1;
        m |= m >>> 2;
        m |= m >>> 4;
        m |= m >>> 8;
        m |= m >>> 16;
        m |= m >>> 32;
        return m;
    }

    /** numpy's random_interval: a value in [0, max], the draw used by shuffle. */
    private long interval(long max) {
        if (max == 0) return 0;
        long mask = mask(max), v;
        if (max <= 0xFFFFFFFFL) {
            while ((v = nextUint32() & mask) > max) { }
        } else {
            while ((v = nextUint64() & mask) > max) { }
        }
        return v;
    }

    // ---- normal ---------------------------------------------------------------------------------

    /**
     * numpy's legacy {@code standard_normal()}: the polar method draws a pair and keeps the second value for the
     * next call, so draws in between (rand, randint) do not disturb it.
     */
    public double standardNormal() {
        if (hasGauss) {
            hasGauss = false;
            double t = gauss;
            gauss = 0;
            return t;
        }
        double x1, x2, r2;
        do {
            x1 = 2.0 * randomSample() - 1.0;
            x2 = 2.0 * randomSample() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        // NOTE: numpy calls glibc's log, which is not correctly rounded and has no Java twin; Math.log (the
        // intrinsic) agrees with it on all but ~0.1% of arguments and is then 1 ulp off (StrictMath: ~7%)
        double f = Math.sqrt(-2.0 * Math.log(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /** {@code n} standard normal draws. */
    public double[] standardNormal(int n) {
        double[] out = new double[checkSize("standard_normal", n)];
        for (int i = 0; i < n; i++) out[i] = standardNormal();
        return out;
    }

    /** numpy's {@code randn()}. */
    public double randn() { return standardNormal(); }

    /** numpy's {@code randn(n)}. */
    public double[] randn(int n) { return standardNormal(n); }

    /** numpy's {@code normal()} = {@code normal(0, 1)}. */
    public double normal() { return standardNormal(); }

    /** {@code loc + scale·gauss}, as numpy's legacy normal. */
    public double normal(double loc, double scale) {
        if (scale < 0) throw new IllegalArgumentException("RandomState.normal: scale < 0 (" + scale + ")");
        return loc + scale * standardNormal();
    }

    /** {@code n} normal draws. */
    public double[] normal(double loc, double scale, int n) {
        if (scale < 0) throw new IllegalArgumentException("RandomState.normal: scale < 0 (" + scale + ")");
        double[] out = new double[checkSize("normal", n)];
        for (int i = 0; i < n; i++) out[i] = loc + scale * standardNormal();
        return out;
    }

    // ---- permutations and choice ----------------------------------------------------------------

    /** Shuffles in place, as numpy's legacy shuffle (Fisher–Yates from the end with random_interval). */
    public void shuffle(long[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = (int) interval(i);
            long t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Shuffles in place, same draws as {@link #shuffle(long[])}. */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = (int) interval(i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Shuffles a list in place, same draws as {@link #shuffle(long[])}. */
    public <T> void shuffle(java.util.List<T> a) {
        for (int i = a.size() - 1; i > 0; i--) java.util.Collections.swap(a, i, (int) interval(i));
    }

    /** numpy's {@code permutation(n)}: a shuffled {@code arange(n)}. */
    public long[] permutation(int n) {
        long[] a = new long[checkSize("permutation", n)];
        for (int i = 0; i < n; i++) a[i] = i;
        shuffle(a);
        return a;
    }

    /** numpy's {@code choice(n)}: one index in [0, n). */
    public long choice(int n) { return choice(n, 1, true, null)[0]; }

    /**
     * numpy's legacy {@code choice(n, size, replace, p)}: {@code size} indices in [0, n); {@code p} (may be null)
     * gives each index's probability (non-negative, summing to 1 within √eps).
     */
    public long[] choice(int n, int size, boolean replace, double[] p) {
        if (n <= 0) throw new IllegalArgumentException("RandomState.choice: a must be greater than 0 unless no samples are taken (a " + n + ")");
        checkSize("choice", size);
        if (p != null) checkP(n, p);
        if (replace) {
            if (p == null) return randint(0, n, size);
            double[] cdf = cdf(p);
            long[] out = new long[size];
            for (int i = 0; i < size; i++) out[i] = searchsortedRight(cdf, randomSample());
            return out;
        }
        if (size > n) throw new IllegalArgumentException("RandomState.choice: cannot take a larger sample (" + size + ") than population (" + n + ") when replace=false");
        if (p == null) return Arrays.copyOf(permutation(n), size);
        int nonzero = 0;
        for (double v : p) if (v > 0) nonzero++;
        if (nonzero < size) throw new IllegalArgumentException("RandomState.choice: fewer non-zero entries in p (" + nonzero + ") than size (" + size + ")");
        double[] q = p.clone();
        long[] found = new long[size];
        int have = 0;
        while (have < size) {
            double[] x = randomSample(size - have);
            for (int i = 0; i < have; i++) q[(int) found[i]] = 0;
            double[] cdf = cdf(q);
            long[] fresh = new long[x.length];
            for (int i = 0; i < x.length; i++) fresh[i] = searchsortedRight(cdf, x[i]);
            // numpy keeps the first occurrence of each new index, in draw order (np.unique + sorted first indices)
            for (int i = 0; i < fresh.length; i++) {
                boolean dup = false;
                for (int j = 0; j < i && !dup; j++) dup = fresh[j] == fresh[i];
                if (!dup) found[have++] = fresh[i];
            }
        }
        return found;
    }

    private static void checkP(int n, double[] p) {
        if (p.length != n) throw new IllegalArgumentException("RandomState.choice: a (" + n + ") and p (" + p.length + ") must have same size");
        double sum = 0, c = 0;   // numpy's kahan_sum
        for (double v : p) {
            if (Double.isNaN(v)) throw new IllegalArgumentException("RandomState.choice: probabilities contain NaN");
            if (v < 0) throw new IllegalArgumentException("RandomState.choice: probabilities are not non-negative: " + Arrays.toString(p));
            double y = v - c, t = sum + y;
            c = (t - sum) - y;
            sum = t;
        }
        if (Math.abs(sum - 1.0) > Math.sqrt(Math.ulp(1.0))) throw new IllegalArgumentException("RandomState.choice: probabilities do not sum to 1 (sum " + sum + ")");
    }

    /** numpy's {@code cumsum} (sequential) then {@code cdf /= cdf[-1]}. */
    private static double[] cdf(double[] p) {
        double[] c = new double[p.length];
        double s = 0;
        for (int i = 0; i < p.length; i++) c[i] = s += p[i];
        double last = c[c.length - 1];
        for (int i = 0; i < c.length; i++) c[i] /= last;
        return c;
    }

    /** The first index whose value is greater than {@code v} (numpy searchsorted side='right'). */
    private static long searchsortedRight(double[] sorted, double v) {
        int lo = 0, hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static int checkSize(String op, int n) {
        if (n < 0) throw new IllegalArgumentException("RandomState." + op + ": negative dimensions are not allowed (size " + n + ")");
        return n;
    }
}
