package dev.axial.tensor.cpu;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** GEMV (float32 and float64) against a float64 loop: row-major, column-major and strided A, strided x and y, threads. */
class GemvTest {
    enum Layout { ROWS, COLUMNS, STRIDED }

    /** One problem: A (rows x k) in a layout padded by pad, x with increment xInc, y with increment yInc. */
    record Case(boolean dbl, int rows, int k, Layout layout, int pad, int xInc, int yInc) {
        long aRs() { return switch (layout) { case ROWS -> k + pad; case COLUMNS -> 1; case STRIDED -> 2L * k + pad; }; }
        long aCs() { return switch (layout) { case ROWS -> 1; case COLUMNS -> rows + pad; case STRIDED -> 2; }; }
        long aLen() { return 3 + (rows == 0 || k == 0 ? 0 : (rows - 1) * aRs() + (k - 1) * aCs() + 1); }
        int width() { return dbl ? 8 : 4; }
    }

    private static void fill(MemorySegment s, boolean dbl, long n, Random r) {
        for (long i = 0; i < n; i++) {
            double v = r.nextDouble() * 2 - 1;
            if (dbl) s.setAtIndex(ValueLayout.JAVA_DOUBLE, i, v);
            else s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) v);
        }
    }

    private static double get(MemorySegment s, boolean dbl, long i) {
        return dbl ? s.getAtIndex(ValueLayout.JAVA_DOUBLE, i) : s.getAtIndex(ValueLayout.JAVA_FLOAT, i);
    }

    /** Runs the case on fresh random operands; returns y's raw bits (for thread-count comparisons). */
    static long[] run(Case c, long seed, boolean verify) {
        Random r = new Random(seed);
        try (Arena arena = Arena.ofShared()) {
            long xLen = 2 + (long) Math.max(c.k, 1) * c.xInc, yLen = 2 + (long) Math.max(c.rows, 1) * c.yInc;
            MemorySegment a = arena.allocate(c.aLen() * c.width()), x = arena.allocate(xLen * c.width()), y = arena.allocate(yLen * c.width());
            fill(a, c.dbl, c.aLen(), r);
            fill(x, c.dbl, xLen, r);
            fill(y, c.dbl, yLen, r);   // must be overwritten, not accumulated into
            double[] before = new double[(int) yLen];
            for (int i = 0; i < yLen; i++) before[i] = get(y, c.dbl, i);
            long aOff = 3, xOff = 1, yOff = 1;
            if (c.dbl) Gemv.dgemv(c.rows, c.k, a, aOff, c.aRs(), c.aCs(), x, xOff, c.xInc, y, yOff, c.yInc);
            else Gemv.sgemv(c.rows, c.k, a, aOff, c.aRs(), c.aCs(), x, xOff, c.xInc, y, yOff, c.yInc);
            long[] bits = new long[c.rows];
            for (int i = 0; i < c.rows; i++) {
                double got = get(y, c.dbl, yOff + (long) i * c.yInc);
                bits[i] = Double.doubleToRawLongBits(got);
                if (!verify) continue;
                double ref = 0, abs = 0;
                for (int p = 0; p < c.k; p++) {
                    double t = get(a, c.dbl, aOff + i * c.aRs() + p * c.aCs()) * get(x, c.dbl, xOff + (long) p * c.xInc);
                    ref += t;
                    abs += Math.abs(t);
                }
                double eps = c.dbl ? 0x1p-52 : 0x1p-23;
                assertEquals(ref, got, eps * 4 * Math.sqrt(c.k + 1.0) * abs + 1e-300, c + " row " + i);
            }
            for (int i = 0; i < yLen; i++) {
                boolean isY = i >= yOff && (i - yOff) % c.yInc == 0 && (i - yOff) / c.yInc < c.rows;
                if (!isY) assertEquals(before[i], get(y, c.dbl, i), 0, c + ": wrote outside y at " + i);
            }
            return bits;
        }
    }

    @Test
    void matchesReferenceOnOddSizesAndLayouts() {
        int[][] sizes = {{1, 1}, {1, 7}, {3, 17}, {4, 16}, {5, 33}, {17, 64}, {33, 100}, {9, 1}, {2, Gemv.KB + 37},
                {1, 2 * Gemv.KB + 5}, {600, 9}, {7, 250}};
        long seed = 1;
        for (boolean dbl : new boolean[]{false, true})
            for (int[] s : sizes)
                for (Layout l : Layout.values()) {
                    run(new Case(dbl, s[0], s[1], l, 0, 1, 1), seed++, true);
                    run(new Case(dbl, s[0], s[1], l, 3, 3, 2), seed++, true);
                }
    }

    @Test
    void emptySizes() {
        for (boolean dbl : new boolean[]{false, true}) {
            run(new Case(dbl, 0, 5, Layout.ROWS, 0, 1, 1), 1, true);
            assertArrayEquals(new long[]{0, 0, 0}, run(new Case(dbl, 3, 0, Layout.ROWS, 0, 1, 1), 2, true), "k = 0 gives zeros");
            run(new Case(dbl, 3, 0, Layout.COLUMNS, 0, 1, 2), 3, true);
        }
    }

    @Test
    void resultDoesNotDependOnThreadCount() {
        int before = Parallel.threads();
        try {
            Case[] cases = {new Case(false, 301, 299, Layout.ROWS, 1, 1, 1), new Case(false, 1, 17 * Gemv.KB + 3, Layout.ROWS, 0, 1, 1),
                    new Case(false, 1500, 90, Layout.COLUMNS, 2, 2, 1), new Case(false, 130, 700, Layout.STRIDED, 0, 1, 1),
                    new Case(true, 301, 299, Layout.ROWS, 1, 1, 1), new Case(true, 1, 17 * Gemv.KB + 3, Layout.ROWS, 0, 1, 1),
                    new Case(true, 1500, 90, Layout.COLUMNS, 2, 2, 1)};
            for (Case c : cases) {
                Parallel.setThreads(1);
                long[] one = run(c, 5, false);
                Parallel.setThreads(2);
                assertArrayEquals(one, run(c, 5, false), c.toString());
                Parallel.setThreads(3);
                assertArrayEquals(one, run(c, 5, false), c.toString());
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void confinedSegmentsRunOnTheCaller() {
        try (Arena arena = Arena.ofConfined()) {
            int rows = 400, k = 500;
            MemorySegment a = arena.allocate((long) rows * k * 4), x = arena.allocate(k * 4L), y = arena.allocate(rows * 4L);
            fill(a, false, (long) rows * k, new Random(1));
            fill(x, false, k, new Random(2));
            Gemv.sgemv(rows, k, a, 0, k, 1, x, 0, 1, y, 0, 1);
            double ref = 0;
            for (int p = 0; p < k; p++) ref += get(a, false, p) * get(x, false, p);
            assertEquals(ref, get(y, false, 0), 1e-4);
        }
    }
}
