package dev.axial.tensor.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Double-precision GEMM, {@code C = alpha * A @ B + beta * C}: {@link Sgemm}'s packed Goto/BLIS scheme on doubles
 * (same blocking, packing, parallel split and thread-count independence), an 8 x 2-vector micro-tile (8 x 16 with
 * AVX-512) and a depth block half as deep so the A micro-panel still fits in L1.
 */
final class Dgemm {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Micro-tile: MR rows by NR = two vectors of columns (8 x 16 with AVX-512: 16 accumulators). */
    static final int MR = 8;
    static final int NR = 2 * L;
    /** Largest depth block: the A micro-panel (MR x KC) stays in L1, the B block (KC x NC) in L2 (Zen 4: 32K, 1M). */
    private static final int KC_MAX = 256;
    private static final int B_BLOCK_BYTES = 384 * 1024;
    /** Packed A rows per block (MC x KC doubles): bounds the buffer for tall A; B is packed again per A block. */
    private static final int A_BLOCK_BYTES = 4 << 20;
    private static final ValueLayout.OfDouble F = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private static final class Buffers {
        double[] a = new double[0], b = new double[0], rows = new double[0];
        final double[] tile = new double[MR * NR];

        double[] a(int n) { return a.length >= n ? a : (a = new double[n]); }

        double[] b(int n) { return b.length >= n ? b : (b = new double[n]); }

        double[] rows(int n) { return rows.length >= n ? rows : (rows = new double[n]); }
    }

    private Dgemm() {}

