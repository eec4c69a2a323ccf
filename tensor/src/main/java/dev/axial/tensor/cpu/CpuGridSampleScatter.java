package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import dev.axial.tensor.Tensor;

import java.lang.foreign.MemorySegment;

/**
 * grid_sample's input gradient, gradInput[n, c, off[t]] += w[t] * gradOut[n, c, point], parallel for any N * C and
 * bitwise equal to the serial scatter: every input voxel receives its contributions in increasing point order
 * (taps of one point in stencil order), so the result depends neither on the thread count nor on the slab count.
 *
 * <p>How: each channel plane is cut into S slabs of whole rows of its outermost dim (D in 3-D, H in 2-D; S fixed by
 * the plane's size, at most 64). A counting sort gives every (n, slab) the list of points whose taps touch it, in
 * increasing point order: per chunk of points (fixed by size), in parallel, each point's slab range and the counts,
 * then the chunk's lists; a bucket's list is its pieces over the chunks in order. For bilinear the range comes from
 * the outer coordinate alone (rows floor(u) and floor(u) + 1), a superset of the taps' slabs, which is all the lists
 * need. Then one task per (n, slab), balanced by the pool: it zeroes the slab in every channel, walks its list,
 * rebuilds each point's stencil and adds the taps that fall inside the slab, for every channel. A voxel is written
 * by one task only, in point order. The grid gradient, if asked, is computed there too, by the task of the point's
 * first slab, reusing the stencil. Planes too small to cut (S = 1) run one (n, c) plane per task, the same order.
 *
 * <p>The stencil comes from {@link CpuGridSampleTaps#atFast}: 3-D trilinear, the hot path of registration, fills the
 * taps of points whose 2x2x2 cell lies inside the volume inline, bitwise equal to the plain stencil.
 *
 * <pre>{@code
 * // 1x1x256^3 volume, 128^3 points: the slab tasks run on every core instead of one
 * boolean gridDone = CpuGridSampleScatter.inputGrad(gradInput, gridGrad, gradOut, grid, geom, BILINEAR, ZEROS, false);
 * }</pre>
 */
final class CpuGridSampleScatter {
    private CpuGridSampleScatter() {}

    /** At most this many slabs per plane, and at least this many voxels per slab. */
    static final int MAX_SLABS = 64;
    static final long MIN_SLAB = 16384;
    /** Points per counting chunk (at most MAX_CHUNKS chunks): fixed by size only, so the lists are too. */
    static final long CHUNK = 16384;
    static final int MAX_CHUNKS = 256;

    /** The slab count for a plane: by size only, never by thread count. */
    static int slabs(CpuGridSample.Geom g) {
        return (int) Math.max(1, Math.min(Math.min(MAX_SLABS, outer(g)), g.plane() / MIN_SLAB));
    }

    /** Slabs are runs of whole rows of the outermost spatial dim: D in 3-D, H in 2-D. */
    static long outer(CpuGridSample.Geom g) { return g.k() == 3 ? g.id() : g.ih(); }

    /**
     * Fills gradInput; with gridGrad non-null, also the grid gradient when it runs the slab passes (each point's
     * stencil is built there anyway), and then returns true; false: the caller computes the grid gradient.
     */
    static boolean inputGrad(Tensor gradInput, CpuGridSample.GridGrad gridGrad, Tensor gradOut, Tensor grid, CpuGridSample.Geom g,
                             int mode, int padding, boolean alignCorners) {
        return inputGrad(gradInput, gridGrad, gradOut, grid, g, mode, padding, alignCorners, slabs(g));
    }

    /** With an explicit slab count (tests: the result must not depend on it). */
    static boolean inputGrad(Tensor gradInput, CpuGridSample.GridGrad gridGrad, Tensor gradOut, Tensor grid, CpuGridSample.Geom g,
                             int mode, int padding, boolean alignCorners, int slabs) {
        Job j = new Job(gradInput, gridGrad, gradOut, grid, g, mode, padding, alignCorners, Math.max(1, Math.min(255, slabs)));
        if (j.slabs == 1 || j.total == 0 || !j.sort()) {
            j.planes();
            return false;
        }
        int buckets = (int) (g.n() * j.slabs);
        // small tasks (down to one (n, slab)): slabs hold different numbers of points, so let the pool balance them
        if (Parallel.threads() == 1) j.scatterSlabs(0, buckets);
        else Parallel.forChunks(buckets, Math.min(buckets, 8 * Parallel.threads()), j::scatterSlabs);
        return gridGrad != null;
    }

