package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import dev.axial.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Direct ("shifted input") float32 convolution for any stride, padding, dilation and groups, without a column
 * matrix. The input is zero-padded into Xp (C, Dp, Hp, Wp) (with strides: split into its stride phases, see
 * {@link Padded}); in that layout every kernel tap is a constant flat offset, so over the positions q of the padded
 * grid (Dout, Hp, Wp)
 * <pre>
 *   y[co, q]              = sum over ci, taps of w[co, ci, tap] * Xp[ci, q + off(tap)]   (forward)
 *   dw[co, ci, tap]       = sum over q of dy[co, q] * Xp[ci, q + off(tap)]             (filter gradient)
 * </pre>
 * where positions whose h or w index is past the output are garbage: the forward computes and drops them, the
 * filter gradient sees zeros there (dy is copied onto the padded grid).
 *
 * <p>Work items are slabs of output d-planes of one image (a fixed count per shape, at least 16 per batch where the
 * volume has the planes): each pads and splits just its slab's input (its planes plus the kernel's reach) into a
 * buffer private to its thread (~{@link #SLAB_BYTES}), so the split happens while the data is in cache and over
 * all the workers (it used to be a serial-per-image pass over the whole padded volume, which left the strided
 * layers memory-bound and flat from one thread to two).
 * <ul>
 * <li>forward: an 8 x 32 register tile (8 output channels x 2 vectors of positions, 16 accumulators, like
 * {@link Sgemm}'s micro-kernel): per (ci, tap) two unaligned loads straight from Xp, 8 broadcasts of the packed
 * weights, 16 FMAs; the whole (ci, tap) sum of a tile stays in registers, so each output element is one fixed
 * sequence of operations whatever the thread split;</li>
 * <li>filter gradient, output channels per group a multiple of 2 vectors: {@link CpuConvDirectFilter}'s 8 x 32
 * broadcast tile over channels-last dy; otherwise here, vectors along q: a 4 x 4 tile (4 output channels x 4
 * (ci, tap) rows) loads 4 dy and 4 shifted Xp vectors per 16 FMAs, accumulates over a fixed chunk of positions and
 * adds the lane sums into its slab's partial; the slabs' partials are summed in slab order: thread-count
 * independent.</li>
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
    /** Target bytes of one slab's padded input (a per-thread buffer, L3-resident). */
    private static final long SLAB_BYTES = 3L << 20;
    /** At least this many slabs per batch where the output has the planes (two threads balance to within 1/8). */
    private static final int SLAB_ITEMS = 16;
    /** Lane rotations by 8, 4, 2, 1: the steps of the fixed lane-sum tree of the filter gradient (L = 8 or 16). */
    private static final VectorShuffle<Float> ROT8 = VectorShuffle.fromOp(S, i -> (i + 8) % L),
            ROT4 = VectorShuffle.fromOp(S, i -> (i + 4) % L), ROT2 = VectorShuffle.fromOp(S, i -> (i + 2) % L),
            ROT1 = VectorShuffle.fromOp(S, i -> (i + 1) % L);
    /** Even and odd lanes of two concatenated vectors (indices >= L select from the second): the stride-2 W split. */
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(S, i -> 2 * i), ODD = VectorShuffle.fromOp(S, i -> 2 * i + 1);
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
     * The padded geometry of one slab: {@code planes} output d-planes of one image (the last slab of an image may have
     * fewer). With strides, the padded input is split into its stride phases (polyphase): phase (a, b, c) holds
     * Xpad[j0*s0 + a, j1*s1 + b, j2*s2 + c] on a grid of ceil(padded / stride) per dim, so a tap (kd, kh, kw) reads
     * phase ((kd*d0) mod s0, ...) at grid offset ((kd*d0) div s0, ...) and is again one constant flat offset from the
     * output position: the same kernels serve every stride. {@code dp, hp, wp}: the slab grid's extents (dp covers
     * the slab's planes and the kernel's reach); {@code plane = hp * wp}; {@code pv}: one phase volume; {@code chan}:
     * one channel (all phases + zero slack); {@code positions}: planes * plane.
     */
    /** Heap buffers of one thread's fills: an input plane, a padded row, two phase rows, the split padded plane. */
    record Scratch(float[] in, float[] row, float[] phase, float[] split) {}

    record Padded(CpuConvColumns g, int planes, int slabs, int dp, int hp, int wp, long plane, long pv, long chan,
                          long positions, int[] taps) {
        static Padded of(CpuConvColumns g) {
            int[] in = g.in(), k = g.k(), p = g.p(), d = g.d(), s = g.s(), out = g.out();
            int hp = Math.ceilDiv(in[1] + 2 * p[1], s[1]), wp = Math.ceilDiv(in[2] + 2 * p[2], s[2]);
            long plane = (long) hp * wp, phases = (long) s[0] * s[1] * s[2];
            // a slab's buffer near SLAB_BYTES (L3-resident while its tiles run), but at least SLAB_ITEMS work items
            // per batch where the volume allows: the slabs depend on the shape only, never on the thread count
            long perPlane = g.cin() * phases * plane * 4;
            int planes = (int) Math.clamp(SLAB_BYTES / perPlane, 1, out[0]);
            planes = Math.max(1, Math.min(planes, g.n() * out[0] / SLAB_ITEMS));
            int slabs = Math.ceilDiv(out[0], planes);
            int dp = Math.ceilDiv((planes - 1) * s[0] + (k[0] - 1) * d[0] + 1, s[0]);
            long pv = dp * plane;
            long positions = planes * plane;
            // the last tile reads up to NR past the positions, and every tap reaches at most a row span further
            long chan = phases * pv + (long) (k[1] - 1) * d[1] * wp + (long) (k[2] - 1) * d[2] + 2L * NR;
            int[] taps = new int[g.kvol()];
            for (int kd = 0, t = 0; kd < k[0]; kd++)
                for (int kh = 0; kh < k[1]; kh++)
                    for (int kw = 0; kw < k[2]; kw++, t++) {
                        int a = kd * d[0], b = kh * d[1], c = kw * d[2];
                        long phase = ((long) (a % s[0]) * s[1] + b % s[1]) * s[2] + c % s[2];
                        taps[t] = Math.toIntExact(phase * pv + (a / s[0]) * plane + (long) (b / s[1]) * wp + c / s[2]);
                    }
            return new Padded(g, planes, slabs, dp, hp, wp, plane, pv, chan, positions, taps);
        }

        /** Output d-planes in slab sl. */
        int planesOf(int sl) { return Math.min(planes, g.out()[0] - sl * planes); }

        /**
         * Xp of all channels for slab sl of image ni, into this thread's buffer (its h/w borders and slack stay zero
         * from the allocation; d-planes outside the input are zeroed, as a previous slab may have left data there).
         * Per work item, so the split input is still in cache when the tiles read it, and it scales with the cores.
         */
        void fill(MemorySegment x, long xOff, int ni, int sl, MemorySegment xp, Scratch sc) {
            fill(x, xOff, ni, sl, sc, (ci, pos, a, from, n) -> {
                if (a == null) xp.asSlice((ci * chan + pos) * 4, n * 4L).fill((byte) 0);
                else MemorySegment.copy(a, from, xp, F, (ci * chan + pos) * 4, n);
            });
        }

        /** Receives one phase plane of channel ci at position pos of the channel (a == null: zeros). */
        @FunctionalInterface
        interface PlaneSink {
            void put(int ci, long pos, float[] a, int from, int n);
        }

        /** The fill, each phase plane handed to {@code sink} (the layout is the sink's). */
        void fill(MemorySegment x, long xOff, int ni, int sl, Scratch sc, PlaneSink sink) {
            int[] in = g.in(), p = g.p(), s = g.s();
            int c = g.cin(), pd0 = sl * planes * s[0], wp2 = Sgemm.roundUp(wp, L), hw = s[1] * s[2];
            long iv = g.inVox();
            float[] inPl = sc.in, row = sc.row, phase = sc.phase, split = sc.split;
            for (int ci = 0; ci < c; ci++)
                for (int pl = 0; pl < dp * s[0]; pl++) {
                    int id = pd0 + pl - p[0];
                    long cBase = (long) (pl % s[0]) * hw * pv + (pl / s[0]) * plane;
                    if (id < 0 || id >= in[0]) {
                        for (int ph = 0; ph < hw; ph++) sink.put(ci, cBase + ph * pv, null, 0, (int) plane);
                        continue;
                    }
                    // NOTE: the plane is split on the heap, with one segment copy in and one out per phase plane:
                    // per-row segment copies (24-96 floats) cost more in their checks than in the copying
                    MemorySegment.copy(x, F, (xOff + ((long) ni * c + ci) * iv + (long) id * in[1] * in[2]) * 4, inPl, 0,
                            in[1] * in[2]);
                    for (int ih = 0; ih < in[1]; ih++) {
                        int ph = ih + p[1];
                        int base = (ph % s[1]) * s[2] * (int) plane + (ph / s[1]) * wp;
                        if (s[2] == 1) {
                            System.arraycopy(inPl, ih * in[2], split, base + p[2], in[2]);
                            continue;
                        }
                        // strided W: the padded row (zero outside the input), then its phases
                        System.arraycopy(inPl, ih * in[2], row, p[2], in[2]);
                        if (s[2] == 2) {
                            // stride 2 (the common case) split by vector permutes
                            for (int jw = 0; jw < wp; jw += L) {
                                FloatVector a = FloatVector.fromArray(S, row, 2 * jw), b = FloatVector.fromArray(S, row, 2 * jw + L);
                                a.rearrange(EVEN, b).intoArray(phase, jw);
                                a.rearrange(ODD, b).intoArray(phase, jw + wp2);
                            }
                            System.arraycopy(phase, 0, split, base, wp);
                            System.arraycopy(phase, wp2, split, base + (int) plane, wp);
                            continue;
                        }
                        for (int cw = 0; cw < s[2]; cw++)
                            for (int jw = 0; jw < wp; jw++) split[base + cw * (int) plane + jw] = row[jw * s[2] + cw];
                    }
                    for (int ph = 0; ph < hw; ph++) sink.put(ci, cBase + ph * pv, split, ph * (int) plane, (int) plane);
                }
        }

        /** Per-thread heap buffers of {@link #fill}; the split plane's borders stay zero (only data rows are written). */
        Scratch scratch() {
            int[] in = g.in(), s = g.s();
            return new Scratch(new float[in[1] * in[2]], new float[s[2] * (Sgemm.roundUp(wp, L) + L)],
                    new float[2 * Sgemm.roundUp(wp, L)], new float[s[1] * s[2] * (int) plane]);
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
        zero(s);
        return s;
    }

    /** Zero-fills s over the workers in 1 MiB slices. */
    static void zero(MemorySegment s) {
        long bytes = s.byteSize(), slice = 1 << 20;
        Parallel.forRange((bytes + slice - 1) / slice, 1, (a, b) ->
                s.asSlice(a * slice, Math.min(bytes, b * slice) - a * slice).fill((byte) 0));
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
        long items = (long) g.n() * pd.slabs();
        MemorySegment xs = CpuBackend.seg(x), ys = CpuBackend.seg(y);
        Parallel.forRange(items, 1, (s, e) -> {
            float[] tile = new float[MR * NR];
            Scratch sc = pd.scratch();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment xp = arena.allocate(g.cin() * pd.chan() * 4, 64);
                for (long it = s; it < e; it++) {
                    int ni = (int) (it / pd.slabs()), sl = (int) (it % pd.slabs());
                    pd.fill(xs, x.offset(), ni, sl, xp, sc);
                    long positions = pd.planesOf(sl) * pd.plane(), tiles = (positions + NR - 1) / NR;
                    long yImg = y.offset() + (long) ni * g.cout() * g.outVox() + (long) sl * pd.planes() * g.out()[1] * g.out()[2];
                    // chunks of FWD_TILES tiles: their input stays in L2 while every block of output channels runs
                    for (long t0 = 0; t0 < tiles; t0 += FWD_TILES) {
                        long t1 = Math.min(tiles, t0 + FWD_TILES);
                        for (int gi = 0; gi < groups; gi++) {
                            long xg = (long) gi * g.cinG() * pd.chan() * 4;
                            for (int b = 0; b < blocks; b++) {
                                int wo = (gi * blocks + b) * rows * MR, co0 = gi * kg + b * MR, mr = Math.min(MR, kg - b * MR);
                                for (long t = t0; t < t1; t++) {
                                    long q0 = t * NR;
                                    block(rows, wp, wo, xp, xg + q0 * 4, offs, tile);
                                    store(tile, q0, positions, pd, ys, yImg, co0, mr, bv);
                                }
                            }
                        }
                    }
                }
            }
        });
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
    private static void store(float[] tile, long q0, long positions, Padded pd, MemorySegment ys, long yImg, int co0,
                              int mr, float[] bv) {
        int[] out = pd.g().out();
        long ov = pd.g().outVox();
        long q = q0, end = Math.min(q0 + NR, positions);
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
        // dy of a slab on the padded grid, zero at the garbage positions, rounded up to whole vectors
        long dChan = (pd.positions() + L - 1) / L * L;
        long[] offs = pd.rowOffsets(4);
        int wg = kg * rows;
        long items = (long) g.n() * pd.slabs();
        // one partial per slab (fixed by the shape), summed in slab order below: thread-count independent
        float[][] partial = new float[(int) items][groups * wg];
        MemorySegment xs = CpuBackend.seg(x), ys = CpuBackend.seg(dy);
        Parallel.forRange(items, 1, (s, e) -> {
            float[] tile = new float[16 * L + 16];
            Scratch sc = pd.scratch();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment xp = arena.allocate(g.cin() * pd.chan() * 4, 64), dp = arena.allocate(cout * dChan * 4, 64);
                for (long it = s; it < e; it++) {
                    int ni = (int) (it / pd.slabs()), sl = (int) (it % pd.slabs()), np = pd.planesOf(sl);
                    pd.fill(xs, x.offset(), ni, sl, xp, sc);
                    long yImg = dy.offset() + (long) ni * cout * ov;
                    for (int co = 0; co < cout; co++)
                        for (int pl = 0; pl < pd.planes(); pl++) {
                            long at = (co * dChan + pl * pd.plane()) * 4;
                            if (pl >= np) {
                                // a short last slab: planes a previous slab filled must read as zero
                                dp.asSlice(at, pd.plane() * 4).fill((byte) 0);
                                continue;
                            }
                            int od = sl * pd.planes() + pl;
                            for (int oh = 0; oh < out[1]; oh++)
                                MemorySegment.copy(ys, (yImg + co * ov + ((long) od * out[1] + oh) * out[2]) * 4, dp,
                                        at + (long) oh * pd.wp() * 4, out[2] * 4L);
                        }
                    long n = (np * pd.plane() + L - 1) / L * L;
                    float[] acc = partial[(int) it];
                    for (int gi = 0; gi < groups; gi++) {
                        long xg = (long) gi * g.cinG() * pd.chan() * 4;
                        long dg = (long) gi * kg * dChan * 4;
                        for (long q0 = 0; q0 < n; q0 += BWD_CHUNK) {
                            int len = (int) Math.min(BWD_CHUNK, n - q0);
                            for (int co0 = 0; co0 < kg; co0 += 4)
                                for (int r0 = 0; r0 < rows; r0 += 4)
                                    filterTile(dp, dg + q0 * 4, dChan * 4, co0, kg, xp, xg + q0 * 4, offs, r0, rows, len,
                                            acc, gi * wg, tile);
                        }
                    }
                }
            }
        });
        float[] total = new float[groups * wg];
        Parallel.forRange(total.length, 1 << 12, (s, e) -> {
            for (float[] acc : partial)
                for (int i = (int) s; i < e; i++) total[i] += acc[i];
        });
        MemorySegment.copy(total, 0, CpuBackend.seg(dw), F, dw.offset() * 4, total.length);
    }

    /**
     * acc[co, r] += sum over n positions of dy[co, q] * Xp[q + offs[r]] for 4 output channels (from co0) and 4 rows
     * (from r0); rows and channels past the end repeat the last one and are dropped.
     */
    private static void filterTile(MemorySegment dp, long dAt, long dChan, int co0, int kg, MemorySegment xp, long xAt,
                                   long[] offs, int r0, int rows, int n, float[] acc, int accOff, float[] tile) {
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
            for (int j = 0; j < rn; j++) acc[accOff + (co0 + i) * rows + r0 + j] += tile[16 * L + i * 4 + j];
    }
}
