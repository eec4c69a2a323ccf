package dev.axial.tensor;

import dev.axial.tensor.cpu.Parallel;
import dev.axial.tensor.cpu.Sgemm;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The packed SGEMM against a float64 triple loop: edges of every tile size, strides, alpha/beta, thread counts. */
class SgemmTest {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;

    /** One problem: operands stored with the given strides (in a buffer large enough for them), C with row stride ldc. */
    private record Case(int m, int n, int k, boolean transA, boolean transB, int pad, float alpha, float beta) {
        long aRs() { return transA ? 1 : k + pad; }
        long aCs() { return transA ? m + pad : 1; }
        long bRs() { return transB ? 1 : n + pad; }
        long bCs() { return transB ? k + pad : 1; }
        long ldc() { return n + pad; }
    }

    private static MemorySegment random(Arena arena, long n, Random r) {
        MemorySegment s = arena.allocate(Math.max(1, n) * 4, 64);
        for (long i = 0; i < n; i++) s.setAtIndex(F, i, r.nextFloat() * 2 - 1);
        return s;
    }

    private static void check(Case c, long seed) {
        Random r = new Random(seed);
        try (Arena arena = Arena.ofShared()) {
            long aLen = Math.max(c.m, 1) * (long) Math.max(c.k, 1) + (long) c.pad * Math.max(c.m, c.k) + 8;
            long bLen = Math.max(c.k, 1) * (long) Math.max(c.n, 1) + (long) c.pad * Math.max(c.k, c.n) + 8;
            long cLen = (long) Math.max(c.m, 1) * c.ldc();
            MemorySegment a = random(arena, aLen, r), b = random(arena, bLen, r), cc = random(arena, cLen, r);
            if (c.beta == 0) cc.setAtIndex(F, 0, Float.NaN);   // beta == 0 must not read C
            float[] before = new float[(int) cLen];
            MemorySegment.copy(cc, F, 0, before, 0, before.length);
            long aOff = 3, bOff = 5;   // nonzero offsets
            Sgemm.sgemm(c.m, c.n, c.k, c.alpha, a, aOff, c.aRs(), c.aCs(), b, bOff, c.bRs(), c.bCs(), c.beta, cc, 0, c.ldc());
            for (int i = 0; i < Math.max(c.m, 1); i++) {
                for (int j = 0; j < c.ldc(); j++) {
                    int at = (int) (i * c.ldc() + j);
                    float got = cc.getAtIndex(F, at);
                    if (i >= c.m || j >= c.n) {
                        assertEquals(before[at], got, 0, c + ": padding at " + i + "," + j + " was written");
                        continue;
                    }
                    double ref = 0, abs = 0;
                    for (int p = 0; p < c.k; p++) {
                        double x = a.getAtIndex(F, aOff + i * c.aRs() + p * c.aCs()) * (double) b.getAtIndex(F, bOff + p * c.bRs() + j * c.bCs());
                        ref += x;
                        abs += Math.abs(x);
                    }
                    double expect = c.alpha * ref + (c.beta == 0 ? 0 : c.beta * (double) before[at]);
                    double tol = 2e-6 * (Math.abs(c.alpha) * abs + (c.beta == 0 ? 0 : Math.abs(c.beta * before[at]))) + 1e-6;
                    assertEquals(expect, got, tol, c + " at " + i + "," + j);
                }
            }
        }
    }

    @Test
    void matchesReferenceOnEdgesStridesAndScaling() {
        int[][] sizes = {{1, 1, 1}, {8, 32, 16}, {7, 33, 5}, {9, 31, 1}, {17, 65, 513}, {33, 100, 37}, {100, 3, 200},
                {3, 200, 9}, {64, 64, 1100}, {13, 1, 7}, {1, 47, 29}};
        long seed = 1;
        for (int[] s : sizes) {
            check(new Case(s[0], s[1], s[2], false, false, 0, 1f, 0f), seed++);
            check(new Case(s[0], s[1], s[2], true, false, 2, 0.5f, 2f), seed++);
            check(new Case(s[0], s[1], s[2], false, true, 3, -1.5f, 1f), seed++);
            check(new Case(s[0], s[1], s[2], true, true, 1, 1f, 0f), seed++);
        }
    }

    @Test
    void emptyAndDegenerateSizes() {
        check(new Case(0, 5, 3, false, false, 0, 1f, 0f), 1);
        check(new Case(5, 0, 3, false, false, 0, 1f, 0f), 2);
        check(new Case(5, 7, 0, false, false, 1, 1f, 0f), 3);   // K = 0: C = 0
        check(new Case(5, 7, 0, false, false, 1, 1f, 3f), 4);   // K = 0: C = beta * C
        check(new Case(6, 40, 9, false, false, 0, 0f, 0.5f), 5);   // alpha = 0
        assertThrows(IllegalArgumentException.class, () -> Sgemm.sgemm(-1, 1, 1, 1f, MemorySegment.NULL, 0, 1, 1,
                MemorySegment.NULL, 0, 1, 1, 0f, MemorySegment.NULL, 0, 1));
    }

    @Test
    void broadcastOperandWithZeroStride() {
        // B's rows all alias one row (stride 0), as an expanded view
        try (Arena arena = Arena.ofShared()) {
            int m = 10, n = 37, k = 20;
            Random r = new Random(7);
            MemorySegment a = random(arena, (long) m * k, r), b = random(arena, n, r), c = arena.allocate((long) m * n * 4);
            Sgemm.sgemm(m, n, k, 1f, a, 0, k, 1, b, 0, 0, 1, 0f, c, 0, n);
            for (int i = 0; i < m; i++) {
                double rowSum = 0;
                for (int p = 0; p < k; p++) rowSum += a.getAtIndex(F, (long) i * k + p);
                for (int j = 0; j < n; j++)
                    assertEquals(rowSum * b.getAtIndex(F, j), c.getAtIndex(F, (long) i * n + j), 1e-4);
            }
        }
    }

    @Test
    void resultDoesNotDependOnThreadCount() {
        int before = Parallel.threads();
        try (Arena arena = Arena.ofShared()) {
            Random r = new Random(11);
            int[][] sizes = {{200, 300, 600}, {300, 40, 700}, {37, 1000, 45}};
            for (int[] s : sizes) {
                int m = s[0], n = s[1], k = s[2];
                MemorySegment a = random(arena, (long) m * k, r), b = random(arena, (long) k * n, r);
                float[][] out = new float[2][];
                for (int t = 1; t <= 2; t++) {
                    Parallel.setThreads(t);
                    MemorySegment c = arena.allocate((long) m * n * 4);
                    Sgemm.sgemm(m, n, k, 1f, a, 0, 1, m, b, 0, n, 1, 0f, c, 0, n);
                    out[t - 1] = c.toArray(F);
                }
                assertArrayEquals(out[0], out[1], m + "x" + n + "x" + k);
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void confinedSegmentsRunOnTheCaller() {
        try (Arena arena = Arena.ofConfined()) {
            int m = 64, n = 256, k = 64;
            Random r = new Random(3);
            MemorySegment a = random(arena, (long) m * k, r), b = random(arena, (long) k * n, r), c = arena.allocate((long) m * n * 4);
            Sgemm.sgemm(m, n, k, 1f, a, 0, k, 1, b, 0, n, 1, 0f, c, 0, n);
            double ref = 0;
            for (int p = 0; p < k; p++) ref += a.getAtIndex(F, p) * (double) b.getAtIndex(F, (long) p * n);
            assertEquals(ref, c.getAtIndex(F, 0), 1e-4);
        }
    }
}
