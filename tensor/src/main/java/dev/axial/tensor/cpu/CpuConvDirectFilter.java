package dev.axial.tensor.cpu;

import dev.axial.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The float32 filter gradient with a broadcast register tile like the forward's, for output channels per group a
 * multiple of two vectors (32 with 512-bit vectors: the UNet's 32- and 64-channel layers). Per slab of output planes
 * (the geometry and the padded, split input Xp of {@link CpuConvDirect.Padded}), dy is written channels-last,
 * Dc[q][co]; then for 8 (ci, tap) rows r x 2 vectors of output channels
 * <pre>
 *   acc[r][co .. co + 2L) += Xp[ci, q + off(tap)] (broadcast) * Dc[q][co .. co + 2L)     over the slab's positions q
 * </pre>
 * 8 broadcasts + 2 loads per 16 FMAs and no lane sums (the 4 x 4 tile along positions of
 * {@link CpuConvDirect#backwardFilter} loads 8 vectors per 16 FMAs and sums lanes every 1024 positions). Garbage
 * positions (past the output's h/w extent) have dy = 0. Positions run in chunks of {@link #QC} (the 8 rows and the
 * chunk's dy stay in L1 across the output-channel blocks), the accumulators reloaded per chunk; each slab's sums go
 * to its own partial, summed in slab order: the result does not depend on the thread count.
 *
 * <pre>{@code
 * if (CpuConvDirectFilter.applies(g)) CpuConvDirectFilter.backwardFilter(dw, x, dy, g);
 * }</pre>
 */
final class CpuConvDirectFilter {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length(), MR = 8, NR = 2 * L;
    /** Positions per accumulation chunk. */
    private static final int QC = 512;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private CpuConvDirectFilter() {}

    static boolean applies(CpuConvColumns g) { return g.coutG() % NR == 0; }

    static void backwardFilter(Tensor dw, Tensor x, Tensor dy, CpuConvColumns g) {
        CpuConvDirect.Padded pd = CpuConvDirect.Padded.of(g);
        int kg = g.coutG(), groups = g.groups(), rows = g.rows(), cout = g.cout();
        int[] out = g.out();
        long ov = g.outVox();
        int rowsP = Sgemm.roundUp(rows, MR), wg = kg * rows;
        int[] offs = java.util.Arrays.stream(pd.rowOffsets(MR)).mapToInt(o -> Math.toIntExact(o / 4)).toArray();
        int positions = Math.toIntExact(pd.positions());
        long items = (long) g.n() * pd.slabs();
        float[][] partial = new float[(int) items][groups * rowsP * kg];
        MemorySegment xs = CpuBackend.seg(x), ys = CpuBackend.seg(dy);
        Parallel.forRange(items, 1, (s, e) -> {
            CpuConvDirect.Scratch sc = pd.scratch();
            float[] dc = new float[positions * cout], blk = new float[MR * out[2]];
            // Xp on the heap: the kernel's 8 scalar loads per position cost less there than through a segment's checks
            float[] xp = new float[Math.toIntExact(g.cin() * pd.chan())];
            int chan = (int) pd.chan();
            for (long it = s; it < e; it++) {
                int ni = (int) (it / pd.slabs()), sl = (int) (it % pd.slabs()), np = pd.planesOf(sl);
                pd.fill(xs, x.offset(), ni, sl, sc, (ci, pos, a, from, len) -> {
                    int at = ci * chan + (int) pos;
                    if (a == null) java.util.Arrays.fill(xp, at, at + len, 0f);
                    else System.arraycopy(a, from, xp, at, len);
                });
                long yImg = dy.offset() + (long) ni * cout * ov;
                // dy channels-last, 8 channels at a time (8 consecutive floats per position); garbage positions
                // are never written: zero from the allocation
                for (int co0 = 0; co0 < cout; co0 += MR)
                    for (int pl = 0; pl < np; pl++) {
                        int od = sl * pd.planes() + pl;
                        for (int oh = 0; oh < out[1]; oh++) {
                            for (int i = 0; i < MR; i++)
                                MemorySegment.copy(ys, F, (yImg + (co0 + i) * ov + ((long) od * out[1] + oh) * out[2]) * 4,
                                        blk, i * out[2], out[2]);
                            int at = (int) ((pl * pd.plane() + (long) oh * pd.wp()) * cout) + co0;
                            for (int ow = 0; ow < out[2]; ow++, at += cout)
                                for (int i = 0; i < MR; i++) dc[at + i] = blk[i * out[2] + ow];
                        }
                    }
                int n = Math.toIntExact(np * pd.plane());
                float[] acc = partial[(int) it];
                for (int gi = 0; gi < groups; gi++) {
                    int xg = gi * g.cinG() * chan;
                    for (int q0 = 0; q0 < n; q0 += QC) {
                        int q1 = Math.min(n, q0 + QC);
                        for (int r0 = 0; r0 < rowsP; r0 += MR)
                            for (int c0 = 0; c0 < kg; c0 += NR)
                                tile(xp, xg, offs, r0, dc, cout, gi * kg + c0, q0, q1, acc, (gi * rowsP + r0) * kg + c0, kg);
                    }
                }
            }
        });
        // the slabs' partials summed in slab order, then [g][r][co] -> dw's [g][co][r]
        float[] total = new float[groups * rowsP * kg];
        Parallel.forRange(total.length, 1 << 12, (s, e) -> {
            for (float[] acc : partial)
                for (int i = (int) s; i < e; i++) total[i] += acc[i];
        });
        float[] t = new float[groups * wg];
        for (int gi = 0; gi < groups; gi++)
            for (int co = 0; co < kg; co++)
                for (int r = 0; r < rows; r++) t[gi * wg + co * rows + r] = total[(gi * rowsP + r) * kg + co];
        MemorySegment.copy(t, 0, CpuBackend.seg(dw), F, dw.offset() * 4, t.length);
    }

    /**
     * accv[r0 + i][co .. co + 2L) += sum over q in [q0, q1) of Xp[xg + offs[r0 + i] + q] * dc[q][co0 ..]: 8 rows x
     * 2 vectors of output channels; {@code ao}: the tile's first accumulator, {@code rs}: floats per row.
     */
    private static void tile(float[] xp, int xg, int[] offs, int r0, float[] dc, int cout, int co0, int q0, int q1,
                             float[] accv, int ao, int rs) {
        FloatVector c00 = FloatVector.fromArray(S, accv, ao), c01 = FloatVector.fromArray(S, accv, ao + L);
        FloatVector c10 = FloatVector.fromArray(S, accv, ao + rs), c11 = FloatVector.fromArray(S, accv, ao + rs + L);
        FloatVector c20 = FloatVector.fromArray(S, accv, ao + 2 * rs), c21 = FloatVector.fromArray(S, accv, ao + 2 * rs + L);
        FloatVector c30 = FloatVector.fromArray(S, accv, ao + 3 * rs), c31 = FloatVector.fromArray(S, accv, ao + 3 * rs + L);
        FloatVector c40 = FloatVector.fromArray(S, accv, ao + 4 * rs), c41 = FloatVector.fromArray(S, accv, ao + 4 * rs + L);
        FloatVector c50 = FloatVector.fromArray(S, accv, ao + 5 * rs), c51 = FloatVector.fromArray(S, accv, ao + 5 * rs + L);
        FloatVector c60 = FloatVector.fromArray(S, accv, ao + 6 * rs), c61 = FloatVector.fromArray(S, accv, ao + 6 * rs + L);
        FloatVector c70 = FloatVector.fromArray(S, accv, ao + 7 * rs), c71 = FloatVector.fromArray(S, accv, ao + 7 * rs + L);
        int x0 = xg + offs[r0], x1 = xg + offs[r0 + 1], x2 = xg + offs[r0 + 2], x3 = xg + offs[r0 + 3];
        int x4 = xg + offs[r0 + 4], x5 = xg + offs[r0 + 5], x6 = xg + offs[r0 + 6], x7 = xg + offs[r0 + 7];
        for (int q = q0; q < q1; q++) {
            int d = q * cout + co0;
            FloatVector b0 = FloatVector.fromArray(S, dc, d), b1 = FloatVector.fromArray(S, dc, d + L);
            FloatVector v = FloatVector.broadcast(S, xp[x0 + q]);
            c00 = b0.fma(v, c00); c01 = b1.fma(v, c01);
            v = FloatVector.broadcast(S, xp[x1 + q]);
            c10 = b0.fma(v, c10); c11 = b1.fma(v, c11);
            v = FloatVector.broadcast(S, xp[x2 + q]);
            c20 = b0.fma(v, c20); c21 = b1.fma(v, c21);
            v = FloatVector.broadcast(S, xp[x3 + q]);
            c30 = b0.fma(v, c30); c31 = b1.fma(v, c31);
            v = FloatVector.broadcast(S, xp[x4 + q]);
            c40 = b0.fma(v, c40); c41 = b1.fma(v, c41);
            v = FloatVector.broadcast(S, xp[x5 + q]);
            c50 = b0.fma(v, c50); c51 = b1.fma(v, c51);
            v = FloatVector.broadcast(S, xp[x6 + q]);
            c60 = b0.fma(v, c60); c61 = b1.fma(v, c61);
            v = FloatVector.broadcast(S, xp[x7 + q]);
            c70 = b0.fma(v, c70); c71 = b1.fma(v, c71);
        }
        c00.intoArray(accv, ao); c01.intoArray(accv, ao + L);
        c10.intoArray(accv, ao + rs); c11.intoArray(accv, ao + rs + L);
        c20.intoArray(accv, ao + 2 * rs); c21.intoArray(accv, ao + 2 * rs + L);
        c30.intoArray(accv, ao + 3 * rs); c31.intoArray(accv, ao + 3 * rs + L);
        c40.intoArray(accv, ao + 4 * rs); c41.intoArray(accv, ao + 4 * rs + L);
        c50.intoArray(accv, ao + 5 * rs); c51.intoArray(accv, ao + 5 * rs + L);
        c60.intoArray(accv, ao + 6 * rs); c61.intoArray(accv, ao + 6 * rs + L);
        c70.intoArray(accv, ao + 7 * rs); c71.intoArray(accv, ao + 7 * rs + L);
    }
}
