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
    /** Counters per vector. */
    static final int LANES = LS.length();
    private static final long MASK = 0xffffffffL, M0 = 0xD2511F53L, M1 = 0xCD9E8D57L;
    private static final int W0 = 0x9E3779B9, W1 = 0xBB67AE85;
    private static final long[] IOTA = new long[LANES];

    static {
        for (int i = 0; i < LANES; i++) IOTA[i] = i;
    }

    /**
     * Words 0 and 1 (and 2, 3 when w2 is not null) of the blocks at counters c, c + 1, ..., c + n - 1 under key
     * seed, into w*[0..n) (arrays hold n rounded up to a multiple of 2 {@link #LANES}).
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
        // two independent counter vectors per step: one round is a chain of multiply, shift and two xors,
        // so a single vector leaves the multiplier idle most of the time
        for (int j = 0; j < n; j += 2 * LANES) {
            LongVector ctr = iota.add(c + j), dtr = iota.add(c + j + LANES);
            LongVector a0 = ctr.and(MASK), a1 = ctr.lanewise(VectorOperators.LSHR, 32), a2 = LongVector.zero(LS), a3 = a2;
            LongVector b0 = dtr.and(MASK), b1 = dtr.lanewise(VectorOperators.LSHR, 32), b2 = a2, b3 = a2;
            for (int r = 0; r < 10; r++) {
                // lanes carry garbage above bit 31 between rounds; masking at the multiply lets C2 use an
                // unsigned 32x32->64 multiply (vpmuludq), which ignores the high halves anyway
                LongVector p0 = a0.and(MASK).mul(M0), p1 = a2.and(MASK).mul(M1), q0 = b0.and(MASK).mul(M0), q1 = b2.and(MASK).mul(M1);
                a0 = p1.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, a1).lanewise(VectorOperators.XOR, k0[r]);
                b0 = q1.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, b1).lanewise(VectorOperators.XOR, k0[r]);
                a1 = p1;
                b1 = q1;
                a2 = p0.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, a3).lanewise(VectorOperators.XOR, k1[r]);
                b2 = q0.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, b3).lanewise(VectorOperators.XOR, k1[r]);
                a3 = p0;
                b3 = q0;
            }
            ((IntVector) a0.convertShape(VectorOperators.L2I, IS, 0)).intoArray(w0, j);
            ((IntVector) a1.convertShape(VectorOperators.L2I, IS, 0)).intoArray(w1, j);
            ((IntVector) b0.convertShape(VectorOperators.L2I, IS, 0)).intoArray(w0, j + LANES);
            ((IntVector) b1.convertShape(VectorOperators.L2I, IS, 0)).intoArray(w1, j + LANES);
            if (w2 != null) {
                ((IntVector) a2.convertShape(VectorOperators.L2I, IS, 0)).intoArray(w2, j);
                ((IntVector) a3.convertShape(VectorOperators.L2I, IS, 0)).intoArray(w3, j);
                ((IntVector) b2.convertShape(VectorOperators.L2I, IS, 0)).intoArray(w2, j + LANES);
                ((IntVector) b3.convertShape(VectorOperators.L2I, IS, 0)).intoArray(w3, j + LANES);
            }
        }
    }
}
