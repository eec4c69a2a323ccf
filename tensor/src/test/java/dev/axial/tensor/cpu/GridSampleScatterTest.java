package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The slab-parallel input gradient of grid_sample ({@link CpuGridSampleScatter}) against the plain serial scatter
 * written here: one (n, c) plane at a time, points in increasing order, gradInput[off] += w * gradOut in the dtype.
 * The grid gradient computed beside it equals the separate per-point pass. Bitwise, for every mode x padding x align_corners, 2-D and 3-D, both dtypes, N * C = 1 and > 1, slab counts from
 * 1 to many (points whose taps straddle several slabs), grids partly outside the volume and a few NaN locations,
 * and 1, 2, 3 threads.
 */
class GridSampleScatterTest {
    static final String[] MODES = {"bilinear", "nearest", "bicubic"}, PADS = {"zeros", "border", "reflection"};

    /** The specification: the serial scatter, in the same stencil and the same order. */
    static double[] serial(double[] gradOut, double[] grid, long[] xs, long[] gs, int mode, int pad, boolean ac, boolean f32) {
        int k = xs.length - 2;
        long n = xs[0], c = xs[1], id = k == 3 ? xs[2] : 1, ih = xs[xs.length - 2], iw = xs[xs.length - 1];
        long plane = id * ih * iw, points = 1;
        for (int d = 1; d <= k; d++) points *= gs[d];
        double[] gi = new double[(int) (n * c * plane)];
        CpuGridSampleTaps t = new CpuGridSampleTaps(k, mode, pad, ac, id, ih, iw);
        for (long b = 0; b < n; b++)
            for (long ch = 0; ch < c; ch++)
                for (long p = 0; p < points; p++) {
                    double go = gradOut[(int) ((b * c + ch) * points + p)];
                    if (go == 0) continue;
                    int q = (int) ((b * points + p) * k);
                    t.at(grid[q], grid[q + 1], k == 3 ? grid[q + 2] : 0);
                    for (int i = 0; i < t.count; i++) {
                        int at = (int) ((b * c + ch) * plane + t.off[i]);
                        double v = gi[at] + t.w[i] * go;
                        gi[at] = f32 ? (float) v : v;
                    }
                }
        return gi;
    }

    static double[] random(Random r, long n, double lo, double hi, boolean f32) {
        double[] a = new double[(int) n];
        for (int i = 0; i < n; i++) {
            double v = lo + (hi - lo) * r.nextDouble();
            a[i] = f32 ? (float) v : v;
        }
        return a;
    }

    static long numel(long[] s) {
        long n = 1;
        for (long d : s) n *= d;
        return n;
    }

    /**
     * Runs the kernel with the given slab count (0: its own choice) and thread count into NaN-filled outputs:
     * {input gradient, grid gradient}; slabs < 0: the grid gradient alone through the separate per-point pass.
     */
    static double[][] kernel(double[] input, double[] gradOut, double[] grid, long[] xs, long[] gs, long[] os, int mode, int pad,
                             boolean ac, DType dt, int slabs, int threads) {
        int before = Parallel.threads();
        try (Scope s = Scope.open()) {
            Parallel.setThreads(threads);
            Tensor in = Tensor.of(input, xs).to(dt), gr = Tensor.of(grid, gs).to(dt), go = Tensor.of(gradOut, os).to(dt);
            Tensor gi = Tensor.full(dt, Device.CPU, Double.NaN, xs), gg = Tensor.full(dt, Device.CPU, Double.NaN, gs);
            CpuGridSample.Geom g = CpuGridSample.Geom.of(in, gr);
            CpuGridSample.GridGrad ggk = new CpuGridSample.GridGrad(gg, go, in, g, mode);
            if (slabs < 0) CpuGridSample.backward(null, gg, go, in, gr, mode, pad, ac);
            else if (slabs == 0) CpuGridSample.backward(gi, gg, go, in, gr, mode, pad, ac);
            else if (!CpuGridSampleScatter.inputGrad(gi, ggk, go, gr, g, mode, pad, ac, slabs))
                CpuGridSample.backward(null, gg, go, in, gr, mode, pad, ac);
            return new double[][]{gi.toDoubleArray(), gg.toDoubleArray()};
        } finally {
            Parallel.setThreads(before);
        }
    }

    static void check(Random r, long[] xs, long[] gs, int mode, int pad, boolean ac, DType dt, int[] slabCounts, String what) {
        boolean f32 = dt == DType.FLOAT32;
        int k = xs.length - 2;
        long[] os = new long[xs.length];
        os[0] = xs[0];
        os[1] = xs[1];
        System.arraycopy(gs, 1, os, 2, k);
        double[] grid = random(r, numel(gs), -1.3, 1.3, f32);
        grid[0] = Double.NaN;                              // a NaN location reads (and writes) nothing
        grid[grid.length - 1] = Double.NaN;
        double[] go = random(r, numel(os), -1, 1, f32);
        for (int i = 0; i < go.length; i += 7) go[i] = 0;  // skipped points
        double[] input = random(r, numel(xs), -1, 1, f32);
        double[] want = serial(go, grid, xs, gs, mode, pad, ac, f32);
        // the grid gradient fused into the slab pass must equal the separate per-point pass
        double[] wantGrid = kernel(input, go, grid, xs, gs, os, mode, pad, ac, dt, -1, 1)[1];
        for (int slabs : slabCounts)
            for (int threads = 1; threads <= 3; threads++) {
                double[][] got = kernel(input, go, grid, xs, gs, os, mode, pad, ac, dt, slabs, threads);
                assertArrayEquals(want, got[0], what + " slabs=" + slabs + " threads=" + threads);
                assertArrayEquals(wantGrid, got[1], what + " grid gradient, slabs=" + slabs + " threads=" + threads);
            }
    }

