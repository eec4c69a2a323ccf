package dev.axial.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Single-precision GEMM, {@code C = alpha * A @ B + beta * C}, as a packed, cache-blocked, register-blocked
 * Vector API kernel (the Goto/BLIS scheme). A and B may have any row and column strides (transposed or
 * broadcast views need no copy); C is row-major with a row stride. Work is split over column (or row) tiles
 * through {@link Parallel}; each element of C is computed by the same sequence of operations whatever the
 * thread count, so results are bitwise independent of it.
 *
 * <pre>{@code
 * // C (m x n, row stride n) = A (m x k, row-major) @ B (k x n, row-major)
 * Sgemm.sgemm(m, n, k, 1f, a, 0, k, 1, b, 0, n, 1, 0f, c, 0, n);
 * }</pre>
 */
public final class Sgemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** MR floats: one column of a packed A micro-panel. */
    private static final VectorSpecies<Float> S8 = FloatVector.SPECIES_256;
    /** Micro-tile: MR rows by NR = two vectors of columns (8 x 32 with AVX-512: 16 accumulators). */
    static final int MR = 8;
    static final int NR = 2 * L;
    /** Largest depth block: the A micro-panel (MR x KC) stays in L1, the B block (KC x NC) in L2 (Zen 4: 32K, 1M). */
    private static final int KC_MAX = 512;
    private static final int B_BLOCK_BYTES = 384 * 1024;
    /** Packed A rows per block (MC x KC floats): bounds the buffer for tall A; B is packed again per A block. */
    private static final int A_BLOCK_BYTES = 4 << 20;
    /** Below this many multiply-adds a GEMM runs on the caller alone. */
    private static final long SERIAL_WORK = 1L << 18;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    /** A thread that is not the caller: segments it may access are accessible from the workers too. */
    private static final Thread PROBE = new Thread(() -> { });
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private static final class Buffers {
        float[] a = new float[0], b = new float[0], rows = new float[0];
        final float[] tile = new float[MR * NR];

        float[] a(int n) { return a.length >= n ? a : (a = new float[n]); }

        float[] b(int n) { return b.length >= n ? b : (b = new float[n]); }

        float[] rows(int n) { return rows.length >= n ? rows : (rows = new float[n]); }
    }

    private Sgemm() {}

    /**
     * C = alpha * A @ B + beta * C. Offsets and strides are in elements. A(i, p) is at
     * {@code aOff + i*aRs + p*aCs}, B(p, j) at {@code bOff + p*bRs + j*bCs}, C(i, j) at {@code cOff + i*cRs + j}.
     * When beta is 0, C is not read (NaN in C does not propagate), as BLAS. Segments confined to the calling
     * thread are computed on that thread alone.
     */
    public static void sgemm(int m, int n, int k, float alpha,
                             MemorySegment a, long aOff, long aRs, long aCs,
                             MemorySegment b, long bOff, long bRs, long bCs,
                             float beta, MemorySegment c, long cOff, long cRs) {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("sgemm: negative size " + m + "x" + n + "x" + k);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0) {
            scale(m, n, beta, c, cOff, cRs);
            return;
        }
        Problem p = new Problem(m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, beta, c, cOff, cRs);
        split(m, n, k, MR, NR, a, b, c, p::run);
    }

    /** The serial blocked algorithm over rows [m0, m1) and columns [n0, n1) of C. */
    @FunctionalInterface
    interface Block {
        void run(int m0, int m1, int n0, int n1);
    }

    /**
     * Splits C (m x n, tiles mr x nr) over the workers on tile boundaries, so the split changes no arithmetic; shared
     * with {@link Dgemm}. Small problems, and segments confined to the caller's thread, run on the caller.
     */
    static void split(int m, int n, int k, int mr, int nr, MemorySegment a, MemorySegment b, MemorySegment c, Block body) {
        int tilesM = (m + mr - 1) / mr, tilesN = (n + nr - 1) / nr;
        long work = (long) m * n * k;
        // segments confined to the caller's thread cannot be read by the workers
        boolean shared = a.isAccessibleBy(PROBE) && b.isAccessibleBy(PROBE) && c.isAccessibleBy(PROBE);
        int threads = work < SERIAL_WORK || !shared ? 1 : Parallel.threads();
        // NOTE: split columns unless they are few and rows are more
        if (tilesN >= tilesM || tilesN >= 4 * threads) {
            int chunks = Math.min(threads, tilesN);
            Parallel.forChunks(tilesN, chunks, (s, e) ->
                    body.run(0, m, (int) s * nr, (int) Math.min(e * nr, n)));
        } else {
            int chunks = Math.min(threads, tilesM);
            Parallel.forChunks(tilesM, chunks, (s, e) ->
                    body.run((int) s * mr, (int) Math.min(e * mr, m), 0, n));
        }
    }

    /** C = beta * C (C = 0 when beta is 0). */
    private static void scale(int m, int n, float beta, MemorySegment c, long cOff, long cRs) {
        for (int i = 0; i < m; i++) {
            long row = cOff + i * cRs;
            for (int j = 0; j < n; j++) {
                long at = (row + j) * 4;
                c.set(F, at, beta == 0 ? 0f : beta * c.get(F, at));
            }
        }
    }

    /** The depth block for k: the same for every thread (results must not depend on the split). */
    static int depthBlock(int k) { return depthBlock(k, KC_MAX); }

    /** k split into equal blocks of at most kcMax. */
    static int depthBlock(int k, int kcMax) {
        int blocks = (k + kcMax - 1) / kcMax;
        return (k + blocks - 1) / blocks;
    }

    private record Problem(int m, int n, int k, float alpha,
                           MemorySegment a, long aOff, long aRs, long aCs,
                           MemorySegment b, long bOff, long bRs, long bCs,
                           float beta, MemorySegment c, long cOff, long cRs) {

        /**
         * The serial blocked algorithm over rows [m0, m1) and columns [n0, n1) of C: per depth block, A is packed
         * once per MC rows and reused across every B block (packing A again per B block cost 10% at 2048).
         */
        void run(int m0, int m1, int n0, int n1) {
            if (m0 >= m1 || n0 >= n1) return;
            int kcb = depthBlock(k);
            int ncMax = Math.max(NR, B_BLOCK_BYTES / (kcb * 4) / NR * NR);
            int mcMax = Math.max(MR, A_BLOCK_BYTES / (kcb * 4) / MR * MR);
            Buffers buf = BUFFERS.get();
            float[] bp = buf.b(kcb * Math.min(ncMax, roundUp(n1 - n0, NR)));
            float[] ap = buf.a(kcb * Math.min(mcMax, roundUp(m1 - m0, MR)));
            for (int pc = 0; pc < k; pc += kcb) {
                int kc = Math.min(kcb, k - pc);
                float bt = pc == 0 ? beta : 1f;
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
        private void packB(float[] bp, int pc, int kc, int jc, int nc) {
            for (int jr = 0; jr < nc; jr += NR) {
                int nr = Math.min(NR, nc - jr);
                int base = jr * kc;
                long col = bOff + (long) (jc + jr) * bCs;
                if (bCs == 1 && nr == NR) {
                    for (int p = 0; p < kc; p++) {
                        long at = (col + (pc + p) * bRs) * 4;
                        FloatVector.fromMemorySegment(S, b, at, LE).intoArray(bp, base + p * NR);
                        FloatVector.fromMemorySegment(S, b, at + 4L * L, LE).intoArray(bp, base + p * NR + L);
                    }
                } else {
                    // NOTE: column-outer walks a transposed B (bRs == 1) along memory
                    for (int j = 0; j < NR; j++) {
                        if (j >= nr) {
                            for (int p = 0; p < kc; p++) bp[base + p * NR + j] = 0f;
                            continue;
                        }
                        long cj = col + j * bCs + pc * bRs;
                        for (int p = 0; p < kc; p++) bp[base + p * NR + j] = b.get(F, (cj + p * bRs) * 4);
                    }
                }
            }
        }

        /** A(ir.., pc..) as one MR-tall micro-panel, column by column, zero-padded to MR rows. */
        private void packA(float[] ap, int ao, int ir, int mr, int pc, int kc, Buffers buf) {
            long first = aOff + ir * aRs + pc * aCs;
            if (mr == MR && aRs == 1) {
                // a transposed A: each column of the panel is MR contiguous floats
                for (int p = 0; p < kc; p++)
                    FloatVector.fromMemorySegment(S8, a, (first + p * aCs) * 4, LE).intoArray(ap, ao + p * MR);
                return;
            }
            if (mr == MR && aCs == 1) {
                // bulk-copy the rows, then interleave on the heap (4x faster than element-wise segment reads)
                float[] rows = buf.rows(MR * kc);
                for (int i = 0; i < MR; i++) MemorySegment.copy(a, F, (first + i * aRs) * 4, rows, i * kc, kc);
                for (int p = 0, o = ao; p < kc; p++, o += MR)
                    for (int i = 0; i < MR; i++) ap[o + i] = rows[i * kc + p];
                return;
            }
            for (int i = 0; i < MR; i++) {
                long row = first + i * aRs;
                for (int p = 0; p < kc; p++) ap[ao + p * MR + i] = i < mr ? a.get(F, (row + p * aCs) * 4) : 0f;
            }
        }
    }

    static int roundUp(int x, int to) { return (x + to - 1) / to * to; }

    /**
     * The 8 x 2-vector micro-kernel: tile = Apanel @ Bpanel over kc, then C = alpha*tile + beta*C.
     * NOTE: the accumulators go through a small heap tile instead of straight into C: storing 16 vectors
     * with alpha/beta variants inline exceeds C2's inlining node budget, and the kernel then runs 8x slower.
     */
    private static void kernel(int kc, float[] ap, int ao, float[] bp, int bo, float alpha, float beta,
                               MemorySegment c, long cOff, long cRs, int mr, int nr, float[] tile) {
        block(kc, ap, ao, bp, bo, tile);
        if (mr == MR && nr == NR) {
            FloatVector va = FloatVector.broadcast(S, alpha), vb = FloatVector.broadcast(S, beta);
            for (int i = 0; i < MR; i++) {
                long at = (cOff + i * cRs) * 4;
                for (int j = 0; j < NR; j += L, at += 4L * L) {
                    FloatVector r = FloatVector.fromArray(S, tile, i * NR + j).mul(va);
                    if (beta != 0) r = r.add(FloatVector.fromMemorySegment(S, c, at, LE).mul(vb));
                    r.intoMemorySegment(c, at, LE);
                }
            }
            return;
        }
        // the same float operations as above, element by element
        for (int i = 0; i < mr; i++) {
            long row = cOff + i * cRs;
            for (int j = 0; j < nr; j++) {
                long at = (row + j) * 4;
                float r = tile[i * NR + j] * alpha;
                if (beta != 0) r = r + c.get(F, at) * beta;
                c.set(F, at, r);
            }
        }
    }

    private static void block(int kc, float[] ap, int ao, float[] bp, int bo, float[] tile) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        FloatVector c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
        for (int p = 0; p < kc; p++, ao += MR, bo += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector x = FloatVector.broadcast(S, ap[ao]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, ap[ao + 4]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, ap[ao + 5]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
            x = FloatVector.broadcast(S, ap[ao + 6]);
            c60 = b0.fma(x, c60); c61 = b1.fma(x, c61);
            x = FloatVector.broadcast(S, ap[ao + 7]);
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
