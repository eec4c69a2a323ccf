package dev.axial.tensor.cpu;

/**
 * Philox4x32-10 (Salmon, Moraes, Dror, Shaw: "Parallel random numbers: as easy as 1, 2, 3", SC 2011; the
 * Random123 library), the counter-based generator PyTorch's CUDA generator and cuRAND use: a 128-bit counter
 * and a 64-bit key go through ten rounds of multiply-xor into four 32-bit words.
 *
 * <p>Axial's mapping: key = the seed (word 0 its low 32 bits, word 1 its high 32 bits); element {@code i} of
 * a draw at generator offset {@code o} uses counter {@code o + i} as the low 64 bits (words 0, 1) with words
 * 2, 3 zero. So every element depends only on (seed, o + i): never on threads, chunking or the backend.
 *
 * <pre>{@code
 * int[] w = new int[4];
 * Philox.block(0, 0, 0, 0, 0, 0, w);   // w = {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}
 * }</pre>
 */
public final class Philox {
    private static final long M0 = 0xD2511F53L, M1 = 0xCD9E8D57L;
    private static final int W0 = 0x9E3779B9, W1 = 0xBB67AE85;

    private Philox() {}

    /** The four output words for counter (c0, c1, c2, c3) and key (k0, k1), into {@code out[0..3]}. */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        for (int r = 0; r < 10; r++) {
            if (r > 0) {
                k0 += W0;
                k1 += W1;
            }
            long p0 = M0 * (c0 & 0xffffffffL), p1 = M1 * (c2 & 0xffffffffL);
            int hi0 = (int) (p0 >>> 32), lo0 = (int) p0, hi1 = (int) (p1 >>> 32), lo1 = (int) p1;
            c0 = hi1 ^ c1 ^ k0;
            c1 = lo1;
            c2 = hi0 ^ c3 ^ k1;
            c3 = lo0;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }

    /** The four words for element counter {@code counter} (low 64 bits) under key {@code seed}, Axial's mapping. */
    public static void block(long counter, long seed, int[] out) {
        block((int) counter, (int) (counter >>> 32), 0, 0, (int) seed, (int) (seed >>> 32), out);
    }

    /** A uniform float in [0, 1) with 24 random bits from one word. */
    static double unit24(int w) { return (w >>> 8) * 0x1p-24; }

    /** A uniform double in [0, 1) with 53 random bits from two words (w0 high, w1 low). */
    static double unit53(int w0, int w1) {
        long bits = ((w0 & 0xffffffffL) << 21) | ((w1 & 0xffffffffL) >>> 11);
        return bits * 0x1p-53;
    }

    /** A uniform double in (0, 1] with 32 bits from one word (never 0, so log is finite). */
    static double unit32Open0(int w) { return ((w & 0xffffffffL) + 1) * 0x1p-32; }

    /** A uniform double in (0, 1] with 53 bits from two words. */
    static double unit53Open0(int w0, int w1) {
        long bits = ((w0 & 0xffffffffL) << 21) | ((w1 & 0xffffffffL) >>> 11);
        return (bits + 1) * 0x1p-53;
    }
}
