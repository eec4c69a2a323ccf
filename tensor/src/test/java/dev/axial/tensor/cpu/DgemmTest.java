package dev.axial.tensor.cpu;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The packed DGEMM against a plain double triple loop: tile edges, the depth block, strides, alpha/beta, thread counts. */
class DgemmTest {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    private record Case(int m, int n, int k, boolean transA, boolean transB, int pad, double alpha, double beta) {
        long aRs() { return transA ? 1 : k + pad; }
        long aCs() { return transA ? m + pad : 1; }
        long bRs() { return transB ? 1 : n + pad; }
        long bCs() { return transB ? k + pad : 1; }
        long ldc() { return n + pad; }
    }

    private static MemorySegment random(Arena arena, long n, Random r) {
        MemorySegment s = arena.allocate(Math.max(1, n) * 8, 64);
        for (long i = 0; i < n; i++) s.setAtIndex(D, i, r.nextDouble() * 2 - 1);
        return s;
    }

    /** Runs the case; checks it against the reference when verify; returns C. */
    private static double[] run(Case c, long seed, boolean verify) {
        Random r = new Random(seed);
        try (Arena arena = Arena.ofShared()) {
            long aLen = Math.max(c.m, 1) * (long) Math.max(c.k, 1) + (long) c.pad * Math.max(c.m, c.k) + 8;
            long bLen = Math.max(c.k, 1) * (long) Math.max(c.n, 1) + (long) c.pad * Math.max(c.k, c.n) + 8;
            long cLen = (long) Math.max(c.m, 1) * c.ldc();
            MemorySegment a = random(arena, aLen, r), b = random(arena, bLen, r), cc = random(arena, cLen, r);
            if (c.beta == 0) cc.setAtIndex(D, 0, Double.NaN);   // beta == 0 must not read C
            double[] before = cc.toArray(D);
            long aOff = 3, bOff = 5;
            Dgemm.dgemm(c.m, c.n, c.k, c.alpha, a, aOff, c.aRs(), c.aCs(), b, bOff, c.bRs(), c.bCs(), c.beta, cc, 0, c.ldc());
            double[] got = cc.toArray(D);
            if (!verify) return got;
            for (int i = 0; i < Math.max(c.m, 1); i++) {
                for (int j = 0; j < c.ldc(); j++) {
                    int at = (int) (i * c.ldc() + j);
                    if (i >= c.m || j >= c.n) {
                        assertEquals(before[at], got[at], 0, c + ": padding at " + i + "," + j + " was written");
                        continue;
                    }
                    double ref = 0, abs = 0;
                    for (int p = 0; p < c.k; p++) {
                        double x = a.getAtIndex(D, aOff + i * c.aRs() + p * c.aCs()) * b.getAtIndex(D, bOff + p * c.bRs() + j * c.bCs());
                        ref += x;
                        abs += Math.abs(x);
                    }
                    double expect = c.alpha * ref + (c.beta == 0 ? 0 : c.beta * before[at]);
                    double tol = 1e-14 * (Math.abs(c.alpha) * abs + (c.beta == 0 ? 0 : Math.abs(c.beta * before[at]))) + 1e-300;
                    assertEquals(expect, got[at], tol, c + " at " + i + "," + j);
                }
            }
            return got;
        }
    }

    @Test
    void matchesReferenceOnEdgesAndStrides() {
        int[][] sizes = {{1, 1, 1}, {8, 16, 16}, {7, 17, 5}, {9, 15, 1}, {17, 33, 257}, {33, 50, 37}, {100, 3, 300}, {3, 100, 9}, {13, 1, 7}, {1, 47, 29}};
        long seed = 1;
        for (int[] s : sizes) {
            run(new Case(s[0], s[1], s[2], false, false, 0, 1, 0), seed++, true);
            run(new Case(s[0], s[1], s[2], true, false, 2, 0.5, 2), seed++, true);
            run(new Case(s[0], s[1], s[2], false, true, 3, -1.5, 1), seed++, true);
            run(new Case(s[0], s[1], s[2], true, true, 1, 1, 0), seed++, true);
        }
    }

    @Test
    void emptyAndDegenerateSizes() {
        run(new Case(0, 5, 3, false, false, 0, 1, 0), 1, true);
        run(new Case(5, 0, 3, false, false, 0, 1, 0), 2, true);
        run(new Case(5, 7, 0, false, false, 1, 1, 0), 3, true);
        run(new Case(5, 7, 0, false, false, 1, 1, 3), 4, true);
        run(new Case(6, 40, 9, false, false, 0, 0, 0.5), 5, true);
    }

    @Test
    void resultDoesNotDependOnThreadCount() {
        int before = Parallel.threads();
        try {
            int[][] sizes = {{200, 150, 300}, {300, 20, 270}, {37, 500, 45}};
            for (int[] s : sizes) {
                Case c = new Case(s[0], s[1], s[2], true, false, 0, 1, 0);
                Parallel.setThreads(1);
                double[] one = run(c, 9, false);
                Parallel.setThreads(2);
                assertArrayEquals(one, run(c, 9, false), c.toString());
                Parallel.setThreads(3);
                assertArrayEquals(one, run(c, 9, false), c.toString());
            }
        } finally {
            Parallel.setThreads(before);
        }
    }
}
