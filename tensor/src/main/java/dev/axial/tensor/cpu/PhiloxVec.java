package dev.axial.tensor.cpu;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Philox} for runs of consecutive counters with the Vector API: one counter per 64-bit lane, the 32-bit
 * words zero-extended, so a lane multiply gives the full 64-bit product whose halves are Philox's mulhi and
 * mullo. Bit-for-bit the words of {@link Philox#block(long, long, int[])}.
 */
final class PhiloxVec {
    private PhiloxVec() {}

    private static final VectorSpecies<Long> LS = LongVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> IS = VectorSpecies.of(int.class, VectorShape.forBitSize(LS.vectorBitSize() / 2));
    /** Counters per vector; run lengths are rounded up to a multiple of this. */
    static final int LANES = LS.length();
    private static final long MASK = 0xffffffffL, M0 = 0xD2511F53L, M1 = 0xCD9E8D57L;
    private static final int W0 = 0x9E3779B9, W1 = 0xBB67AE85;
    private static final long[] IOTA = new long[LANES];

    static {
        for (int i = 0; i < LANES; i++) IOTA[i] = i;
    }

    /**
     * Words 0 and 1 (and 2, 3 when w2 is not null) of the blocks at counters c, c + 1, ..., c + n - 1 under key
     * seed, into w*[0..n) (arrays hold n rounded up to {@link #LANES}).
     */
    static void blocks(long c, long seed, int n, int[] w0, int[] w1, int[] w2, int[] w3) {
        long[] k0 = new long[10], k1 = new long[10];
        int a = (int) seed, b = (int) (seed >>> 32);
        for (int r = 0; r < 10; r++) {
            k0[r] = a & MASK;
            k1[r] = b & MASK;
            a += W0;
            b += W1;
        }
        LongVector iota = LongVector.fromArray(LS, IOTA, 0);
        for (int j = 0; j < n; j += LANES) {
            LongVector ctr = iota.add(c + j);
            LongVector c0 = ctr.and(MASK), c1 = ctr.lanewise(VectorOperators.LSHR, 32);
            LongVector c2 = LongVector.zero(LS), c3 = c2;
            for (int r = 0; r < 10; r++) {
                LongVector p0 = c0.mul(M0), p1 = c2.mul(M1);
                c0 = p1.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, c1).lanewise(VectorOperators.XOR, k0[r]);
                c1 = p1.and(MASK);
                c2 = p0.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, c3).lanewise(VectorOperators.XOR, k1[r]);
                c3 = p0.and(MASK);
            }
            ((IntVector) c0.convertShape(VectorOperators.L2I, IS, 0)).intoArray(w0, j);
            ((IntVector) c1.convertShape(VectorOperators.L2I, IS, 0)).intoArray(w1, j);
            if (w2 != null) {
                ((IntVector) c2.convertShape(VectorOperators.L2I, IS, 0)).intoArray(w2, j);
                ((IntVector) c3.convertShape(VectorOperators.L2I, IS, 0)).intoArray(w3, j);
            }
        }
    }
}
