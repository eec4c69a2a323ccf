package dev.axial.tensor.cpu;

import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** StridedLoop against a plain index computation: every element once, in row-major order, at the right offsets. */
class StridedLoopTest {
    /** Reference: offsets[k][linear index] = base[k] + sum idx[d] * strides[k][d], row-major. */
    private static long[][] reference(long[] shape, long[][] strides, long[] base) {
        long n = 1;
        for (long d : shape) n *= d;
        long[][] out = new long[base.length][(int) n];
        long[] idx = new long[shape.length];
        for (int e = 0; e < n; e++) {
            for (int k = 0; k < base.length; k++) {
                long o = base[k];
                for (int d = 0; d < shape.length; d++) o += idx[d] * strides[k][d];
                out[k][e] = o;
            }
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) break;
                idx[d] = 0;
            }
        }
        return out;
    }

    /** The offsets visited by range() over the given chunk boundaries, in visit order. */
    private static long[][] visit(StridedLoop loop, int nOps, long[] cuts) {
        List<long[]> seen = new ArrayList<>();
        long[] inner = new long[nOps];
        for (int k = 0; k < nOps; k++) inner[k] = loop.innerStride(k);
        for (int c = 0; c + 1 < cuts.length; c++) {
            loop.range(cuts[c], cuts[c + 1], (off, n) -> {
                assertTrue(n > 0 && n <= loop.innerSize(), "segment length " + n);
                for (long j = 0; j < n; j++) {
                    long[] e = new long[nOps];
                    for (int k = 0; k < nOps; k++) e[k] = off[k] + j * inner[k];
                    seen.add(e);
                }
            });
        }
        long[][] out = new long[nOps][seen.size()];
        for (int e = 0; e < seen.size(); e++) for (int k = 0; k < nOps; k++) out[k][e] = seen.get(e)[k];
        return out;
    }

    private static long[] randomShape(Random r) {
        int rank = r.nextInt(6);
        long[] s = new long[rank];
        for (int i = 0; i < rank; i++) {
            int p = r.nextInt(10);
            s[i] = p == 0 ? 1 : p == 1 && r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(5);
        }
        return s;
    }

    /** Strides that are contiguous, permuted, negative, zero (broadcast) or arbitrary, per operand. */
    private static long[] randomStrides(Random r, long[] shape) {
        long[] st = new long[shape.length];
        int kind = r.nextInt(4);
        long acc = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            st[d] = acc;
            acc *= Math.max(shape[d], 1);
        }
        for (int d = 0; d < shape.length; d++) {
            switch (kind) {
                case 1 -> { if (r.nextInt(3) == 0) st[d] = 0; }
                case 2 -> { if (r.nextBoolean()) st[d] = -st[d]; }
                case 3 -> st[d] = r.nextInt(41) - 20;
                default -> { }
            }
        }
        return st;
    }

    @Test
    void rangeOverArbitraryChunkingsVisitsEveryElementOnceInOrder() {
        Random r = new Random(7);
        for (int trial = 0; trial < 400; trial++) {
            long[] shape = randomShape(r);
            int nOps = 1 + r.nextInt(3);
            long[][] strides = new long[nOps][];
            long[] base = new long[nOps];
            for (int k = 0; k < nOps; k++) {
                strides[k] = randomStrides(r, shape);
                base[k] = r.nextInt(1000);
            }
            StridedLoop loop = StridedLoop.of(shape, strides, base);
            long[][] want = reference(shape, strides, base);
            long n = want[0].length;
            assertEquals(n, loop.numel());
            assertTrue(loop.rank() >= 1 && loop.rank() <= Math.max(1, shape.length), "rank after coalescing");
            // a random chunking of [0, n) (including empty chunks)
            int pieces = 1 + r.nextInt(6);
            long[] cuts = new long[pieces + 1];
            for (int i = 1; i < pieces; i++) cuts[i] = n == 0 ? 0 : r.nextLong(n + 1);
            cuts[pieces] = n;
            Arrays.sort(cuts);
            long[][] got = visit(loop, nOps, cuts);
            for (int k = 0; k < nOps; k++)
                assertArrayEquals(want[k], got[k], "operand " + k + " shape " + Arrays.toString(shape) + " strides "
                        + Arrays.toString(strides[k]) + " cuts " + Arrays.toString(cuts));
        }
    }

    @Test
    void zeroSizeLoopsRunNothingAndDoNotThrow() {
        StridedLoop loop = StridedLoop.of(new long[]{3, 0, 2}, new long[][]{{0, 2, 1}, {1, 1, 1}}, new long[]{0, 5});
        assertEquals(0, loop.numel());
        loop.range(0, 0, (off, n) -> fail("no segment expected"));
        loop.forEach((off, n) -> fail("no segment expected"));
    }

    @Test
    void zeroDimLoopIsOneElementAtTheBase() {
        StridedLoop loop = StridedLoop.of(new long[0], new long[][]{{}, {}}, new long[]{4, 9});
        assertEquals(1, loop.numel());
        long[][] got = visit(loop, 2, new long[]{0, 1});
        assertArrayEquals(new long[]{4}, got[0]);
        assertArrayEquals(new long[]{9}, got[1]);
    }

    @Test
    void coalescingMergesContiguousDimsOnlyWhenEveryOperandAllows() {
        long[] shape = {2, 3, 4};
        StridedLoop dense = StridedLoop.of(shape, new long[][]{{12, 4, 1}, {12, 4, 1}}, new long[]{0, 0});
        assertEquals(1, dense.rank());
        assertEquals(24, dense.innerSize());
        StridedLoop bcast = StridedLoop.of(shape, new long[][]{{12, 4, 1}, {0, 0, 0}}, new long[]{0, 0});
        assertEquals(1, bcast.rank(), "a fully broadcast operand merges too");
        assertEquals(0, bcast.innerStride(1));
        StridedLoop mixed = StridedLoop.of(shape, new long[][]{{12, 4, 1}, {1, 2, 8}}, new long[]{0, 0});
        assertEquals(3, mixed.rank());
        StridedLoop ones = StridedLoop.of(new long[]{1, 5, 1}, new long[][]{{99, 3, 7}}, new long[]{2});
        assertEquals(1, ones.rank());
        assertEquals(3, ones.innerStride(0));
        // merged or not, the offsets are the same
        long[][] want = reference(shape, new long[][]{{12, 4, 1}, {1, 2, 8}}, new long[]{0, 0});
        assertArrayEquals(want[1], visit(mixed, 2, new long[]{0, 5, 24})[1]);
    }

    @Test
    void forEachInParallelCoversEveryElementExactlyOnce() {
        // 200k elements, grain small enough that the pool splits the work
        long[] shape = {50, 40, 100};
        long[][] strides = {{4000, 100, 1}, {-1, 50 * 100, 50}};
        long[] base = {0, 49};
        StridedLoop loop = StridedLoop.of(shape, strides, base);
        long[][] want = reference(shape, strides, base);
        int n = want[0].length;
        long[] second = new long[n];
        int[] hits = new int[n];
        long in0 = loop.innerStride(0), in1 = loop.innerStride(1);
        loop.forEach(1000, (off, len) -> {
            for (long j = 0; j < len; j++) {
                int pos = (int) (off[0] + j * in0);   // operand 0 is dense: its offset is the linear index
                synchronized (hits) { hits[pos]++; }
                second[pos] = off[1] + j * in1;
            }
        });
        for (int i = 0; i < n; i++) assertEquals(1, hits[i], "element " + i);
        assertArrayEquals(want[1], second);
    }

    @Test
    void ofTensorsUsesTheirStridesAndOffsets() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(6, 8);
            Tensor v = x.slice(1, 1, 8, 3).t();   // shape [3, 6], strides [3, 8], offset 1
            Tensor w = Tensor.zeros(3, 6);
            StridedLoop loop = StridedLoop.of(w, v);
            long[][] want = reference(v.shape(), new long[][]{w.strides(), v.strides()}, new long[]{0, v.offset()});
            long[][] got = visit(loop, 2, new long[]{0, 7, 18});
            assertArrayEquals(want[0], got[0]);
            assertArrayEquals(want[1], got[1]);
        }
    }
}