    /** The state of one call; per-thread stencils come from {@link #stencil()}. */
    private static final class Job {
        final CpuGridSample.Geom g;
        /** The grid gradient to fill beside (null: none): each point's by the task of its first slab. */
        final CpuGridSample.GridGrad gridGrad;
        final int mode, padding, k, slabs;
        final boolean alignCorners, f32;
        final MemorySegment gr, go, gi;
        final long grOff, goOff, giOff, c, plane, points, total, outer, inner;
        /**
         * Per chunk of points, its (n, slab) lists one after another: bucket b's are lists[ch][starts[ch][b] ..
         * starts[ch][b + 1]), over the chunks in order. An entry is the point q, or ~q in the list of the point's
         * first slab (where its grid gradient is computed).
         */
        int[][] lists, starts;
        int chunks;
        /** Slab of each outer row: floor(r S / outer), so slab s holds rows [ceil(s outer / S), ceil((s+1) outer / S)). */
        final int[] rowSlab;

        Job(Tensor gradInput, CpuGridSample.GridGrad gridGrad, Tensor gradOut, Tensor grid, CpuGridSample.Geom g, int mode,
            int padding, boolean alignCorners, int slabs) {
            this.g = g;
            this.gridGrad = gridGrad;
            this.mode = mode;
            this.padding = padding;
            this.alignCorners = alignCorners;
            this.k = g.k();
            this.slabs = slabs;
            this.f32 = grid.dtype() == DType.FLOAT32;
            gr = CpuBackend.seg(grid);
            go = CpuBackend.seg(gradOut);
            gi = CpuBackend.seg(gradInput);
            grOff = grid.offset();
            goOff = gradOut.offset();
            giOff = gradInput.offset();
            c = g.c();
            plane = g.plane();
            points = g.points();
            total = g.n() * points;
            outer = outer(g);
            inner = plane / outer;
            rowSlab = new int[slabs > 1 ? (int) outer : 0];
            for (int r = 0; r < rowSlab.length; r++) rowSlab[r] = (int) (r * (long) slabs / outer);
        }

        CpuGridSampleTaps stencil() { return g.taps(mode, padding, alignCorners); }

        /** The first plane offset of slab s. */
        long slabStart(long s) { return (s * outer + slabs - 1) / slabs * inner; }

        /** Point q's first and last slab as lo | hi << 8, or -1 when it reads nothing. */
        int slabRange(CpuGridSampleTaps t, long q) {
            if (mode == CpuGridSampleTaps.BILINEAR) {
                // only the outer coordinate: its taps lie in rows u0 and u0 + 1 (those inside); NaN reads nothing
                double iu = t.sourceIndex(CpuGridSample.load(gr, grOff + q * k + k - 1, f32), outer), u0 = Math.floor(iu);
                if (!(u0 + 1 >= 0 && u0 < outer)) return -1;
                return rowSlab[(int) Math.max(0, (long) u0)] | rowSlab[(int) Math.min(outer - 1, (long) u0 + 1)] << 8;
            }
            taps(t, q);
            if (t.count == 0) return -1;
            long lo = t.off[0], hi = lo;
            for (int i = 1; i < t.count; i++) {
                lo = Math.min(lo, t.off[i]);
                hi = Math.max(hi, t.off[i]);
            }
            return rowSlab[(int) (lo / inner)] | rowSlab[(int) (hi / inner)] << 8;
        }

        /** Fills t with the taps of point q (global over the batch). */
        void taps(CpuGridSampleTaps t, long q) {
            long gq = grOff + q * k;
            t.atFast(CpuGridSample.load(gr, gq, f32), CpuGridSample.load(gr, gq + 1, f32), k == 3 ? CpuGridSample.load(gr, gq + 2, f32) : 0);
        }

