package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import dev.axial.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Direct ("shifted input") float32 convolution for any stride, padding, dilation and groups, without a column
 * matrix. The input of one image is zero-padded once into Xp (C, Dp, Hp, Wp) (with strides: split into its stride
 * phases, see {@link Padded}); in that layout every kernel tap is a constant flat offset, so over the positions q
 * of the padded grid (Dout, Hp, Wp)
 * <pre>
 *   y[co, q]              = sum over ci, taps of w[co, ci, tap] * Xp[ci, q + off(tap)]   (forward)
 *   dw[co, ci, tap]       = sum over q of dy[co, q] * Xp[ci, q + off(tap)]             (filter gradient)
 * </pre>
 * where positions whose h or w index is past the output are garbage: the forward computes and drops them, the
 * filter gradient sees zeros there (dy is copied onto the padded grid once per image).
 * <ul>
 * <li>forward: an 8 x 32 register tile (8 output channels x 2 vectors of positions, 16 accumulators, like
 * {@link Sgemm}'s micro-kernel): per (ci, tap) two unaligned loads straight from Xp, 8 broadcasts of the packed
 * weights, 16 FMAs; the whole (ci, tap) sum of a tile stays in registers, so each output element is one fixed
 * sequence of operations whatever the thread split (work items: fixed chunks of positions);</li>
 * <li>filter gradient: vectors run along q: a 4 x 4 tile (4 output channels x 4 (ci, tap) rows) loads 4 dy and
 * 4 shifted Xp vectors per 16 FMAs, accumulates over a fixed chunk of positions and adds the lane sums into one of
 * a fixed number of partials (chunks in order), which are summed in a fixed order: thread-count independent.</li>
 * </ul>
 * Backward data with stride 1 is a forward convolution ({@code CpuConv.asForward}), so it runs here too; strided,
 * {@link CpuConvDirectData} reuses the forward's tile per stride phase.
 *
 * <pre>{@code
 * if (CpuConvDirect.applies(y.dtype(), g)) CpuConvDirect.forward(y, x, w, bias, g);
 * }</pre>
 */
final class CpuConvDirect {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Forward tile: MR output channels x NR positions. */
    static final int MR = 8;
    static final int NR = 2 * L;
    /** Forward work item: this many tiles of positions (a fixed split: results do not depend on the thread count). */
    static final int FWD_TILES = 64;
    /** Filter-gradient chunk of positions per accumulation (the 4 dy rows of a tile stay in L1). */
    private static final int BWD_CHUNK = 1024;
    /** Partial sums of the filter gradient per image: fixed, so the sum order does not depend on the thread count. */
    private static final int FILTER_PARTIALS = 16;
    /** Lane rotations by 8, 4, 2, 1: the steps of the fixed lane-sum tree of the filter gradient (L = 8 or 16). */
    private static final VectorShuffle<Float> ROT8 = VectorShuffle.fromOp(S, i -> (i + 8) % L),
            ROT4 = VectorShuffle.fromOp(S, i -> (i + 4) % L), ROT2 = VectorShuffle.fromOp(S, i -> (i + 2) % L),
            ROT1 = VectorShuffle.fromOp(S, i -> (i + 1) % L);
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private CpuConvDirect() {}

    /**
     * {@code -Daxial.conv.direct=false} routes float32 through vol2col + GEMM as well: for before/after measurements
     * (benchmarks/README.md) and to rule this path out when chasing a numerical difference.
     */
    private static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("axial.conv.direct", "true"));

    /** float32, any stride (the rule and its measurements: {@link CpuConv}). */
    static boolean applies(DType dt, CpuConvColumns g) {
        return dt == DType.FLOAT32 && ENABLED && vector();
    }

    /** The kernels assume 512-bit vectors' tile widths are cheap; any width works, but below 256 bits the GEMM path wins. */
    private static boolean vector() { return L == 8 || L == 16; }

    /**
     * The padded geometry of one image. With strides, the padded input is split into its stride phases (polyphase):
     * phase (a, b, c) holds Xpad[j0*s0 + a, j1*s1 + b, j2*s2 + c] on a grid of ceil(padded / stride) per dim, so a
     * tap (kd, kh, kw) reads phase ((kd*d0) mod s0, ...) at grid offset ((kd*d0) div s0, ...) and is again one constant
     * flat offset from the output position: the same kernels serve every stride. {@code hp, wp}: the grid's H and W
     * extents; {@code plane = hp * wp}; {@code pv}: one phase volume; {@code chan}: one channel (all phases + zero
     * slack); {@code positions}: out[0] * plane.
     */
    private record Padded(CpuConvColumns g, int hp, int wp, long plane, long pv, long chan, long positions, int[] taps) {
        static Padded of(CpuConvColumns g) {
            int[] in = g.in(), k = g.k(), p = g.p(), d = g.d(), s = g.s();
            int dp = Math.ceilDiv(in[0] + 2 * p[0], s[0]), hp = Math.ceilDiv(in[1] + 2 * p[1], s[1]);
            int wp = Math.ceilDiv(in[2] + 2 * p[2], s[2]);
            long plane = (long) hp * wp, pv = dp * plane;
            long positions = g.out()[0] * plane;
            // the last tile reads up to NR past the positions, and every tap reaches at most a row span further
            long chan = (long) s[0] * s[1] * s[2] * pv + (long) (k[1] - 1) * d[1] * wp + (long) (k[2] - 1) * d[2] + 2L * NR;
            int[] taps = new int[g.kvol()];
            for (int kd = 0, t = 0; kd < k[0]; kd++)
                for (int kh = 0; kh < k[1]; kh++)
                    for (int kw = 0; kw < k[2]; kw++, t++) {
                        int a = kd * d[0], b = kh * d[1], c = kw * d[2];
                        long phase = ((long) (a % s[0]) * s[1] + b % s[1]) * s[2] + c % s[2];
                        taps[t] = Math.toIntExact(phase * pv + (a / s[0]) * plane + (long) (b / s[1]) * wp + c / s[2]);
                    }
            return new Padded(g, hp, wp, plane, pv, chan, positions, taps);
        }

        /** Xp of all channels of image ni (the borders and slack stay zero from the first fill). */
        void fill(MemorySegment x, long xOff, int ni, MemorySegment xp) {
            int[] in = g.in(), p = g.p(), s = g.s();
            int c = g.cin();
            long iv = g.inVox();
            Parallel.forRange((long) c * in[0], 16, (st, e) -> {
                // strided W: the padded row on the heap, then each phase's row out in one copy
                float[] row = s[2] == 1 ? null : new float[s[2] * wp], phase = s[2] == 1 ? null : new float[wp];
                for (long it = st; it < e; it++) {
                    long ci = it / in[0];
                    int id = (int) (it % in[0]);
                    long src = xOff + ((long) ni * c + ci) * iv + (long) id * in[1] * in[2];
                    int pd = id + p[0];
                    for (int ih = 0; ih < in[1]; ih++) {
                        int ph = ih + p[1];
                        long at = src + (long) ih * in[2];
                        long base = ci * chan + ((long) (pd % s[0]) * s[1] + ph % s[1]) * s[2] * pv
                                + (pd / s[0]) * plane + (long) (ph / s[1]) * wp;
                        if (s[2] == 1) {
                            MemorySegment.copy(x, at * 4, xp, (base + p[2]) * 4, in[2] * 4L);
                            continue;
                        }
                        MemorySegment.copy(x, F, at * 4, row, p[2], in[2]);
                        for (int cw = 0; cw < s[2]; cw++) {
                            for (int jw = 0; jw < wp; jw++) phase[jw] = row[jw * s[2] + cw];
                            MemorySegment.copy(phase, 0, xp, F, (base + cw * pv) * 4, wp);
                        }
                    }
                }
            });
        }

        /** Byte offsets of Xp for the flattened (ci, tap) rows of one group, rows padded to a multiple of {@code to}. */
        long[] rowOffsets(int to) {
            int kv = taps.length, rows = g.cinG() * kv;
            long[] offs = new long[Sgemm.roundUp(rows, to)];
            for (int r = 0; r < offs.length; r++) {
                int rr = Math.min(r, rows - 1);
                offs[r] = ((rr / kv) * chan + taps[rr % kv]) * 4;
            }
            return offs;
        }
    }

    /** The buffer's segment, zero-filled over the workers in 1 MiB slices (a serial fill of the 16-60 MB buffers
     * cost ~5% of a two-thread pass). */
    static MemorySegment zeroed(Tensor t) {
        MemorySegment s = CpuBackend.seg(t);
        long bytes = s.byteSize(), slice = 1 << 20;
        Parallel.forRange((bytes + slice - 1) / slice, 1, (a, b) ->
                s.asSlice(a * slice, Math.min(bytes, b * slice) - a * slice).fill((byte) 0));
        return s;
    }

    // ---------------------------------------------------------------- forward

    static void forward(Tensor y, Tensor x, Tensor w, Tensor bias, CpuConvColumns g) {
        Padded pd = Padded.of(g);
        int kg = g.coutG(), groups = g.groups(), rows = g.rows();
        int blocks = (kg + MR - 1) / MR;
        // wp[gi][block][r][MR]: the MR weights of one (ci, tap) row contiguous, zero past K/g
        float[] wp = new float[groups * blocks * rows * MR];
        MemorySegment ws = CpuBackend.seg(w);
        for (int gi = 0; gi < groups; gi++)
            for (int co = 0; co < kg; co++) {
                long src = w.offset() + (long) (gi * kg + co) * rows;
                int dst = ((gi * blocks + co / MR) * rows) * MR + co % MR;
                for (int r = 0; r < rows; r++) wp[dst + r * MR] = ws.get(F, (src + r) * 4);
            }
        float[] bv = new float[g.cout()];
        if (bias != null) MemorySegment.copy(CpuBackend.seg(bias), F, bias.offset() * 4, bv, 0, bv.length);
        long[] offs = pd.rowOffsets(1);
        long tiles = (pd.positions() + NR - 1) / NR, items = (tiles + FWD_TILES - 1) / FWD_TILES;
        MemorySegment xs = CpuBackend.seg(x), ys = CpuBackend.seg(y);
        try (Tensor buf = Tensor.empty(DType.FLOAT32, x.device(), g.cin() * pd.chan())) {
            MemorySegment xp = zeroed(buf);
            for (int ni = 0; ni < g.n(); ni++) {
                pd.fill(xs, x.offset(), ni, xp);
                long yImg = y.offset() + (long) ni * g.cout() * g.outVox();
                Parallel.forRange(items, 1, (s, e) -> {
                    float[] tile = new float[MR * NR];
                    for (long it = s; it < e; it++) {
                        long t1 = Math.min(tiles, (it + 1) * FWD_TILES);
                        for (int gi = 0; gi < groups; gi++) {
                            long xg = (long) gi * g.cinG() * pd.chan() * 4;
                            for (int b = 0; b < blocks; b++) {
                                int wo = (gi * blocks + b) * rows * MR, co0 = gi * kg + b * MR, mr = Math.min(MR, kg - b * MR);
                                for (long t = it * FWD_TILES; t < t1; t++) {
                                    long q0 = t * NR;
                                    block(rows, wp, wo, xp, xg + q0 * 4, offs, tile);
                                    store(tile, q0, pd, ys, yImg, co0, mr, bv);
                                }
                            }
                        }
                    }
                });
            }
        }
    }

    /**
     * tile (MR x NR) = sum over the (ci, tap) rows of wp[row] (MR) x Xp[at + offs[row] ..] (NR).
     * NOTE: accumulators go to a heap tile, as in {@link Sgemm}: storing them straight into y with the row cropping
     * inline would exceed C2's inlining budget.
     */
    static void block(int rows, float[] wp, int wo, MemorySegment xp, long at, long[] offs, float[] tile) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        FloatVector c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
        for (int r = 0; r < rows; r++, wo += MR) {
            long o = at + offs[r];
            FloatVector b0 = FloatVector.fromMemorySegment(S, xp, o, LE);
            FloatVector b1 = FloatVector.fromMemorySegment(S, xp, o + 4L * L, LE);
            FloatVector v = FloatVector.broadcast(S, wp[wo]);
            c00 = b0.fma(v, c00); c01 = b1.fma(v, c01);
            v = FloatVector.broadcast(S, wp[wo + 1]);
            c10 = b0.fma(v, c10); c11 = b1.fma(v, c11);
            v = FloatVector.broadcast(S, wp[wo + 2]);
            c20 = b0.fma(v, c20); c21 = b1.fma(v, c21);
            v = FloatVector.broadcast(S, wp[wo + 3]);
            c30 = b0.fma(v, c30); c31 = b1.fma(v, c31);
            v = FloatVector.broadcast(S, wp[wo + 4]);
            c40 = b0.fma(v, c40); c41 = b1.fma(v, c41);
            v = FloatVector.broadcast(S, wp[wo + 5]);
            c50 = b0.fma(v, c50); c51 = b1.fma(v, c51);
            v = FloatVector.broadcast(S, wp[wo + 6]);
            c60 = b0.fma(v, c60); c61 = b1.fma(v, c61);
            v = FloatVector.broadcast(S, wp[wo + 7]);
            c70 = b0.fma(v, c70); c71 = b1.fma(v, c71);
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

    /** Writes the valid positions of a tile (+ bias) into y rows co0.., one run per output row it crosses. */
    private static void store(float[] tile, long q0, Padded pd, MemorySegment ys, long yImg, int co0, int mr, float[] bv) {
        int[] out = pd.g().out();
        long ov = pd.g().outVox();
        long q = q0, end = Math.min(q0 + NR, pd.positions());
        while (q < end) {
            int od = (int) (q / pd.plane());
            int rem = (int) (q - od * pd.plane());
            int oh = rem / pd.wp(), ow = rem - oh * pd.wp();
            int run = (int) Math.min(pd.wp() - ow, end - q);
            if (oh < out[1] && ow < out[2]) {
                int n = Math.min(run, out[2] - ow), j0 = (int) (q - q0);
                long dst = yImg + ((long) od * out[1] + oh) * out[2] + ow;
                for (int i = 0; i < mr; i++) {
                    float b = bv[co0 + i];
                    int src = i * NR + j0;
                    long at = (dst + (co0 + i) * ov) * 4;
                    for (int j = 0; j < n; j++) ys.set(F, at + 4L * j, tile[src + j] + b);
                }
            }
            q += run;
        }
    }

    // ---------------------------------------------------------------- filter gradient

    static void backwardFilter(Tensor dw, Tensor x, Tensor dy, CpuConvColumns g) {
        Padded pd = Padded.of(g);
        int kg = g.coutG(), groups = g.groups(), rows = g.rows(), cout = g.cout();
        int[] out = g.out();
        long ov = g.outVox();
        // dy on the padded grid, zero at the garbage positions, rounded up to whole vectors plus a chunk of slack
        long dChan = (pd.positions() + L - 1) / L * L;
        long chunks = (dChan + BWD_CHUNK - 1) / BWD_CHUNK;
        int parts = (int) Math.min(FILTER_PARTIALS, chunks);
        long[] offs = pd.rowOffsets(4);
        int wg = kg * rows;
        float[] total = new float[groups * wg];
        MemorySegment xs = CpuBackend.seg(x), ys = CpuBackend.seg(dy);
        try (Tensor xbuf = Tensor.empty(DType.FLOAT32, x.device(), g.cin() * pd.chan());
             Tensor dbuf = Tensor.empty(DType.FLOAT32, x.device(), cout * dChan)) {
            MemorySegment xp = zeroed(xbuf), dp = zeroed(dbuf);
            float[][] partial = new float[groups * parts][wg];
            for (int ni = 0; ni < g.n(); ni++) {
                pd.fill(xs, x.offset(), ni, xp);
                long yImg = dy.offset() + (long) ni * cout * ov;
                Parallel.forRange((long) cout * out[0], 16, (s, e) -> {
                    for (long it = s; it < e; it++) {
                        long co = it / out[0];
                        int od = (int) (it % out[0]);
                        for (int oh = 0; oh < out[1]; oh++)
                            MemorySegment.copy(ys, (yImg + co * ov + ((long) od * out[1] + oh) * out[2]) * 4, dp,
                                    (co * dChan + od * pd.plane() + (long) oh * pd.wp()) * 4, out[2] * 4L);
                    }
                });
                Parallel.forRange((long) groups * parts, 1, (s, e) -> {
                    for (long it = s; it < e; it++) {
                        int gi = (int) (it / parts), part = (int) (it % parts);
                        float[] acc = partial[(int) it], tile = new float[16 * L + 16];
                        java.util.Arrays.fill(acc, 0f);
                        long xg = (long) gi * g.cinG() * pd.chan() * 4;
                        long dg = (long) gi * kg * dChan * 4;
                        for (long c = chunks * part / parts; c < chunks * (part + 1) / parts; c++) {
                            long q0 = c * BWD_CHUNK;
                            int n = (int) Math.min(BWD_CHUNK, dChan - q0);
                            for (int co0 = 0; co0 < kg; co0 += 4)
                                for (int r0 = 0; r0 < rows; r0 += 4)
                                    filterTile(dp, dg + q0 * 4, dChan * 4, co0, kg, xp, xg + q0 * 4, offs, r0, rows, n, acc, tile);
                        }
                    }
                });
                // this image's partials, in part order, onto the running total (images in order)
                for (int gi = 0; gi < groups; gi++)
                    for (int part = 0; part < parts; part++) {
                        float[] acc = partial[gi * parts + part];
                        for (int i = 0; i < wg; i++) total[gi * wg + i] += acc[i];
                    }
            }
        }
        MemorySegment.copy(total, 0, CpuBackend.seg(dw), F, dw.offset() * 4, total.length);
    }

    /**
     * acc[co, r] += sum over n positions of dy[co, q] * Xp[q + offs[r]] for 4 output channels (from co0) and 4 rows
     * (from r0); rows and channels past the end repeat the last one and are dropped.
     */
    private static void filterTile(MemorySegment dp, long dAt, long dChan, int co0, int kg, MemorySegment xp, long xAt,
                                   long[] offs, int r0, int rows, int n, float[] acc, float[] tile) {
        long d0 = dAt + co0 * dChan, d1 = dAt + Math.min(co0 + 1, kg - 1) * dChan;
        long d2 = dAt + Math.min(co0 + 2, kg - 1) * dChan, d3 = dAt + Math.min(co0 + 3, kg - 1) * dChan;
        long x0 = xAt + offs[r0], x1 = xAt + offs[r0 + 1], x2 = xAt + offs[r0 + 2], x3 = xAt + offs[r0 + 3];
        FloatVector z = FloatVector.zero(S);
        FloatVector a00 = z, a01 = z, a02 = z, a03 = z, a10 = z, a11 = z, a12 = z, a13 = z;
        FloatVector a20 = z, a21 = z, a22 = z, a23 = z, a30 = z, a31 = z, a32 = z, a33 = z;
        for (long j = 0, nb = 4L * n; j < nb; j += 4L * L) {
            FloatVector v0 = FloatVector.fromMemorySegment(S, xp, x0 + j, LE);
            FloatVector v1 = FloatVector.fromMemorySegment(S, xp, x1 + j, LE);
            FloatVector v2 = FloatVector.fromMemorySegment(S, xp, x2 + j, LE);
            FloatVector v3 = FloatVector.fromMemorySegment(S, xp, x3 + j, LE);
            FloatVector u = FloatVector.fromMemorySegment(S, dp, d0 + j, LE);
            a00 = u.fma(v0, a00); a01 = u.fma(v1, a01); a02 = u.fma(v2, a02); a03 = u.fma(v3, a03);
            u = FloatVector.fromMemorySegment(S, dp, d1 + j, LE);
            a10 = u.fma(v0, a10); a11 = u.fma(v1, a11); a12 = u.fma(v2, a12); a13 = u.fma(v3, a13);
            u = FloatVector.fromMemorySegment(S, dp, d2 + j, LE);
            a20 = u.fma(v0, a20); a21 = u.fma(v1, a21); a22 = u.fma(v2, a22); a23 = u.fma(v3, a23);
            u = FloatVector.fromMemorySegment(S, dp, d3 + j, LE);
            a30 = u.fma(v0, a30); a31 = u.fma(v1, a31); a32 = u.fma(v2, a32); a33 = u.fma(v3, a33);
        }
        a00.intoArray(tile, 0); a01.intoArray(tile, L); a02.intoArray(tile, 2 * L); a03.intoArray(tile, 3 * L);
        a10.intoArray(tile, 4 * L); a11.intoArray(tile, 5 * L); a12.intoArray(tile, 6 * L); a13.intoArray(tile, 7 * L);
        a20.intoArray(tile, 8 * L); a21.intoArray(tile, 9 * L); a22.intoArray(tile, 10 * L); a23.intoArray(tile, 11 * L);
        a30.intoArray(tile, 12 * L); a31.intoArray(tile, 13 * L); a32.intoArray(tile, 14 * L); a33.intoArray(tile, 15 * L);
        // NOTE: not reduceLanes(ADD): its order is unspecified, and C2's differs from the interpreter's, so results
        // changed with the JIT state (caught by the thread-count test). A fixed tree instead: lane i + lane i + L/2,
        // then + L/4, ..., each step a permute and an elementwise add (strided gathers instead cost ~15%).
        int cn = Math.min(4, kg - co0), rn = Math.min(4, rows - r0);
        for (int a = 0; a < 16; a++) {
            FloatVector v = FloatVector.fromArray(S, tile, a * L);
            if (L == 16) v = v.add(v.rearrange(ROT8));
            v = v.add(v.rearrange(ROT4));
            v = v.add(v.rearrange(ROT2));
            v = v.add(v.rearrange(ROT1));
            tile[16 * L + a] = v.lane(0);
        }
        for (int i = 0; i < cn; i++)
            for (int j = 0; j < rn; j++) acc[(co0 + i) * rows + r0 + j] += tile[16 * L + i * 4 + j];
    }
}