    /**
     * C = alpha * A @ B + beta * C. Offsets and strides are in elements. A(i, p) is at
     * {@code aOff + i*aRs + p*aCs}, B(p, j) at {@code bOff + p*bRs + j*bCs}, C(i, j) at {@code cOff + i*cRs + j}.
     * When beta is 0, C is not read (NaN in C does not propagate), as BLAS. Segments confined to the calling
     * thread are computed on that thread alone.
     */
    static void dgemm(int m, int n, int k, double alpha,
                      MemorySegment a, long aOff, long aRs, long aCs,
                      MemorySegment b, long bOff, long bRs, long bCs,
                      double beta, MemorySegment c, long cOff, long cRs) {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("dgemm: negative size " + m + "x" + n + "x" + k);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0) {
            scale(m, n, beta, c, cOff, cRs);
            return;
        }
        Problem p = new Problem(m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, beta, c, cOff, cRs);
        Sgemm.split(m, n, k, MR, NR, a, b, c, p::run);
    }

    /** C = beta * C (C = 0 when beta is 0). */
    private static void scale(int m, int n, double beta, MemorySegment c, long cOff, long cRs) {
        for (int i = 0; i < m; i++) {
            long row = cOff + i * cRs;
            for (int j = 0; j < n; j++) {
                long at = (row + j) * 8;
                c.set(F, at, beta == 0 ? 0.0 : beta * c.get(F, at));
            }
        }
    }

    private record Problem(int m, int n, int k, double alpha,
                           MemorySegment a, long aOff, long aRs, long aCs,
                           MemorySegment b, long bOff, long bRs, long bCs,
                           double beta, MemorySegment c, long cOff, long cRs) {

        /**
         * The serial blocked algorithm over rows [m0, m1) and columns [n0, n1) of C: per depth block, A is packed
         * once per MC rows and reused across every B block (packing A again per B block cost 10% at 2048).
         */
        void run(int m0, int m1, int n0, int n1) {
            if (m0 >= m1 || n0 >= n1) return;
            int kcb = Sgemm.depthBlock(k, KC_MAX);
            int ncMax = Math.max(NR, B_BLOCK_BYTES / (kcb * 8) / NR * NR);
            int mcMax = Math.max(MR, A_BLOCK_BYTES / (kcb * 8) / MR * MR);
            Buffers buf = BUFFERS.get();
            double[] bp = buf.b(kcb * Math.min(ncMax, Sgemm.roundUp(n1 - n0, NR)));
            double[] ap = buf.a(kcb * Math.min(mcMax, Sgemm.roundUp(m1 - m0, MR)));
            for (int pc = 0; pc < k; pc += kcb) {
                int kc = Math.min(kcb, k - pc);
                double bt = pc == 0 ? beta : 1.0;
                for (int ic = m0; ic < m1; ic += mcMax) {
                    int mc = Math.min(mcMax, m1 - ic);
                    for (int ir = 0; ir < mc; ir += MR) packA(ap, ir * kc, ic + ir, Math.min(MR, mc - ir), pc, kc, buf);
                    for (int jc = n0; jc < n1; jc += ncMax) {
                        int nc = Math.min(ncMax, n1 - jc);
                        packB(bp, pc, kc, jc, nc);
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            long cRow = cOff + (ic + ir) * cRs + jc;
                            for (int jr = 0; jr < nc; jr += NR) {
                                kernel(kc, ap, ir * kc, bp, jr * kc, alpha, bt, c, cRow + jr, cRs, mr, Math.min(NR, nc - jr), buf.tile);
                            }
                        }
                    }
                }
            }
        }

        /** B(pc.., jc..) into NR-wide panels, row by row, zero-padded to NR columns. */
        private void packB(double[] bp, int pc, int kc, int jc, int nc) {
            for (int jr = 0; jr < nc; jr += NR) {
                int nr = Math.min(NR, nc - jr);
                int base = jr * kc;
                long col = bOff + (long) (jc + jr) * bCs;
                if (bCs == 1 && nr == NR) {
                    for (int p = 0; p < kc; p++) {
                        long at = (col + (pc + p) * bRs) * 8;
                        DoubleVector.fromMemorySegment(S, b, at, LE).intoArray(bp, base + p * NR);
                        DoubleVector.fromMemorySegment(S, b, at + 8L * L, LE).intoArray(bp, base + p * NR + L);
                    }
                } else {
                    // NOTE: column-outer walks a transposed B (bRs == 1) along memory
                    for (int j = 0; j < NR; j++) {
                        if (j >= nr) {
                            for (int p = 0; p < kc; p++) bp[base + p * NR + j] = 0.0;
                            continue;
                        }
                        long cj = col + j * bCs + pc * bRs;
                        for (int p = 0; p < kc; p++) bp[base + p * NR + j] = b.get(F, (cj + p * bRs) * 8);
                    }
                }
            }
        }

        /** A(ir.., pc..) as one MR-tall micro-panel, column by column, zero-padded to MR rows. */
        private void packA(double[] ap, int ao, int ir, int mr, int pc, int kc, Buffers buf) {
            long first = aOff + ir * aRs + pc * aCs;
            if (mr == MR && aRs == 1 && L == MR) {
                // a transposed A: each column of the panel is MR contiguous doubles
                for (int p = 0; p < kc; p++)
                    DoubleVector.fromMemorySegment(S, a, (first + p * aCs) * 8, LE).intoArray(ap, ao + p * MR);
                return;
            }
            if (mr == MR && aCs == 1) {
                // bulk-copy the rows, then interleave on the heap (4x faster than element-wise segment reads)
                double[] rows = buf.rows(MR * kc);
                for (int i = 0; i < MR; i++) MemorySegment.copy(a, F, (first + i * aRs) * 8, rows, i * kc, kc);
                for (int p = 0, o = ao; p < kc; p++, o += MR)
                    for (int i = 0; i < MR; i++) ap[o + i] = rows[i * kc + p];
                return;
            }
            for (int i = 0; i < MR; i++) {
                long row = first + i * aRs;
                for (int p = 0; p < kc; p++) ap[ao + p * MR + i] = i < mr ? a.get(F, (row + p * aCs) * 8) : 0.0;
            }
        }
    }


    /**
     * The 8 x 2-vector micro-kernel: tile = Apanel @ Bpanel over kc, then C = alpha*tile + beta*C.
     * NOTE: the accumulators go through a small heap tile instead of straight into C: storing 16 vectors
     * with alpha/beta variants inline exceeds C2's inlining node budget, and the kernel then runs 8x slower.
     */
    private static void kernel(int kc, double[] ap, int ao, double[] bp, int bo, double alpha, double beta,
                               MemorySegment c, long cOff, long cRs, int mr, int nr, double[] tile) {
        block(kc, ap, ao, bp, bo, tile);
        if (mr == MR && nr == NR) {
            DoubleVector va = DoubleVector.broadcast(S, alpha), vb = DoubleVector.broadcast(S, beta);
            for (int i = 0; i < MR; i++) {
                long at = (cOff + i * cRs) * 8;
                for (int j = 0; j < NR; j += L, at += 8L * L) {
                    DoubleVector r = DoubleVector.fromArray(S, tile, i * NR + j).mul(va);
                    if (beta != 0) r = r.add(DoubleVector.fromMemorySegment(S, c, at, LE).mul(vb));
                    r.intoMemorySegment(c, at, LE);
                }
            }
            return;
        }
        // the same double operations as above, element by element
        for (int i = 0; i < mr; i++) {
            long row = cOff + i * cRs;
            for (int j = 0; j < nr; j++) {
                long at = (row + j) * 8;
                double r = tile[i * NR + j] * alpha;
                if (beta != 0) r = r + c.get(F, at) * beta;
                c.set(F, at, r);
            }
        }
    }

    private static void block(int kc, double[] ap, int ao, double[] bp, int bo, double[] tile) {
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        DoubleVector c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
        for (int p = 0; p < kc; p++, ao += MR, bo += NR) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
            DoubleVector x = DoubleVector.broadcast(S, ap[ao]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = DoubleVector.broadcast(S, ap[ao + 1]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = DoubleVector.broadcast(S, ap[ao + 2]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = DoubleVector.broadcast(S, ap[ao + 3]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = DoubleVector.broadcast(S, ap[ao + 4]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = DoubleVector.broadcast(S, ap[ao + 5]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
            x = DoubleVector.broadcast(S, ap[ao + 6]);
            c60 = b0.fma(x, c60); c61 = b1.fma(x, c61);
            x = DoubleVector.broadcast(S, ap[ao + 7]);
            c70 = b0.fma(x, c70); c71 = b1.fma(x, c71);
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, L);
        c10.intoArray(tile, NR); c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR); c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR); c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR); c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR); c51.intoArray(tile, 5 * NR + L);
        c60.intoArray(tile, 6 * NR); c61.intoArray(tile, 6 * NR + L);
        c70.intoArray(tile, 7 * NR); c71.intoArray(tile, 7 * NR + L);
    }
}