    @Test
    void everyModeMatchesSerialScatterBitwise() {
        Random r = new Random(41);
        for (int k : new int[]{2, 3})
            for (int mode = 0; mode < 3; mode++)
                for (int pad = 0; pad < 3; pad++)
                    for (boolean ac : new boolean[]{false, true})
                        for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64})
                            for (boolean batched : new boolean[]{false, true}) {
                                if (k == 3 && mode == CpuGridSampleTaps.BICUBIC) continue;
                                long n = batched ? 2 : 1, c = batched ? 3 : 1;
                                long[] xs = k == 2 ? new long[]{n, c, 13, 11} : new long[]{n, c, 7, 6, 5};
                                long[] gs = k == 2 ? new long[]{n, 9, 8, 2} : new long[]{n, 5, 6, 4, 3};
                                check(r, xs, gs, mode, pad, ac, dt, new int[]{1, 2, 5, 64},
                                        k + "d " + MODES[mode] + " " + PADS[pad] + " ac=" + ac + " " + dt + " n=" + n + " c=" + c);
                            }
    }

    @Test
    void defaultSlabsOnLargerVolumes() {
        Random r = new Random(43);
        // planes large enough that the kernel cuts them itself: 3-D float32 trilinear (the fast path) and 2-D bicubic
        try (Scope s = Scope.open()) {
            assertTrue(CpuGridSampleScatter.slabs(CpuGridSample.Geom.of(Tensor.empty(1, 1, 40, 40, 40), Tensor.empty(1, 2, 2, 2, 3))) > 1);
        }
        for (int pad = 0; pad < 3; pad++)
            check(r, new long[]{1, 1, 40, 40, 40}, new long[]{1, 24, 25, 26, 3}, CpuGridSampleTaps.BILINEAR, pad, pad == 1,
                    DType.FLOAT32, new int[]{0}, "3d trilinear " + PADS[pad]);
        check(r, new long[]{2, 2, 20, 30, 40}, new long[]{2, 12, 13, 14, 3}, CpuGridSampleTaps.BILINEAR, 0, false,
                DType.FLOAT32, new int[]{0}, "3d trilinear batched");
        check(r, new long[]{1, 2, 200, 190}, new long[]{1, 90, 80, 2}, CpuGridSampleTaps.BICUBIC, 2, true,
                DType.FLOAT64, new int[]{0}, "2d bicubic");
    }

    @Test
    void noPointsOnALargePlaneGivesZeros() {
        long[] xs = {1, 2, 40, 40, 40}, gs = {1, 0, 2, 2, 3}, os = {1, 2, 0, 2, 2};
        double[][] got = kernel(new double[(int) numel(xs)], new double[0], new double[0], xs, gs, os, 0, 0, false, DType.FLOAT32, 0, 2);
        assertArrayEquals(new double[(int) numel(xs)], got[0]);
        assertEquals(0, got[1].length);
    }

    @Test
    void fastStencilEqualsPlainStencilBitwise() {
        Random r = new Random(47);
        for (int pad = 0; pad < 3; pad++)
            for (boolean ac : new boolean[]{false, true}) {
                CpuGridSampleTaps plain = new CpuGridSampleTaps(3, CpuGridSampleTaps.BILINEAR, pad, ac, 5, 6, 7);
                CpuGridSampleTaps fast = new CpuGridSampleTaps(3, CpuGridSampleTaps.BILINEAR, pad, ac, 5, 6, 7);
                for (int i = 0; i < 3000; i++) {
                    double[] p = random(r, 3, -1.2, 1.2, i % 2 == 0);
                    if (i % 50 == 0) p[i % 3] = i % 100 == 0 ? Double.NaN : (i % 150 == 0 ? 1 : -1);
                    plain.at(p[0], p[1], p[2]);
                    fast.atFast(p[0], p[1], p[2]);
                    String what = PADS[pad] + " ac=" + ac + " at " + java.util.Arrays.toString(p);
                    assertEquals(plain.count, fast.count, what);
                    assertArrayEquals(java.util.Arrays.copyOf(plain.off, plain.count), java.util.Arrays.copyOf(fast.off, fast.count), what);
                    for (double[][] a : new double[][][]{{plain.w, fast.w}, {plain.dwx, fast.dwx}, {plain.dwy, fast.dwy}, {plain.dwz, fast.dwz}})
                        assertArrayEquals(java.util.Arrays.copyOf(a[0], plain.count), java.util.Arrays.copyOf(a[1], fast.count), what);
                    assertArrayEquals(new double[]{plain.gmx, plain.gmy, plain.gmz}, new double[]{fast.gmx, fast.gmy, fast.gmz}, what);
                }
            }
    }
}
