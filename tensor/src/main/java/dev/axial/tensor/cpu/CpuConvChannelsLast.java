package dev.axial.tensor.cpu;

import dev.axial.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Direct float32 convolution on channels-last copies, for the small volumes of a UNet's deeper levels: a tile is
 * 8 output positions x 1 or 2 vectors of channels, or 6 x 4 (any positions: each has its own base offset), so only
 * real output positions are computed. {@link CpuConvDirect} tiles positions along the padded grid's rows,
 * where a 6³ output wastes 44% of every tile on the h/w padding (8² grid per 6² plane) and its tiles are few; on the
 * CPU demo's 6-12³ layers this runs 1.2-2.6x faster (the measurements: {@link CpuConv}).
 *
 * <p>The source (the input for the forward and the filter gradient, dy for the strided data gradient) is copied
 * zero-padded and channels-last, Xc[n][a][b][c][ch]; a kernel tap is then one flat offset, and a tap's C channels
 * are C consecutive floats. Per (tap, channel) row a tile makes one broadcast of Xc per position, one load of the
 * packed weights per channel vector, and an FMA for each pair:
 * <pre>
 *   forward        y[q][co..]   += Xc[base(q) + off(tap) + ci] * W[tap][ci][co..]     (positions q of the output)
 *   data, strided  dx[i][ci..]  += Dc[base(i) + off(tap) + co] * W[tap][co][ci..]     (per stride phase of i: its taps)
 *   filter         dW[row][co..] += Xc[base(q) + off(row)] * Dc[q][co..]             (rows = (tap, ci), 8 per tile)
 * </pre>
 * The filter gradient's tile is 8 rows x the channel vectors, its sum runs over positions (chunks of
 * {@link #QC}) into one of a fixed number of partials per shape, summed in order; the forward and data tiles hold a
 * whole output element's sum in registers. Every result is bitwise independent of the thread count.
 *
 * <pre>{@code
 * if (CpuConvChannelsLast.appliesForward(g)) CpuConvChannelsLast.forward(y, x, w, bias, g);
 * }</pre>
 */
final class CpuConvChannelsLast {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Positions per forward / data tile; rows per filter tile. */
    static final int MR = 8;
    /** Positions per filter-gradient accumulation chunk (the chunk's dy rows stay in L1 across the row tiles). */
    private static final int QC = 128;
    /**
     * Largest channels-last copy (floats) made at once: bigger batches are copied and run a few images at a time
     * (not final: tests lower it to run several passes).
     */
    static long copyFloats = 16L << 20;
    /**
     * Largest volume (output positions per image) the forward and the filter gradient take here: at 24³
     * {@link CpuConvDirect}'s padded-grid tiles measured as fast or faster (16->16: 12.3 against 14.6 ms forward).
     */
    static final long MAX_VOX = 16L * 16 * 16;
    /**
     * The strided data gradient's limit (input positions per image): its alternative, {@link CpuConvDirectData}, splits
     * the work per phase on a padded grid too, and at 24³ this measured faster (16->32 stride 2: 6.8 -> 5.2 ms; the
     * transposed 64->16 to 24³: 11.4 -> 9.6 ms).
     */
    static final long MAX_DATA_VOX = 32L * 32 * 32;
    /** See {@link #appliesForward}. */
    static final double MIN_WASTE = 0.25;
    /** Filter gradient: floats of all partial sums together, at most (fewer partials for bigger weights). */
    private static final long PARTIAL_FLOATS = 2L << 20;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private CpuConvChannelsLast() {}

    /**
     * One group, at least one vector of channels, a small volume (the rule and its measurements: {@link CpuConv});
     * kernels of at most 255 taps along d and h ({@link #box} packs tap ranges in bytes).
     */
    private static boolean applies(CpuConvColumns g, int vectorChannels, long vox, long maxVox) {
        return g.groups() == 1 && vectorChannels >= L && vox <= maxVox && (L == 8 || L == 16) && g.k()[0] <= 255 && g.k()[1] <= 255;
    }

    /**
     * The forward and the filter gradient also need {@link CpuConvDirect}'s tiles to waste at least
     * {@link #MIN_WASTE} of each padded-grid plane: that waste is what this path saves, and where it is small the
     * copy costs more than it saves (JMH, batch 8, old -> new ms: 16->32 stride 2 at 24³, 15% waste, forward
     * 3.67 -> 4.98; 64->64 at 6³, 44%, 3.75 -> 2.75; 32->32 at 12³, 27%, 5.74 -> 5.71).
     */
    static boolean appliesForward(CpuConvColumns g) { return applies(g, g.cout(), g.outVox(), MAX_VOX) && paddedGridWaste(g) >= MIN_WASTE; }

    /** The share of {@link CpuConvDirect}'s padded (stride-phase) h x w grid that lies past the output. */
    static double paddedGridWaste(CpuConvColumns g) {
        int[] in = g.in(), p = g.p(), s = g.s(), out = g.out();
        double grid = (double) Math.ceilDiv(in[1] + 2 * p[1], s[1]) * Math.ceilDiv(in[2] + 2 * p[2], s[2]);
        return 1 - out[1] * (double) out[2] / grid;
    }

    /** The strided data gradient ({@link #backwardData}); with stride 1 it runs as a forward convolution. */
    static boolean appliesData(CpuConvColumns g) { return applies(g, g.cin(), g.inVox(), MAX_DATA_VOX); }

    /** The filter gradient: the forward's rule (the same copy of the input, the same padded-grid waste saved). */
    static boolean appliesFilter(CpuConvColumns g) { return appliesForward(g); }

    // ---------------------------------------------------------------- the channels-last copies

    /**
     * The zero-padded channels-last copy of images [n0, n1) of src (N, C, dims...): grid extents {@code e}, the
     * data at grid index {@code lo + i}, every grid element written (the pad as zeros), so {@code dst} may be a reused
     * buffer. Parallel over (image, grid d-plane); channels go from planes to lanes by vector gathers where C is a
     * whole number of vectors (scalar, element by element, this copy took ~15% of a stride-2 16->32 forward).
     */
    private static void pack(MemorySegment src, long off, int c, int[] dims, int[] lo, int[] e, int n0, int n1, float[] dst) {
        int plane = dims[1] * dims[2], gridPlane = e[1] * e[2] * c, row = e[2] * c;
        long vol = (long) dims[0] * plane, grid = (long) e[0] * gridPlane;
        int[] lanes = new int[L];
        for (int i = 0; i < L; i++) lanes[i] = i * plane;
        boolean gather = c % L == 0;
        Parallel.forRange((long) (n1 - n0) * e[0], 1, (s, en) -> {
            float[] tmp = new float[c * plane];
            for (long it = s; it < en; it++) {
                int ni = (int) (it / e[0]), a = (int) (it % e[0]), id = a - lo[0];
                int pl = (int) (ni * grid + (long) a * gridPlane);
                if (id < 0 || id >= dims[0]) {
                    java.util.Arrays.fill(dst, pl, pl + gridPlane, 0f);
                    continue;
                }
                for (int ch = 0; ch < c; ch++)
                    MemorySegment.copy(src, F, (off + ((long) (n0 + ni) * c + ch) * vol + (long) id * plane) * 4, tmp, ch * plane, plane);
                for (int b = 0; b < e[1]; b++) {
                    int ih = b - lo[1], rs = pl + b * row;
                    if (ih < 0 || ih >= dims[1]) {
                        java.util.Arrays.fill(dst, rs, rs + row, 0f);
                        continue;
                    }
                    int at = rs + lo[2] * c, end = at + dims[2] * c;
                    java.util.Arrays.fill(dst, rs, at, 0f);
                    java.util.Arrays.fill(dst, end, rs + row, 0f);
                    int from = ih * dims[2];
                    if (gather)
                        for (int iw = 0; iw < dims[2]; iw++, from++, at += c)
                            for (int ch = 0; ch < c; ch += L) FloatVector.fromArray(S, tmp, from + ch * plane, lanes, 0).intoArray(dst, at + ch);
                    else
                        for (int iw = 0; iw < dims[2]; iw++, from++, at += c)
                            for (int ch = 0, f = from; ch < c; ch++, f += plane) dst[at + ch] = tmp[f];
                }
            }
        });
    }

    /** One spare copy buffer, reused by the next call that fits in it (the copies run to 9 MB per call in the demo). */
    private static final java.util.concurrent.atomic.AtomicReference<float[]> SPARE = new java.util.concurrent.atomic.AtomicReference<>();

    /** A buffer of at least n floats, contents undefined (every user writes what it reads). */
    private static float[] take(long n) {
        float[] b = SPARE.getAndSet(null);
        return b != null && b.length >= n ? b : new float[Math.toIntExact(n)];
    }

    /** Hands a buffer back for the next {@link #take}; keeps the larger of it and the current spare. */
    private static void give(float[] b) {
        float[] old = SPARE.getAndSet(b);
        if (old != null && old.length > b.length) SPARE.compareAndSet(b, old);
    }

    /** One pass: the images [n0, n1) of the batch, their channels-last copy in {@code copy}. */
    @FunctionalInterface
    private interface Pass {
        void run(int n0, int n1, float[] copy);
    }

    /**
     * A batch in passes of at most {@link #copyFloats} copied floats: each pass makes the zero-padded channels-last
     * copy of its images ({@link #pack} of src: C channels of extents dims at grid offset lo in a grid e) in one
     * reused buffer, then runs {@code body} on it.
     */
    private static void inPasses(int n, MemorySegment src, long off, int c, int[] dims, int[] lo, int[] e, Pass body) {
        long perImage = (long) e[0] * e[1] * e[2] * c;
        int pass = imagesPerPass(n, perImage);
        float[] buf = take(pass * perImage);
        for (int n0 = 0; n0 < n; n0 += pass) {
            int n1 = Math.min(n, n0 + pass);
            pack(src, off, c, dims, lo, e, n0, n1, buf);
            body.run(n0, n1, buf);
        }
        give(buf);
    }

    /** Images per pass so that a pass's copy stays under {@link #copyFloats}. */
    private static int imagesPerPass(int n, long perImage) {
        if (perImage > Integer.MAX_VALUE) throw new IllegalStateException("conv: channels-last copy of one image too large: " + perImage);
        return (int) Math.clamp(copyFloats / Math.max(1, perImage), 1, n);
    }

    /**
     * A contiguous float32 tensor's elements on the heap: packing reads the weights element by element, and through
     * {@code MemorySegment.get} its bounds checks took ~6% of a 128->128 forward at 6³.
     */
    private static float[] heapCopy(Tensor t) {
        float[] a = new float[Math.toIntExact(t.numel())];
        MemorySegment.copy(CpuBackend.seg(t), F, t.offset() * 4, a, 0, a.length);
        return a;
    }

    /**
     * Weights packed per vector block: out[block][row][BW] (BW = the block's lanes, {@link #blockWidth}) from the
     * heap copy {@code wa}, the weight of (row, lane) at {@code wa[rowBase(row) + lane * laneStride]} (lanes past
     * {@code width} zero); returns the blocks' offsets in out. The row's base is computed once per row (per element,
     * with its divisions, it took ~4% of a 128->128 forward at 6³).
     */
    private static float[] packWeights(int rows, int width, java.util.function.IntUnaryOperator rowBase, int laneStride, float[] wa,
                                       int[] blockOff) {
        int[] rb = new int[rows];
        for (int r = 0; r < rows; r++) rb[r] = rowBase.applyAsInt(r);
        float[] out = new float[rows * Sgemm.roundUp(width, L)];
        for (int b = 0, at = 0, lane0 = 0; b < blockOff.length; b++) {
            int bw = blockWidth(width, lane0, WIDE), n = Math.min(bw, width - lane0);
            blockOff[b] = at;
            for (int r = 0; r < rows; r++, at += bw)
                for (int i = 0, from = rb[r] + lane0 * laneStride; i < n; i++, from += laneStride) out[at + i] = wa[from];
            lane0 += bw;
        }
        return out;
    }

    /** Widest vector block of the forward and data tiles ({@link #tile4}); the filter gradient's is 2L. */
    private static final int WIDE = 4 * L;

    /** Vector blocks over {@code width} channels, each as wide as what is left allows (at most {@code max} lanes). */
    private static int blocks(int width, int max) {
        int n = 0;
        for (int lane0 = 0; lane0 < width; lane0 += blockWidth(width, lane0, max)) n++;
        return n;
    }

    /** The block at lane0: 4L, 2L or L lanes (not past {@code max}), the widest that the rounded-up width still fills. */
    private static int blockWidth(int width, int lane0, int max) {
        int left = Sgemm.roundUp(width, L) - lane0;
        return left >= 4 * L && max >= 4 * L ? 4 * L : left >= 2 * L && max >= 2 * L ? 2 * L : L;
    }

    /** Positions per tile of a block bw lanes wide: 6 for 4 vectors (24 accumulators), else {@link #MR}. */
    private static int positionsPerTile(int bw) { return bw == 4 * L ? 6 : MR; }

    /**
     * The tiles of one vector block (lanes from ch0, {@code valid} of them real) over an item's n positions:
     * out[dst[j] + (ch0 + i) * plane] = sum over rows + add[ch0 + i]. base and dst hold the item's positions, padded
     * with repeats of the last one to a whole tile. {@code box} (null: every row) holds each position's taps that
     * reach into the input, {@link #box} packed; a tile then runs only the rows of the (kd, kh) taps some position
     * of it reaches (rows = ((kd kH + kh) kW + kw) C + ci, so each kd is one run of {@code rowsPerKh}-row blocks):
     * the others would multiply padding zeros.
     */
    private static void runBlock(float[] src, int[] base, long[] dst, int n, int[] rowOff, int rows, int[] box, int kH, int rowsPerKh,
                                 float[] w, int wo, int bw, int ch0, int valid, MemorySegment out, long plane, float[] add, float[] tile) {
        int pt = positionsPerTile(bw);
        for (int j0 = 0; j0 < n; j0 += pt) {
            int m = Math.min(pt, n - j0);
            if (box == null) {
                tile(bw, src, base, j0, rowOff, 0, rows, w, wo, tile, false);
            } else {
                int kd0 = Integer.MAX_VALUE, kd1 = 0, kh0 = Integer.MAX_VALUE, kh1 = 0;
                for (int j = j0; j < j0 + m; j++) {
                    int b = box[j];
                    kd0 = Math.min(kd0, b & 0xff); kd1 = Math.max(kd1, b >>> 8 & 0xff);
                    kh0 = Math.min(kh0, b >>> 16 & 0xff); kh1 = Math.max(kh1, b >>> 24);
                }
                boolean first = true;
                if (kh0 < kh1)
                    for (int kd = kd0; kd < kd1; kd++, first = false)
                        tile(bw, src, base, j0, rowOff, (kd * kH + kh0) * rowsPerKh, (kd * kH + kh1) * rowsPerKh, w, wo, tile, !first);
                if (first) tile(bw, src, base, j0, rowOff, 0, 0, w, wo, tile, false);   // every tap in the padding: zeros
            }
            for (int i = 0; i < valid; i++) {
                float b = add[ch0 + i];
                long at = (ch0 + i) * plane;
                for (int j = 0; j < m; j++) out.set(F, (dst[j0 + j] + at) * 4, tile[j * bw + i] + b);
            }
        }
    }

    /** The tile kernel of a block {@code bw} lanes wide over rows [r0, r1), adding to the tile's sums when {@code add}. */
    private static void tile(int bw, float[] src, int[] base, int bi, int[] rowOff, int r0, int r1, float[] w, int wo, float[] tile, boolean add) {
        if (bw == 4 * L) tile4(src, base, bi, rowOff, r0, r1, w, wo, tile, add);
        else if (bw == 2 * L) tile2(src, base, bi, rowOff, r0, r1, w, wo, tile, add);
        else tile1(src, base, bi, rowOff, r0, r1, w, wo, tile, add);
    }

    /** A tile's accumulator at tile[at]: its sum so far when adding, else zero. */
    private static FloatVector start(boolean add, float[] tile, int at) {
        return add ? FloatVector.fromArray(S, tile, at) : FloatVector.zero(S);
    }

    /**
     * The taps of one output position that reach into the input, packed kd0 | kd1 << 8 | kh0 << 16 | kh1 << 24 (kd in
     * [kd0, kd1), kh in [kh0, kh1); kernels of at most 255 per dim, which {@link #appliesForward} checks).
     */
    static int box(int od, int oh, int[] in, int[] k, int[] s, int[] p, int[] d) {
        int kd0 = tapsFrom(od, in[0], k[0], s[0], p[0], d[0]), kd1 = Math.max(kd0, tapsTo(od, in[0], k[0], s[0], p[0], d[0]));
        int kh0 = tapsFrom(oh, in[1], k[1], s[1], p[1], d[1]), kh1 = Math.max(kh0, tapsTo(oh, in[1], k[1], s[1], p[1], d[1]));
        return kd0 | kd1 << 8 | kh0 << 16 | kh1 << 24;
    }

    /** The first tap of output index o (along one dim) at or past the input's start: o s - p + t d >= 0. */
    private static int tapsFrom(int o, int in, int k, int s, int p, int d) {
        return Math.clamp(Math.ceilDiv(p - o * s, d), 0, k);
    }

    /** One past the last tap of output index o inside the input: o s - p + t d <= in - 1. */
    private static int tapsTo(int o, int in, int k, int s, int p, int d) {
        return Math.clamp(Math.floorDiv(in - 1 + p - o * s, d) + 1, 0, k);
    }

    // ---------------------------------------------------------------- forward

    /**
     * Tiles per work item of the forward and data passes: about 4 items per thread, at most 256 tiles. Each output
     * element is one tile's fixed sum whatever the split, so the split may follow the thread count; larger items
     * reuse each weight block over more tiles (with 32 items per batch, 128->128 at 6³ reread its 1.8 MB of weights
     * from L3 for every 56 positions; one thread, this split: 128->128 18.5-19.2 -> 17.8-18.1 ms, 64->64 at 6³
     * 4.6 -> 4.5).
     */
    private static int chunkTiles(long tiles) {
        return (int) Math.clamp(Math.ceilDiv(tiles, 4L * Parallel.threads()), 1, 256);
    }

    /** The input's padded grid extents: the input plus the padding on both sides. */
    private static int[] paddedGrid(CpuConvColumns g) {
        int[] in = g.in(), p = g.p();
        return new int[]{in[0] + 2 * p[0], in[1] + 2 * p[1], in[2] + 2 * p[2]};
    }

    /** Offsets of the rows (tap, ci) from a position's base in the padded channels-last input; at least {@code min} entries, the last repeated. */
    private static int[] rowOffsets(CpuConvColumns g, int[] e, int min) {
        int[] k = g.k(), d = g.d();
        int c = g.cin(), kv = g.kvol(), rows = kv * c;
        int[] rowOff = new int[Math.max(rows, min)];
        for (int r = 0; r < rowOff.length; r++) {
            int rr = Math.min(r, rows - 1), t = rr / c, ci = rr % c;
            int kd = t / (k[1] * k[2]), kh = t / k[2] % k[1], kw = t % k[2];
            rowOff[r] = ((kd * d[0] * e[1] + kh * d[1]) * e[2] + kw * d[2]) * c + ci;
        }
        return rowOff;
    }

    /**
     * base[i] = offset in the copy of image ni (of a pass) of output position q0 + i's first tap, for positions
     * [q0, q1) (past the output: the last one repeated).
     */
    private static void bases(CpuConvColumns g, int[] e, long perImage, int ni, long q0, long q1, int[] base, int[] box) {
        int[] out = g.out(), s = g.s();
        long ov = g.outVox();
        for (long q = q0; q < q1; q++) {
            long qq = Math.min(q, ov - 1);
            int od = (int) (qq / ((long) out[1] * out[2])), oh = (int) (qq / out[2] % out[1]), ow = (int) (qq % out[2]);
            base[(int) (q - q0)] = (int) (ni * perImage + (((long) od * s[0] * e[1] + (long) oh * s[1]) * e[2] + (long) ow * s[2]) * g.cin());
            if (box != null) box[(int) (q - q0)] = box(od, oh, g.in(), g.k(), s, g.p(), g.d());
        }
    }

    static void forward(Tensor y, Tensor x, Tensor w, Tensor bias, CpuConvColumns g) {
        int[] in = g.in(), p = g.p(), k = g.k();
        int c = g.cin(), kc = g.cout(), kv = g.kvol();
        int[] e = paddedGrid(g);
        int rows = kv * c;
        int[] rowOff = rowOffsets(g, e, rows);
        float[] wa = heapCopy(w);
        int[] blockOff = new int[blocks(kc, WIDE)];
        // lanes co
        float[] wp = packWeights(rows, kc, r -> r % c * kv + r / c, c * kv, wa, blockOff);
        float[] bv = new float[kc];
        if (bias != null) MemorySegment.copy(CpuBackend.seg(bias), F, bias.offset() * 4, bv, 0, kc);
        long ov = g.outVox();
        int tilesPerImage = Math.toIntExact(Math.ceilDiv(ov, MR));
        // work items: a run of tiles of one image (chunkTiles)
        int chunk = chunkTiles((long) g.n() * tilesPerImage);
        int chunks = Math.ceilDiv(tilesPerImage, chunk);
        long perImage = (long) e[0] * e[1] * e[2] * c;
        MemorySegment ys = CpuBackend.seg(y);
        inPasses(g.n(), CpuBackend.seg(x), x.offset(), c, in, p, e, (base0, n1, xc) ->
            Parallel.forRange((long) (n1 - base0) * chunks, 1, (st, en) -> {
                int[] base = new int[chunk * MR + MR], box = new int[base.length];
                long[] dst = new long[chunk * MR + MR];
                float[] tile = new float[6 * 4 * L];
                for (long it = st; it < en; it++) {
                    int ni = (int) (it / chunks), t0 = (int) (it % chunks) * chunk, t1 = Math.min(tilesPerImage, t0 + chunk);
                    long q0 = (long) t0 * MR, q1 = Math.min(ov, (long) t1 * MR);
                    int n = (int) (q1 - q0);
                    bases(g, e, perImage, ni, q0, q0 + base.length, base, box);
                    long yImg = y.offset() + (long) (base0 + ni) * kc * ov + q0;
                    for (int j = 0; j < dst.length; j++) dst[j] = yImg + Math.min(j, n - 1);
                    for (int b = 0, co0 = 0; b < blockOff.length; b++) {
                        int bw = blockWidth(kc, co0, WIDE);
                        runBlock(xc, base, dst, n, rowOff, rows, box, k[1], k[2] * c, wp, blockOff[b], bw, co0, Math.min(bw, kc - co0), ys, ov,
                                bv, tile);
                        co0 += bw;
                    }
                }
            }));
    }

    /**
     * tile[j][0..2L) = sum over rows r in [r0, r1) of src[base[bi + j] + rowOff[r]] (broadcast) * w[wo + r * 2L ..],
     * added to the tile's values when {@code add}: MR positions x 2 vectors, 16 accumulators. NOTE: one flat loop over
     * the rows with an offset table, not loops over taps and channels: with the accumulators carried through two
     * nested loops C2 sometimes boxed them in the inner loop
     * (a vector object per FMA, 10-20x slower; seen in ConvLayerTiming, not in a lone shape's runs).
     */
    static void tile2(float[] src, int[] base, int bi, int[] rowOff, int r0, int r1, float[] w, int wo, float[] tile, boolean add) {
        FloatVector a00 = start(add, tile, 0), a01 = start(add, tile, 1 * L), a10 = start(add, tile, 2 * L), a11 = start(add, tile, 3 * L);
        FloatVector a20 = start(add, tile, 4 * L), a21 = start(add, tile, 5 * L), a30 = start(add, tile, 6 * L), a31 = start(add, tile, 7 * L);
        FloatVector a40 = start(add, tile, 8 * L), a41 = start(add, tile, 9 * L), a50 = start(add, tile, 10 * L), a51 = start(add, tile, 11 * L);
        FloatVector a60 = start(add, tile, 12 * L), a61 = start(add, tile, 13 * L), a70 = start(add, tile, 14 * L), a71 = start(add, tile, 15 * L);
        int b0 = base[bi], b1 = base[bi + 1], b2 = base[bi + 2], b3 = base[bi + 3];
        int b4 = base[bi + 4], b5 = base[bi + 5], b6 = base[bi + 6], b7 = base[bi + 7];
        for (int r = r0, wi = wo + r0 * 2 * L; r < r1; r++, wi += 2 * L) {
            int o = rowOff[r];
            FloatVector w0 = FloatVector.fromArray(S, w, wi), w1 = FloatVector.fromArray(S, w, wi + L);
            FloatVector v = FloatVector.broadcast(S, src[b0 + o]);
            a00 = w0.fma(v, a00); a01 = w1.fma(v, a01);
            v = FloatVector.broadcast(S, src[b1 + o]);
            a10 = w0.fma(v, a10); a11 = w1.fma(v, a11);
            v = FloatVector.broadcast(S, src[b2 + o]);
            a20 = w0.fma(v, a20); a21 = w1.fma(v, a21);
            v = FloatVector.broadcast(S, src[b3 + o]);
            a30 = w0.fma(v, a30); a31 = w1.fma(v, a31);
            v = FloatVector.broadcast(S, src[b4 + o]);
            a40 = w0.fma(v, a40); a41 = w1.fma(v, a41);
            v = FloatVector.broadcast(S, src[b5 + o]);
            a50 = w0.fma(v, a50); a51 = w1.fma(v, a51);
            v = FloatVector.broadcast(S, src[b6 + o]);
            a60 = w0.fma(v, a60); a61 = w1.fma(v, a61);
            v = FloatVector.broadcast(S, src[b7 + o]);
            a70 = w0.fma(v, a70); a71 = w1.fma(v, a71);
        }
        a00.intoArray(tile, 0); a01.intoArray(tile, L);
        a10.intoArray(tile, 2 * L); a11.intoArray(tile, 3 * L);
        a20.intoArray(tile, 4 * L); a21.intoArray(tile, 5 * L);
        a30.intoArray(tile, 6 * L); a31.intoArray(tile, 7 * L);
        a40.intoArray(tile, 8 * L); a41.intoArray(tile, 9 * L);
        a50.intoArray(tile, 10 * L); a51.intoArray(tile, 11 * L);
        a60.intoArray(tile, 12 * L); a61.intoArray(tile, 13 * L);
        a70.intoArray(tile, 14 * L); a71.intoArray(tile, 15 * L);
    }

    /**
     * {@link #tile2} with 4 vectors of channels and 6 positions (24 accumulators): 4 loads + 6 broadcasts per 24 FMAs
     * (8 x 2: 10 per 16). Alone on one core, all in L1: 106 GFLOP/s against 96; in the convolutions (one thread)
     * 3-5% faster at 64 channels (64->64 at 6³ 4.8 -> 4.7 ms, 32->64 stride 2 at 12³ 2.8 -> 2.7), the same at 128,
     * where a block's 884 KB of weights no longer fits in L2 beside the input.
     */
    static void tile4(float[] src, int[] base, int bi, int[] rowOff, int r0, int r1, float[] w, int wo, float[] tile, boolean add) {
        FloatVector a00 = start(add, tile, 0), a01 = start(add, tile, 1 * L), a02 = start(add, tile, 2 * L), a03 = start(add, tile, 3 * L);
        FloatVector a10 = start(add, tile, 4 * L), a11 = start(add, tile, 5 * L), a12 = start(add, tile, 6 * L), a13 = start(add, tile, 7 * L);
        FloatVector a20 = start(add, tile, 8 * L), a21 = start(add, tile, 9 * L), a22 = start(add, tile, 10 * L), a23 = start(add, tile, 11 * L);
        FloatVector a30 = start(add, tile, 12 * L), a31 = start(add, tile, 13 * L), a32 = start(add, tile, 14 * L), a33 = start(add, tile, 15 * L);
        FloatVector a40 = start(add, tile, 16 * L), a41 = start(add, tile, 17 * L), a42 = start(add, tile, 18 * L), a43 = start(add, tile, 19 * L);
        FloatVector a50 = start(add, tile, 20 * L), a51 = start(add, tile, 21 * L), a52 = start(add, tile, 22 * L), a53 = start(add, tile, 23 * L);
        int b0 = base[bi], b1 = base[bi + 1], b2 = base[bi + 2], b3 = base[bi + 3], b4 = base[bi + 4], b5 = base[bi + 5];
        for (int r = r0, wi = wo + r0 * 4 * L; r < r1; r++, wi += 4 * L) {
            int o = rowOff[r];
            FloatVector w0 = FloatVector.fromArray(S, w, wi), w1 = FloatVector.fromArray(S, w, wi + L);
            FloatVector w2 = FloatVector.fromArray(S, w, wi + 2 * L), w3 = FloatVector.fromArray(S, w, wi + 3 * L);
            FloatVector v = FloatVector.broadcast(S, src[b0 + o]);
            a00 = w0.fma(v, a00); a01 = w1.fma(v, a01); a02 = w2.fma(v, a02); a03 = w3.fma(v, a03);
            v = FloatVector.broadcast(S, src[b1 + o]);
            a10 = w0.fma(v, a10); a11 = w1.fma(v, a11); a12 = w2.fma(v, a12); a13 = w3.fma(v, a13);
            v = FloatVector.broadcast(S, src[b2 + o]);
            a20 = w0.fma(v, a20); a21 = w1.fma(v, a21); a22 = w2.fma(v, a22); a23 = w3.fma(v, a23);
            v = FloatVector.broadcast(S, src[b3 + o]);
            a30 = w0.fma(v, a30); a31 = w1.fma(v, a31); a32 = w2.fma(v, a32); a33 = w3.fma(v, a33);
            v = FloatVector.broadcast(S, src[b4 + o]);
            a40 = w0.fma(v, a40); a41 = w1.fma(v, a41); a42 = w2.fma(v, a42); a43 = w3.fma(v, a43);
            v = FloatVector.broadcast(S, src[b5 + o]);
            a50 = w0.fma(v, a50); a51 = w1.fma(v, a51); a52 = w2.fma(v, a52); a53 = w3.fma(v, a53);
        }
        a00.intoArray(tile, 0); a01.intoArray(tile, L); a02.intoArray(tile, 2 * L); a03.intoArray(tile, 3 * L);
        a10.intoArray(tile, 4 * L); a11.intoArray(tile, 5 * L); a12.intoArray(tile, 6 * L); a13.intoArray(tile, 7 * L);
        a20.intoArray(tile, 8 * L); a21.intoArray(tile, 9 * L); a22.intoArray(tile, 10 * L); a23.intoArray(tile, 11 * L);
        a30.intoArray(tile, 12 * L); a31.intoArray(tile, 13 * L); a32.intoArray(tile, 14 * L); a33.intoArray(tile, 15 * L);
        a40.intoArray(tile, 16 * L); a41.intoArray(tile, 17 * L); a42.intoArray(tile, 18 * L); a43.intoArray(tile, 19 * L);
        a50.intoArray(tile, 20 * L); a51.intoArray(tile, 21 * L); a52.intoArray(tile, 22 * L); a53.intoArray(tile, 23 * L);
    }

    /** {@link #tile2} with one vector of channels: MR positions x L, 8 accumulators. */
    static void tile1(float[] src, int[] base, int bi, int[] rowOff, int r0, int r1, float[] w, int wo, float[] tile, boolean add) {
        FloatVector a0 = start(add, tile, 0), a1 = start(add, tile, 1 * L), a2 = start(add, tile, 2 * L), a3 = start(add, tile, 3 * L);
        FloatVector a4 = start(add, tile, 4 * L), a5 = start(add, tile, 5 * L), a6 = start(add, tile, 6 * L), a7 = start(add, tile, 7 * L);
        int b0 = base[bi], b1 = base[bi + 1], b2 = base[bi + 2], b3 = base[bi + 3];
        int b4 = base[bi + 4], b5 = base[bi + 5], b6 = base[bi + 6], b7 = base[bi + 7];
        for (int r = r0, wi = wo + r0 * L; r < r1; r++, wi += L) {
            int o = rowOff[r];
            FloatVector w0 = FloatVector.fromArray(S, w, wi);
            a0 = w0.fma(FloatVector.broadcast(S, src[b0 + o]), a0);
            a1 = w0.fma(FloatVector.broadcast(S, src[b1 + o]), a1);
            a2 = w0.fma(FloatVector.broadcast(S, src[b2 + o]), a2);
            a3 = w0.fma(FloatVector.broadcast(S, src[b3 + o]), a3);
            a4 = w0.fma(FloatVector.broadcast(S, src[b4 + o]), a4);
            a5 = w0.fma(FloatVector.broadcast(S, src[b5 + o]), a5);
            a6 = w0.fma(FloatVector.broadcast(S, src[b6 + o]), a6);
            a7 = w0.fma(FloatVector.broadcast(S, src[b7 + o]), a7);
        }
        a0.intoArray(tile, 0); a1.intoArray(tile, L); a2.intoArray(tile, 2 * L); a3.intoArray(tile, 3 * L);
        a4.intoArray(tile, 4 * L); a5.intoArray(tile, 5 * L); a6.intoArray(tile, 6 * L); a7.intoArray(tile, 7 * L);
    }

    // ---------------------------------------------------------------- data gradient, strided

    /**
     * dx for any stride, per stride phase of the input (the rule of {@link CpuConvDirectData}: per dim, an input
     * index i with i + p = j s + phi receives w[tap] * dy[j - tap d / s] from the taps with tap d = phi (mod s)): the
     * positions of one phase form a grid j, each phase's taps are fixed offsets into dy's channels-last copy
     * (zero-padded in front by M = (k - 1) d / s), so the forward's tiles apply with rows (tap, co) and input
     * channels along the vectors. Each dx element is written once; a phase without taps writes zeros.
     */
    static void backwardData(Tensor dx, Tensor w, Tensor dy, CpuConvColumns g) {
        int[] in = g.in(), out = g.out(), k = g.k(), s = g.s(), p = g.p(), d = g.d();
        int c = g.cin(), kc = g.cout(), kv = g.kvol();
        int[] m = new int[3], e = new int[3];
        for (int i = 0; i < 3; i++) {
            m[i] = (k[i] - 1) * d[i] / s[i];
            e[i] = m[i] + Math.max(Math.ceilDiv(in[i] + p[i], s[i]), out[i]);
        }
        int phases = s[0] * s[1] * s[2];
        int[][] jlo = new int[phases][3], jn = new int[phases][3], rowOffs = new int[phases][];
        float[][] wp = new float[phases][];
        int[][] blockOffs = new int[phases][];
        int[] tilesOf = new int[phases];
        float[] wa = heapCopy(w);
        for (int f = 0; f < phases; f++) {
            int[] ph = {f / (s[1] * s[2]), f / s[2] % s[1], f % s[2]};
            long count = 1;
            for (int i = 0; i < 3; i++) {
                jlo[f][i] = Math.max(0, Math.ceilDiv(p[i] - ph[i], s[i]));
                jn[f][i] = Math.max(0, Math.floorDiv(in[i] - 1 + p[i] - ph[i], s[i]) - jlo[f][i] + 1);
                count *= jn[f][i];
            }
            tilesOf[f] = Math.toIntExact(Math.ceilDiv(count, MR));
            int[] taps = new int[kv];
            int nt = 0;
            for (int t = 0; t < kv; t++) {
                int kd = t / (k[1] * k[2]), kh = t / k[2] % k[1], kw = t % k[2];
                if (kd * d[0] % s[0] == ph[0] && kh * d[1] % s[1] == ph[1] && kw * d[2] % s[2] == ph[2]) taps[nt++] = t;
            }
            int rows = nt * kc;
            int[] ro = new int[rows];
            for (int r = 0; r < rows; r++) {
                int t = taps[r / kc], co = r % kc;
                int kd = t / (k[1] * k[2]), kh = t / k[2] % k[1], kw = t % k[2];
                ro[r] = (((m[0] - kd * d[0] / s[0]) * e[1] + m[1] - kh * d[1] / s[1]) * e[2] + m[2] - kw * d[2] / s[2]) * kc + co;
            }
            rowOffs[f] = ro;
            int[] tp = java.util.Arrays.copyOf(taps, nt);
            blockOffs[f] = new int[blocks(c, WIDE)];
            // rows (tap of the phase, co), lanes ci
            wp[f] = packWeights(rows, c, r -> r % kc * c * kv + tp[r / kc], kv, wa, blockOffs[f]);
        }
        // work items: a fixed run of one phase's tiles of one image
        long allTiles = 0;
        for (int t : tilesOf) allTiles += t;
        int chunk = chunkTiles((long) g.n() * allTiles);
        int[] itemPhase, itemT0;
        {
            int cnt = 0;
            for (int t : tilesOf) cnt += Math.ceilDiv(t, chunk);
            itemPhase = new int[cnt];
            itemT0 = new int[cnt];
            for (int f = 0, i = 0; f < phases; f++)
                for (int t0 = 0; t0 < tilesOf[f]; t0 += chunk, i++) {
                    itemPhase[i] = f;
                    itemT0[i] = t0;
                }
        }
        int perImageItems = itemPhase.length;
        long perImage = (long) e[0] * e[1] * e[2] * kc, iv = g.inVox();
        MemorySegment xs = CpuBackend.seg(dx);
        inPasses(g.n(), CpuBackend.seg(dy), dy.offset(), kc, out, m, e, (base0, n1, dc) ->
            Parallel.forRange((long) (n1 - base0) * perImageItems, 1, (st, en) -> {
                int[] base = new int[chunk * MR + MR];
                long[] dst = new long[chunk * MR + MR];
                float[] tile = new float[6 * 4 * L], zeros = new float[c];
                for (long it = st; it < en; it++) {
                    int ni = (int) (it / perImageItems), item = (int) (it % perImageItems), f = itemPhase[item];
                    int[] ph = {f / (s[1] * s[2]), f / s[2] % s[1], f % s[2]}, lo = jlo[f], n3 = jn[f];
                    int t0 = itemT0[item], t1 = Math.min(tilesOf[f], t0 + chunk);
                    long count = (long) n3[0] * n3[1] * n3[2], q0 = (long) t0 * MR, q1 = Math.min(count, (long) t1 * MR);
                    long xImg = dx.offset() + (long) (base0 + ni) * c * iv;
                    for (long q = q0; q < q0 + base.length; q++) {
                        long qq = Math.min(q, count - 1);
                        int jd = (int) (qq / ((long) n3[1] * n3[2])) + lo[0], jh = (int) (qq / n3[2] % n3[1]) + lo[1], jw = (int) (qq % n3[2]) + lo[2];
                        base[(int) (q - q0)] = (int) (ni * perImage + (((long) jd * e[1] + jh) * e[2] + jw) * kc);
                        dst[(int) (q - q0)] = xImg + ((long) (jd * s[0] + ph[0] - p[0]) * in[1] + jh * s[1] + ph[1] - p[1]) * in[2]
                                + jw * s[2] + ph[2] - p[2];
                    }
                    int[] ro = rowOffs[f];
                    for (int b = 0, ci0 = 0; b < blockOffs[f].length; b++) {
                        int bw = blockWidth(c, ci0, WIDE);
                        runBlock(dc, base, dst, (int) (q1 - q0), ro, ro.length, null, 0, 0, wp[f], blockOffs[f][b], bw, ci0, Math.min(bw, c - ci0),
                                xs, iv, zeros, tile);
                        ci0 += bw;
                    }
                }
            }));
    }

    // ---------------------------------------------------------------- filter gradient

    static void backwardFilter(Tensor dw, Tensor x, Tensor dy, CpuConvColumns g) {
        int[] in = g.in(), p = g.p();
        int c = g.cin(), kc = g.cout(), kv = g.kvol(), rows = kv * c, rowsP = Sgemm.roundUp(rows, MR), kp = Sgemm.roundUp(kc, L);
        int[] e = paddedGrid(g);
        int[] rowOff = rowOffsets(g, e, rowsP);
        long ov = g.outVox(), perImage = (long) e[0] * e[1] * e[2] * c;
        // work items: runs of positions of one image; a fixed number of partial sums, each over a fixed run of items
        int qi = (int) Math.min(ov, 4 * QC);
        int itemsPerImage = (int) Math.ceilDiv(ov, qi);
        long items = (long) g.n() * itemsPerImage;
        int parts = (int) Math.clamp(PARTIAL_FLOATS / ((long) rowsP * kp), 1, Math.min(16, items));
        // per row tile, the positions [qLo, qHi) of the output d-planes where some of its taps reach into the input: the
        // other planes read only padding for these rows (a third of a 3³ kernel's taps skip 1 of 6 planes at 6³)
        int[] k = g.k(), s = g.s(), d = g.d(), out = g.out();
        long plane = (long) out[1] * out[2];
        int tiles = rowsP / MR;
        long[] qLo = new long[tiles], qHi = new long[tiles];
        for (int ti = 0; ti < tiles; ti++) {
            int lo = Integer.MAX_VALUE, hi = 0;
            for (int r = ti * MR; r < ti * MR + MR; r++) {
                int kd = Math.min(r, rows - 1) / c / (k[1] * k[2]);
                int a = Math.clamp(Math.ceilDiv(p[0] - kd * d[0], s[0]), 0, out[0]);
                lo = Math.min(lo, a);
                hi = Math.max(hi, Math.max(a, Math.clamp(Math.floorDiv(in[0] - 1 + p[0] - kd * d[0], s[0]) + 1, 0, out[0])));
            }
            qLo[ti] = lo * plane;
            qHi[ti] = hi * plane;
        }
        float[][] partial = new float[parts][rowsP * kp];
        MemorySegment ys = CpuBackend.seg(dy);
        inPasses(g.n(), CpuBackend.seg(x), x.offset(), c, in, p, e, (base0, n1, xc) ->
            Parallel.forRange(parts, 1, (st, en) -> {
                int[] base = new int[qi];
                float[] dc = new float[qi * kp], row = new float[qi];
                for (int pa = (int) st; pa < en; pa++) {
                    float[] acc = partial[pa];
                    // this partial's items inside the pass, in item order
                    long i0 = Math.max(items * pa / parts, (long) base0 * itemsPerImage);
                    long i1 = Math.min(items * (pa + 1) / parts, (long) n1 * itemsPerImage);
                    for (long it = i0; it < i1; it++) {
                        int ni = (int) (it / itemsPerImage);
                        long q0 = it % itemsPerImage * qi, q1 = Math.min(ov, q0 + qi);
                        int n = (int) (q1 - q0);
                        bases(g, e, perImage, ni - base0, q0, q1, base, null);
                        // dy of these positions channels-last, dc[q][co] (channels past kc stay zero)
                        long yRow = dy.offset() + (long) ni * kc * ov + q0;
                        for (int co = 0; co < kc; co++) {
                            MemorySegment.copy(ys, F, (yRow + co * ov) * 4, row, 0, n);
                            for (int j = 0; j < n; j++) dc[j * kp + co] = row[j];
                        }
                        for (int j0 = 0; j0 < n; j0 += QC) {
                            int j1 = Math.min(n, j0 + QC);
                            for (int r0 = 0; r0 < rowsP; r0 += MR) {
                                int ja = (int) Math.max(j0, qLo[r0 / MR] - q0), jb = (int) Math.min(j1, qHi[r0 / MR] - q0);
                                for (int co0 = 0; co0 < kp && ja < jb; ) {
                                    int bw = blockWidth(kc, co0, 2 * L);
                                    if (bw == 2 * L) filter2(xc, base, ja, jb, rowOff, r0, dc, kp, co0, acc);
                                    else filter1(xc, base, ja, jb, rowOff, r0, dc, kp, co0, acc);
                                    co0 += bw;
                                }
                            }
                        }
                    }
                }
            }));
        // the partials summed in order, then [tap][ci][co] -> dw[co][ci][tap]
        float[] total = partial[0];
        for (int pa = 1; pa < parts; pa++) {
            float[] src = partial[pa];
            Parallel.forRange(total.length, 1 << 14, (st, en) -> {
                for (int i = (int) st; i < en; i++) total[i] += src[i];
            });
        }
        float[] t = new float[kc * rows];
        for (int r = 0; r < rows; r++) {
            int tap = r / c, ci = r % c;
            for (int co = 0; co < kc; co++) t[(co * c + ci) * kv + tap] = total[r * kp + co];
        }
        MemorySegment.copy(t, 0, CpuBackend.seg(dw), F, dw.offset() * 4, t.length);
    }

    /**
     * acc[(r0 + i) * kp + co0 ..] (2 vectors) += sum over positions j in [j0, j1) of src[base[j] + rowOff[r0 + i]]
     * (broadcast) * dc[j * kp + co0 ..]: 8 rows x 2 vectors.
     */
    static void filter2(float[] src, int[] base, int j0, int j1, int[] rowOff, int r0, float[] dc, int kp, int co0, float[] acc) {
        int ao = r0 * kp + co0;
        FloatVector c00 = FloatVector.fromArray(S, acc, ao), c01 = FloatVector.fromArray(S, acc, ao + L);
        FloatVector c10 = FloatVector.fromArray(S, acc, ao + kp), c11 = FloatVector.fromArray(S, acc, ao + kp + L);
        FloatVector c20 = FloatVector.fromArray(S, acc, ao + 2 * kp), c21 = FloatVector.fromArray(S, acc, ao + 2 * kp + L);
        FloatVector c30 = FloatVector.fromArray(S, acc, ao + 3 * kp), c31 = FloatVector.fromArray(S, acc, ao + 3 * kp + L);
        FloatVector c40 = FloatVector.fromArray(S, acc, ao + 4 * kp), c41 = FloatVector.fromArray(S, acc, ao + 4 * kp + L);
        FloatVector c50 = FloatVector.fromArray(S, acc, ao + 5 * kp), c51 = FloatVector.fromArray(S, acc, ao + 5 * kp + L);
        FloatVector c60 = FloatVector.fromArray(S, acc, ao + 6 * kp), c61 = FloatVector.fromArray(S, acc, ao + 6 * kp + L);
        FloatVector c70 = FloatVector.fromArray(S, acc, ao + 7 * kp), c71 = FloatVector.fromArray(S, acc, ao + 7 * kp + L);
        int o0 = rowOff[r0], o1 = rowOff[r0 + 1], o2 = rowOff[r0 + 2], o3 = rowOff[r0 + 3];
        int o4 = rowOff[r0 + 4], o5 = rowOff[r0 + 5], o6 = rowOff[r0 + 6], o7 = rowOff[r0 + 7];
        for (int j = j0; j < j1; j++) {
            int b = base[j], d = j * kp + co0;
            FloatVector u0 = FloatVector.fromArray(S, dc, d), u1 = FloatVector.fromArray(S, dc, d + L);
            FloatVector v = FloatVector.broadcast(S, src[b + o0]);
            c00 = u0.fma(v, c00); c01 = u1.fma(v, c01);
            v = FloatVector.broadcast(S, src[b + o1]);
            c10 = u0.fma(v, c10); c11 = u1.fma(v, c11);
            v = FloatVector.broadcast(S, src[b + o2]);
            c20 = u0.fma(v, c20); c21 = u1.fma(v, c21);
            v = FloatVector.broadcast(S, src[b + o3]);
            c30 = u0.fma(v, c30); c31 = u1.fma(v, c31);
            v = FloatVector.broadcast(S, src[b + o4]);
            c40 = u0.fma(v, c40); c41 = u1.fma(v, c41);
            v = FloatVector.broadcast(S, src[b + o5]);
            c50 = u0.fma(v, c50); c51 = u1.fma(v, c51);
            v = FloatVector.broadcast(S, src[b + o6]);
            c60 = u0.fma(v, c60); c61 = u1.fma(v, c61);
            v = FloatVector.broadcast(S, src[b + o7]);
            c70 = u0.fma(v, c70); c71 = u1.fma(v, c71);
        }
        c00.intoArray(acc, ao); c01.intoArray(acc, ao + L);
        c10.intoArray(acc, ao + kp); c11.intoArray(acc, ao + kp + L);
        c20.intoArray(acc, ao + 2 * kp); c21.intoArray(acc, ao + 2 * kp + L);
        c30.intoArray(acc, ao + 3 * kp); c31.intoArray(acc, ao + 3 * kp + L);
        c40.intoArray(acc, ao + 4 * kp); c41.intoArray(acc, ao + 4 * kp + L);
        c50.intoArray(acc, ao + 5 * kp); c51.intoArray(acc, ao + 5 * kp + L);
        c60.intoArray(acc, ao + 6 * kp); c61.intoArray(acc, ao + 6 * kp + L);
        c70.intoArray(acc, ao + 7 * kp); c71.intoArray(acc, ao + 7 * kp + L);
    }

    /** {@link #filter2} with one vector of channels: 8 rows x L. */
    static void filter1(float[] src, int[] base, int j0, int j1, int[] rowOff, int r0, float[] dc, int kp, int co0, float[] acc) {
        int ao = r0 * kp + co0;
        FloatVector c0 = FloatVector.fromArray(S, acc, ao), c1 = FloatVector.fromArray(S, acc, ao + kp);
        FloatVector c2 = FloatVector.fromArray(S, acc, ao + 2 * kp), c3 = FloatVector.fromArray(S, acc, ao + 3 * kp);
        FloatVector c4 = FloatVector.fromArray(S, acc, ao + 4 * kp), c5 = FloatVector.fromArray(S, acc, ao + 5 * kp);
        FloatVector c6 = FloatVector.fromArray(S, acc, ao + 6 * kp), c7 = FloatVector.fromArray(S, acc, ao + 7 * kp);
        int o0 = rowOff[r0], o1 = rowOff[r0 + 1], o2 = rowOff[r0 + 2], o3 = rowOff[r0 + 3];
        int o4 = rowOff[r0 + 4], o5 = rowOff[r0 + 5], o6 = rowOff[r0 + 6], o7 = rowOff[r0 + 7];
        for (int j = j0; j < j1; j++) {
            int b = base[j];
            FloatVector u = FloatVector.fromArray(S, dc, j * kp + co0);
            c0 = u.fma(FloatVector.broadcast(S, src[b + o0]), c0);
            c1 = u.fma(FloatVector.broadcast(S, src[b + o1]), c1);
            c2 = u.fma(FloatVector.broadcast(S, src[b + o2]), c2);
            c3 = u.fma(FloatVector.broadcast(S, src[b + o3]), c3);
            c4 = u.fma(FloatVector.broadcast(S, src[b + o4]), c4);
            c5 = u.fma(FloatVector.broadcast(S, src[b + o5]), c5);
            c6 = u.fma(FloatVector.broadcast(S, src[b + o6]), c6);
            c7 = u.fma(FloatVector.broadcast(S, src[b + o7]), c7);
        }
        c0.intoArray(acc, ao); c1.intoArray(acc, ao + kp); c2.intoArray(acc, ao + 2 * kp); c3.intoArray(acc, ao + 3 * kp);
        c4.intoArray(acc, ao + 4 * kp); c5.intoArray(acc, ao + 5 * kp); c6.intoArray(acc, ao + 6 * kp); c7.intoArray(acc, ao + 7 * kp);
    }
}
