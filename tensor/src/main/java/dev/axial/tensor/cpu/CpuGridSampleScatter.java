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
 * the plane's size). A counting sort gives every (n, slab) a list of the points whose taps touch it, in increasing
 * point order (phase 1 counts per chunk of points and remembers each point's slab range, phase 2 fills the lists).
 * For bilinear the range comes from the outer coordinate alone (rows floor(u) and floor(u) + 1), a superset of
 * the taps' slabs, which is all the lists need. Phase 3 runs one task per
 * (n, slab): it zeroes the slab in every channel, then walks its list, recomputes each point's stencil and adds the
 * taps that fall inside the slab, for every channel. A voxel is written by one task only, in point order. Planes too
 * small to cut (S = 1) run one (n, c) plane per task instead, the same order.
 *
 * <p>The stencil comes from {@link CpuGridSampleTaps#atFast}: 3-D trilinear, the hot path of registration, fills the
 * taps of points whose 2x2x2 cell lies inside the volume inline, bitwise equal to the plain stencil.
 *
 * <pre>{@code
 * // 1x1x256^3 volume, 128^3 points: the slab tasks run on every core instead of one
 * CpuGridSampleScatter.inputGrad(gradInput, gradOut, grid, geom, BILINEAR, ZEROS, false);
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
        if (j.slabs == 1 || !j.sort()) {
            j.planes();
            return false;
        }
        int buckets = (int) (g.n() * j.slabs);
        // one task per (n, slab): slabs hold different numbers of points, so let the pool balance them
        if (Parallel.threads() == 1) j.scatterSlabs(0, buckets);
        else Parallel.forChunks(buckets, buckets, j::scatterSlabs);
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
        /** Per point: its first and last slab (lo | hi << 8), or -1 when it reads no voxel (kept for the grid gradient). */
        int[] range;
        /** The point lists of every (n, slab), one after another: bucket b holds list[start[b] .. start[b + 1]). */
        int[] list;
        long[] start;

        Job(Tensor gradInput, CpuGridSample.GridGrad gridGrad, Tensor gradOut, Tensor grid, CpuGridSample.Geom g, int mode, int padding, boolean alignCorners,
            int slabs) {
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
        }

        CpuGridSampleTaps stencil() { return g.taps(mode, padding, alignCorners); }

        /** The slab of outer row r: floor(r S / outer), so slab s holds rows [ceil(s outer / S), ceil((s+1) outer / S)). */
        int slabOfRow(long r) { return (int) (r * slabs / outer); }

        /** The first plane offset of slab s. */
        long slabStart(long s) { return (s * outer + slabs - 1) / slabs * inner; }

        /** Point q's first and last slab as lo | hi << 8, or -1 when it reads nothing. */
        int slabRange(CpuGridSampleTaps t, long q) {
            if (mode == CpuGridSampleTaps.BILINEAR) {
                // only the outer coordinate: its taps lie in rows u0 and u0 + 1 (those inside); NaN reads nothing
                double iu = t.sourceIndex(CpuGridSample.load(gr, grOff + q * k + k - 1, f32), outer), u0 = Math.floor(iu);
                if (!(u0 + 1 >= 0 && u0 < outer)) return -1;
                return slabOfRow(Math.max(0, (long) u0)) | slabOfRow(Math.min(outer - 1, (long) u0 + 1)) << 8;
            }
            taps(t, q);
            if (t.count == 0) return -1;
            long lo = t.off[0], hi = lo;
            for (int i = 1; i < t.count; i++) {
                lo = Math.min(lo, t.off[i]);
                hi = Math.max(hi, t.off[i]);
            }
            return slabOfRow(lo / inner) | slabOfRow(hi / inner) << 8;
        }

        /** Fills t with the taps of point q (global over the batch). */
        void taps(CpuGridSampleTaps t, long q) {
            long gq = grOff + q * k;
            t.atFast(CpuGridSample.load(gr, gq, f32), CpuGridSample.load(gr, gq + 1, f32), k == 3 ? CpuGridSample.load(gr, gq + 2, f32) : 0);
        }

        /** Phases 1 and 2: the per-(n, slab) point lists. False when they would not fit an int array (then: planes). */
        boolean sort() {
            if (total > Integer.MAX_VALUE || g.n() * slabs * MAX_CHUNKS > Integer.MAX_VALUE) return false;
            int buckets = (int) (g.n() * slabs);
            int chunks = (int) Math.max(1, Math.min(MAX_CHUNKS, (total + CHUNK - 1) / CHUNK));
            int[] counts = new int[chunks * buckets];
            range = new int[(int) total];
            Parallel.forRange(chunks, 1, (s, e) -> {
                CpuGridSampleTaps t = stencil();
                for (int ch = (int) s; ch < e; ch++) {
                    int base = ch * buckets;
                    for (long q = total * ch / chunks, qe = total * (ch + 1) / chunks; q < qe; q++) {
                        int r = slabRange(t, q);
                        range[(int) q] = r;
                        if (r < 0) continue;
                        int sl = r & 0xff, sh = r >>> 8, b = (int) (q / points) * slabs;
                        for (int x = sl; x <= sh; x++) counts[base + b + x]++;
                    }
                }
            });
            // bucket-major prefix sum: bucket b's chunk pieces follow each other, so its list is in point order
            start = new long[buckets + 1];
            long run = 0;
            for (int b = 0; b < buckets; b++) {
                start[b] = run;
                for (int ch = 0; ch < chunks; ch++) {
                    int n = counts[ch * buckets + b];
                    counts[ch * buckets + b] = (int) run;   // becomes chunk ch's write position in bucket b
                    run += n;
                }
            }
            start[buckets] = run;
            if (run > Integer.MAX_VALUE - 8) return false;
            list = new int[(int) run];
            Parallel.forRange(chunks, 1, (s, e) -> {
                CpuGridSampleTaps t = stencil();
                for (int ch = (int) s; ch < e; ch++) {
                    int base = ch * buckets;
                    for (long q = total * ch / chunks, qe = total * (ch + 1) / chunks; q < qe; q++) {
                        int r = range[(int) q];
                        if (r < 0) {
                            // in no list: its grid gradient here (zero, or -0 as the plain path makes it)
                            if (gridGrad != null) {
                                taps(t, q);
                                gridGrad.point(t, q);
                            }
                            continue;
                        }
                        int b = (int) (q / points) * slabs;
                        for (int x = r & 0xff, sh = r >>> 8; x <= sh; x++) list[counts[base + b + x]++] = (int) q;
                    }
                }
            });
            if (gridGrad == null) range = null;
            return true;
        }

        /** Phase 3 over buckets [s, e): bucket = n * S + slab. */
        void scatterSlabs(long s, long e) {
            CpuGridSampleTaps t = stencil();
            long bytes = f32 ? 4 : 8;
            for (long bucket = s; bucket < e; bucket++) {
                long n = bucket / slabs, sl = bucket - n * slabs;
                long lo = slabStart(sl), hi = slabStart(sl + 1);
                for (long ch = 0; ch < c; ch++)
                    gi.asSlice((giOff + (n * c + ch) * plane + lo) * bytes, (hi - lo) * bytes).fill((byte) 0);
                for (long i = start[(int) bucket], ie = start[(int) bucket + 1]; i < ie; i++) {
                    long q = list[(int) i], p = q - n * points;
                    taps(t, q);
                    if (gridGrad != null && (range[(int) q] & 0xff) == sl) gridGrad.point(t, q);
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
