package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import dev.axial.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * grid_sample forward and backward on the CPU (ATen's grid_sampler_2d/3d and their backward), every mode through
 * one stencil ({@link CpuGridSampleTaps}), in double precision whatever the dtype. Float32 3-D trilinear, the hot
 * path of spatial transforms, goes to {@link CpuGridSampleFast}. All tensors arrive contiguous:
 * input (N, C, [D,] H, W), grid (N, [Do,] Ho, Wo, k), out (N, C, [Do,] Ho, Wo).
 *
 * <p>Parallel over output points for the forward and the grid gradient (each point's stencil is computed once and
 * reused across channels). The input gradient scatters: {@link CpuGridSampleScatter} runs it over slabs of the
 * input, each voxel written by one task in point order, so results do not depend on the thread count.
 */
final class CpuGridSample {
    private CpuGridSample() {}

    /** The sizes of one call: batch, channels, input plane (id = 1 in 2-D), output points per item. */
    record Geom(int k, long n, long c, long id, long ih, long iw, long points) {
        long plane() { return id * ih * iw; }

        static Geom of(Tensor input, Tensor grid) {
            int k = input.dim() - 2;
            long[] s = input.shape();
            long points = 1;
            for (int d = 1; d <= k; d++) points *= grid.size(d);
            return new Geom(k, s[0], s[1], k == 3 ? s[2] : 1, s[s.length - 2], s[s.length - 1], points);
        }

        CpuGridSampleTaps taps(int mode, int padding, boolean alignCorners) {
            return new CpuGridSampleTaps(k, mode, padding, alignCorners, id, ih, iw);
        }
    }

    static void forward(Tensor out, Tensor input, Tensor grid, int mode, int padding, boolean alignCorners) {
        Geom g = Geom.of(input, grid);
        if (input.dtype() == DType.FLOAT32 && g.k() == 3 && mode == CpuGridSampleTaps.BILINEAR) {
            CpuGridSampleFast.trilinear(out, input, grid, g, padding, alignCorners);
            return;
        }
        forwardGeneric(out, input, grid, g, mode, padding, alignCorners);
    }

    /** The plain path, for every mode and dtype: the specification the fast path is tested against. */
    static void forwardGeneric(Tensor out, Tensor input, Tensor grid, Geom g, int mode, int padding, boolean alignCorners) {
        boolean f32 = input.dtype() == DType.FLOAT32;
        MemorySegment in = CpuBackend.seg(input), gr = CpuBackend.seg(grid), o = CpuBackend.seg(out);
        long inOff = input.offset(), grOff = grid.offset(), oOff = out.offset();
        long c = g.c(), plane = g.plane(), points = g.points();
        int k = g.k();
        Parallel.forRange(g.n() * points, Math.max(1, 4096 / Math.max(1, c)), (s, e) -> {
            CpuGridSampleTaps t = g.taps(mode, padding, alignCorners);
            for (long q = s; q < e; q++) {
                long b = q / points, p = q - b * points;
                long gq = grOff + q * k;
                t.at(load(gr, gq, f32), load(gr, gq + 1, f32), k == 3 ? load(gr, gq + 2, f32) : 0);
                for (long ch = 0; ch < c; ch++) {
                    long base = inOff + (b * c + ch) * plane;
                    double sum = 0;
                    for (int i = 0; i < t.count; i++) sum += t.w[i] * load(in, base + t.off[i], f32);
                    store(o, oOff + (b * c + ch) * points + p, sum, f32);
                }
            }
        });
    }

    static void backward(Tensor gradInput, Tensor gradGrid, Tensor gradOut, Tensor input, Tensor grid, int mode, int padding,
                         boolean alignCorners) {
        Geom g = Geom.of(input, grid);
        GridGrad gg = gradGrid == null ? null : new GridGrad(gradGrid, gradOut, input, g, mode);
        // the input gradient's slab pass computes every stencil anyway: it does the grid gradient too when it can
        boolean gridDone = gradInput != null && CpuGridSampleScatter.inputGrad(gradInput, gg, gradOut, grid, g, mode, padding, alignCorners);
        if (gg != null && !gridDone) gridGrad(gg, grid, g, mode, padding, alignCorners);
    }

    /** The grid gradient alone, parallel over points. */
    private static void gridGrad(GridGrad gg, Tensor grid, Geom g, int mode, int padding, boolean alignCorners) {
        boolean f32 = grid.dtype() == DType.FLOAT32;
        MemorySegment gr = CpuBackend.seg(grid);
        long grOff = grid.offset();
        int k = g.k();
        Parallel.forRange(g.n() * g.points(), Math.max(1, 2048 / Math.max(1, g.c())), (s, e) -> {
            CpuGridSampleTaps t = g.taps(mode, padding, alignCorners);
            for (long q = s; q < e; q++) {
                long gq = grOff + q * k;
                if (mode != CpuGridSampleTaps.NEAREST)
                    t.atFast(load(gr, gq, f32), load(gr, gq + 1, f32), k == 3 ? load(gr, gq + 2, f32) : 0);
                gg.point(t, q);
            }
        });
    }

    /** gradGrid[point] = gm * sum_c gradOut[c, point] * sum_t dw[t] * in[c, off[t]] per axis; zero for nearest. */
    static final class GridGrad {
        final boolean f32;
        final MemorySegment in, go, gg;
        final long inOff, goOff, ggOff, c, plane, points;
        final int k, mode;

        GridGrad(Tensor gradGrid, Tensor gradOut, Tensor input, Geom g, int mode) {
            f32 = input.dtype() == DType.FLOAT32;
            in = CpuBackend.seg(input);
            go = CpuBackend.seg(gradOut);
            gg = CpuBackend.seg(gradGrid);
            inOff = input.offset();
            goOff = gradOut.offset();
            ggOff = gradGrid.offset();
            c = g.c();
            plane = g.plane();
            points = g.points();
            k = g.k();
            this.mode = mode;
        }

        /** Writes point q's (global over the batch) grid gradient from its stencil t (not read for nearest). */
        void point(CpuGridSampleTaps t, long q) {
            double sx = 0, sy = 0, sz = 0;
            if (mode != CpuGridSampleTaps.NEAREST) {
                long b = q / points, p = q - b * points;
                for (long ch = 0; ch < c; ch++) {
                    long base = inOff + (b * c + ch) * plane;
                    double go1 = load(go, goOff + (b * c + ch) * points + p, f32);
                    double ax = 0, ay = 0, az = 0;
                    for (int i = 0; i < t.count; i++) {
                        double v = load(in, base + t.off[i], f32);
                        ax += t.dwx[i] * v;
                        ay += t.dwy[i] * v;
                        az += t.dwz[i] * v;
                    }
                    sx += go1 * ax;
                    sy += go1 * ay;
                    sz += go1 * az;
                }
                sx *= t.gmx;
                sy *= t.gmy;
                sz *= t.gmz;
            }
            long o = ggOff + q * k;
            store(gg, o, sx, f32);
            store(gg, o + 1, sy, f32);
            if (k == 3) store(gg, o + 2, sz, f32);
        }
    }

    static double load(MemorySegment s, long i, boolean f32) {
        return f32 ? s.getAtIndex(ValueLayout.JAVA_FLOAT, i) : s.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
    }

    static void store(MemorySegment s, long i, double v, boolean f32) {
        if (f32) s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) v);
        else s.setAtIndex(ValueLayout.JAVA_DOUBLE, i, v);
    }
}
