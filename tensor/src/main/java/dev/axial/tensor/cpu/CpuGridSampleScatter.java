package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import dev.axial.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * grid_sample's input gradient, gradInput[n, c, off[t]] += w[t] * gradOut[n, c, point], parallel for any N * C and
 * bitwise equal to the serial scatter: every input voxel receives its contributions in increasing point order
 * (taps of one point in stencil order), so the result depends neither on the thread count nor on the slab count.
 *
 * <p>How: each channel plane is cut into S slabs of consecutive offsets (S fixed by the plane's size). A counting sort
 * gives every (n, slab) a list of the points whose taps touch it, in increasing point order (phase 1 counts per
 * chunk of points and remembers each point's slab range, phase 2 fills the lists). Phase 3 runs one task per
 * (n, slab): it zeroes the slab in every channel, then walks its list, recomputes each point's stencil and adds the
 * taps that fall inside the slab, for every channel. A voxel is written by one task only, in point order. Planes too
 * small to cut (S = 1) run one (n, c) plane per task instead, the same order.
 *
 * <p>Float32 3-D trilinear, the hot path of registration, fills the stencil inline for points whose 2x2x2 cell lies
 * inside the volume (nearly all), with the same double arithmetic as {@link CpuGridSampleTaps}, so it is bitwise
 * equal to the generic stencil too.
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

    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;

    /** The slab count for a plane: by size only, never by thread count. */
    static int slabs(long plane) { return (int) Math.max(1, Math.min(MAX_SLABS, plane / MIN_SLAB)); }

    static void inputGrad(Tensor gradInput, Tensor gradOut, Tensor grid, CpuGridSample.Geom g, int mode, int padding,
                          boolean alignCorners) {
        inputGrad(gradInput, gradOut, grid, g, mode, padding, alignCorners, slabs(g.plane()));
    }

    /** With an explicit slab count (tests: the result must not depend on it). */
    static void inputGrad(Tensor gradInput, Tensor gradOut, Tensor grid, CpuGridSample.Geom g, int mode, int padding,
                          boolean alignCorners, int slabs) {
        Job j = new Job(gradInput, gradOut, grid, g, mode, padding, alignCorners, Math.max(1, Math.min(255, slabs)));
        if (j.slabs == 1 || !j.sort()) {
            j.planes();
            return;
        }
        int buckets = (int) (g.n() * j.slabs);
        // one task per (n, slab): slabs hold different numbers of points, so let the pool balance them
        if (Parallel.threads() == 1) j.scatterSlabs(0, buckets);
        else Parallel.forChunks(buckets, buckets, j::scatterSlabs);
    }

    /** The state of one call; per-thread stencils come from {@link #stencil()}. */
    private static final class Job {
        final CpuGridSample.Geom g;
        final int mode, padding, k, slabs;
        final boolean alignCorners, f32, fast;
        final MemorySegment gr, go, gi;
        final long grOff, goOff, giOff, c, plane, points, total;
        final long hw;
        /** Per point: its first and last slab (lo | hi << 8), or -1 when it reads no voxel. */
        int[] range;
        /** The point lists of every (n, slab), one after another: bucket b holds list[start[b] .. start[b + 1]). */
        int[] list;
        long[] start;

        Job(Tensor gradInput, Tensor gradOut, Tensor grid, CpuGridSample.Geom g, int mode, int padding, boolean alignCorners,
            int slabs) {
            this.g = g;
            this.mode = mode;
            this.padding = padding;
            this.alignCorners = alignCorners;
            this.k = g.k();
            this.slabs = slabs;
            this.f32 = grid.dtype() == DType.FLOAT32;
            this.fast = f32 && k == 3 && mode == CpuGridSampleTaps.BILINEAR;
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
            hw = g.ih() * g.iw();
        }

        CpuGridSampleTaps stencil() { return g.taps(mode, padding, alignCorners); }

        /** The slab holding plane offset off: floor(off * S / plane), so slab s is [ceil(s plane / S), ceil((s+1) plane / S)). */
        int slabOf(long off) { return (int) (off * slabs / plane); }

        long slabStart(long s) { return (s * plane + slabs - 1) / slabs; }

        /** Fills t with the taps of point q (global over the batch); the fast path inlines the inside-the-volume case. */
        void taps(CpuGridSampleTaps t, long q) {
            long gq = grOff + q * k;
            if (!fast) {
                t.at(CpuGridSample.load(gr, gq, f32), CpuGridSample.load(gr, gq + 1, f32),
                        k == 3 ? CpuGridSample.load(gr, gq + 2, f32) : 0);
                return;
            }
            double ix = t.sourceIndex(gr.getAtIndex(F, gq), g.iw()), iy = t.sourceIndex(gr.getAtIndex(F, gq + 1), g.ih()),
                    iz = t.sourceIndex(gr.getAtIndex(F, gq + 2), g.id());
            double x0 = Math.floor(ix), y0 = Math.floor(iy), z0 = Math.floor(iz);
            // NOTE: compared as doubles, so NaN and huge coordinates take the general stencil
            if (!(x0 >= 0 && x0 + 1 < g.iw() && y0 >= 0 && y0 + 1 < g.ih() && z0 >= 0 && z0 + 1 < g.id())) {
                t.atSource(ix, iy, iz);
                return;
            }
            // the same expressions, in the same order, as CpuGridSampleTaps.atSource: bitwise the same weights
            double wx0 = x0 + 1 - ix, wx1 = ix - x0, wy0 = y0 + 1 - iy, wy1 = iy - y0, wz0 = z0 + 1 - iz, wz1 = iz - z0;
            long a = ((long) z0 * g.ih() + (long) y0) * g.iw() + (long) x0, iw = g.iw();
            long[] off = t.off;
            double[] w = t.w;
            off[0] = a;
            off[1] = a + 1;
            off[2] = a + iw;
            off[3] = a + iw + 1;
            off[4] = a + hw;
            off[5] = a + hw + 1;
            off[6] = a + hw + iw;
            off[7] = a + hw + iw + 1;
            w[0] = wx0 * wy0 * wz0;
            w[1] = wx1 * wy0 * wz0;
            w[2] = wx0 * wy1 * wz0;
            w[3] = wx1 * wy1 * wz0;
            w[4] = wx0 * wy0 * wz1;
            w[5] = wx1 * wy0 * wz1;
            w[6] = wx0 * wy1 * wz1;
            w[7] = wx1 * wy1 * wz1;
            t.count = 8;
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
                        taps(t, q);
                        if (t.count == 0) {
                            range[(int) q] = -1;
                            continue;
                        }
                        long lo = t.off[0], hi = lo;
                        for (int i = 1; i < t.count; i++) {
                            lo = Math.min(lo, t.off[i]);
                            hi = Math.max(hi, t.off[i]);
                        }
                        int sl = slabOf(lo), sh = slabOf(hi);
                        range[(int) q] = sl | sh << 8;
                        int b = (int) (q / points) * slabs;
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
                for (int ch = (int) s; ch < e; ch++) {
                    int base = ch * buckets;
                    for (long q = total * ch / chunks, qe = total * (ch + 1) / chunks; q < qe; q++) {
                        int r = range[(int) q];
                        if (r < 0) continue;
                        int b = (int) (q / points) * slabs;
                        for (int x = r & 0xff, sh = r >>> 8; x <= sh; x++) list[counts[base + b + x]++] = (int) q;
                    }
                }
            });
            range = null;
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