        /**
         * Phases 1 and 2, per chunk of points (in parallel, the chunk's data in cache): each point's slab range, the
         * counts per (n, slab), then the chunk's lists in point order. False when the points do not fit an int.
         */
        boolean sort() {
            if (total >= Integer.MAX_VALUE || g.n() * slabs >= Integer.MAX_VALUE / 2) return false;
            int buckets = (int) (g.n() * slabs);
            chunks = (int) Math.max(1, Math.min(MAX_CHUNKS, (total + CHUNK - 1) / CHUNK));
            lists = new int[chunks][];
            starts = new int[chunks][];
            Parallel.forRange(chunks, 1, (s, e) -> {
                CpuGridSampleTaps t = stencil();
                for (int ch = (int) s; ch < e; ch++) {
                    long q0 = total * ch / chunks, q1 = total * (ch + 1) / chunks;
                    int[] range = new int[(int) (q1 - q0)], start = new int[buckets + 1];
                    long n = q0 / points, next = (n + 1) * points;
                    for (long q = q0; q < q1; q++) {
                        if (q == next) {
                            n++;
                            next += points;
                        }
                        int r = slabRange(t, q);
                        range[(int) (q - q0)] = r;
                        if (r < 0) {
                            // in no list: its grid gradient here (zero, or -0 as the plain path makes it)
                            if (gridGrad != null) {
                                taps(t, q);
                                gridGrad.point(t, q);
                            }
                            continue;
                        }
                        int b = (int) n * slabs;
                        for (int x = r & 0xff, sh = r >>> 8; x <= sh; x++) start[b + x + 1]++;
                    }
                    for (int b = 0; b < buckets; b++) start[b + 1] += start[b];
                    int[] list = new int[start[buckets]], pos = start.clone();
                    n = q0 / points;
                    next = (n + 1) * points;
                    for (long q = q0; q < q1; q++) {
                        if (q == next) {
                            n++;
                            next += points;
                        }
                        int r = range[(int) (q - q0)];
                        if (r < 0) continue;
                        int b = (int) n * slabs, sl = r & 0xff;
                        list[pos[b + sl]++] = ~(int) q;
                        for (int x = sl + 1, sh = r >>> 8; x <= sh; x++) list[pos[b + x]++] = (int) q;
                    }
                    lists[ch] = list;
                    starts[ch] = start;
                }
            });
            return true;
        }

        /** Phase 3 over buckets [s, e): bucket = n * S + slab; its lists chunk by chunk, so in point order. */
        void scatterSlabs(long s, long e) {
            CpuGridSampleTaps t = stencil();
            long bytes = f32 ? 4 : 8;
            for (int bucket = (int) s; bucket < e; bucket++) {
                long n = bucket / slabs, sl = bucket - n * slabs;
                long lo = slabStart(sl), hi = slabStart(sl + 1);
                for (long ch = 0; ch < c; ch++)
                    gi.asSlice((giOff + (n * c + ch) * plane + lo) * bytes, (hi - lo) * bytes).fill((byte) 0);
                for (int part = 0; part < chunks; part++) {
                    int[] list = lists[part];
                    for (int i = starts[part][bucket], ie = starts[part][bucket + 1]; i < ie; i++) {
                        int entry = list[i];
                        long q = entry < 0 ? ~entry : entry, p = q - n * points;
                        taps(t, q);
                        if (entry < 0 && gridGrad != null) gridGrad.point(t, q);
                        for (long ch = 0; ch < c; ch++) {
                            long nc = n * c + ch;
                            double go1 = CpuGridSample.load(go, goOff + nc * points + p, f32);
                            if (go1 == 0) continue;
                            long base = giOff + nc * plane;
                            for (int x = 0; x < t.count; x++) {
                                long o = t.off[x];
                                if (o < lo || o >= hi) continue;
                                long at = base + o;
                                CpuGridSample.store(gi, at, CpuGridSample.load(gi, at, f32) + t.w[x] * go1, f32);
                            }
                        }
                    }
                }
            }
        }

        /** One (n, c) plane per task, points in order: for planes too small to cut into slabs. */
        void planes() {
            long bytes = f32 ? 4 : 8;
            Parallel.forRange(g.n() * c, 1, (s, e) -> {
                CpuGridSampleTaps t = stencil();
                for (long nc = s; nc < e; nc++) {
                    long n = nc / c, base = giOff + nc * plane;
                    gi.asSlice(base * bytes, plane * bytes).fill((byte) 0);
                    for (long p = 0; p < points; p++) {
                        double go1 = CpuGridSample.load(go, goOff + nc * points + p, f32);
                        if (go1 == 0) continue;
                        taps(t, n * points + p);
                        for (int x = 0; x < t.count; x++) {
                            long at = base + t.off[x];
                            CpuGridSample.store(gi, at, CpuGridSample.load(gi, at, f32) + t.w[x] * go1, f32);
                        }
                    }
                }
            });
        }
    }
}
