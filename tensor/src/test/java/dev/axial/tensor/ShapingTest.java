package dev.axial.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Random;

import static dev.axial.tensor.Conformance.randomShape;
import static dev.axial.tensor.Conformance.tensor;
import static dev.axial.tensor.ShapeRef.*;
import static org.junit.jupiter.api.Assertions.*;

class ShapingTest {
    private static double[] iota(int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    // ---- cat / stack -----------------------------------------------------------------------------

    /** Reference cat of row-major arrays along dim d. */
    private static double[] refCat(double[][] vals, long[][] shapes, int d) {
        long[] os = shapes[0].clone();
        os[d] = 0;
        for (long[] s : shapes) os[d] += s[d];
        double[] out = new double[(int) Shapes.numel(os)];
        for (int i = 0; i < out.length; i++) {
            long[] idx = unravel(i, os);
            int k = 0;
            while (idx[d] >= shapes[k][d]) idx[d] -= shapes[k++][d];
            out[i] = vals[k][ravel(idx, shapes[k])];
        }
        return out;
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void catMatchesReferenceForEveryDtypeAndLayout(Device dev) {
        Random r = new Random(1);
        for (DType t : ALL) {
            for (int trial = 0; trial < 4; trial++) {
                try (Scope s = Scope.open()) {
                    long[] base = randomShape(r, 1, 4, 4);
                    int d = r.nextInt(base.length);
                    int n = 1 + r.nextInt(3);
                    long[][] shapes = new long[n][];
                    double[][] vals = new double[n][];
                    Tensor[] ts = new Tensor[n];
                    for (int k = 0; k < n; k++) {
                        shapes[k] = base.clone();
                        shapes[k][d] = r.nextInt(4);
                        vals[k] = ints(r, Shapes.numel(shapes[k]), t);
                        ts[k] = tensor(dev, t, vals[k], (k + trial) % 2 == 1, shapes[k]);
                    }
                    Tensor out = Tensor.cat(d - base.length * (trial % 2), ts);
                    assertEquals(t, out.dtype());
                    assertArrayEquals(refCat(vals, shapes, d), out.toDoubleArray(), t + " " + Arrays.toString(base) + " dim " + d);
                }
            }
        }
    }

    @Test
    void catPromotesSkipsLegacyEmptyAndNamesShapesOnMismatch() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.of(new int[]{1, 2}, 1, 2);
            Tensor b = Tensor.of(new double[]{0.5, 1.5}, 1, 2);
            Tensor c = Tensor.cat(0, a, Tensor.empty(0), b);
            assertEquals(DType.FLOAT64, c.dtype());
            assertArrayEquals(new long[]{2, 2}, c.shape());
            assertArrayEquals(new double[]{1, 2, 0.5, 1.5}, c.toDoubleArray());
            assertEquals(DType.INT16, Tensor.cat(0, Tensor.of(new byte[]{1}), Tensor.full(DType.UINT8, Device.CPU, 200, 1)).dtype());
            assertArrayEquals(new long[]{0}, Tensor.cat(0, Tensor.empty(0), Tensor.empty(0)).shape());
            TensorException e = assertThrows(TensorException.class, () -> Tensor.cat(1, Tensor.zeros(2, 3), Tensor.zeros(3, 3)));
            assertTrue(e.getMessage().contains("cat") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3, 3]"), e.getMessage());
            assertThrows(TensorException.class, () -> Tensor.cat(0, Tensor.scalar(1)));
            assertThrows(TensorException.class, () -> Tensor.cat(0));
            assertThrows(TensorException.class, () -> Tensor.cat(2, Tensor.zeros(2, 3)));
            Tensor z = Tensor.zeros(2, 3);
            z.close();
            assertThrows(UseAfterFreeException.class, () -> Tensor.cat(0, z));
        }
    }

    @Test
    void stackAddsADim() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.of(iota(6), 2, 3), b = Tensor.of(iota(6), 2, 3).t().contiguous().view(2, 3);
            Tensor st = Tensor.stack(-1, a, b);
            assertArrayEquals(new long[]{2, 3, 2}, st.shape());
            double[] va = a.toDoubleArray(), vb = b.toDoubleArray(), got = st.toDoubleArray();
            for (int i = 0; i < 6; i++) {
                assertEquals(va[i], got[2 * i]);
                assertEquals(vb[i], got[2 * i + 1]);
            }
            assertArrayEquals(new long[]{2, 2, 3}, Tensor.stack(0, a, b).shape());
            assertThrows(TensorException.class, () -> Tensor.stack(0, a, Tensor.zeros(3, 2)));
            assertThrows(TensorException.class, () -> Tensor.stack(4, a, b));
        }
    }

    // ---- split / chunk ---------------------------------------------------------------------------

    private static long[] sizesAlong(Tensor[] parts, int d) {
        long[] s = new long[parts.length];
        for (int i = 0; i < parts.length; i++) s[i] = parts[i].size(d);
        return s;
    }

    @Test
    void splitAndChunkFollowPyTorchSizes() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(iota(30), 3, 10);
            assertArrayEquals(new long[]{4, 4, 2}, sizesAlong(x.split(4, 1), 1));
            assertArrayEquals(new long[]{2, 3, 5}, sizesAlong(x.split(new long[]{2, 3, 5}, -1), 1));
            assertArrayEquals(new long[]{3, 3, 3, 1}, sizesAlong(x.chunk(4, 1), 1));
            assertArrayEquals(new long[]{2, 2, 2, 2, 2}, sizesAlong(x.chunk(5, 1), 1));
            assertArrayEquals(new long[]{2, 2, 2}, sizesAlong(Tensor.zeros(6).chunk(4), 0));   // 3 chunks, not 4
            assertArrayEquals(new long[]{0, 0, 0}, sizesAlong(Tensor.zeros(0, 2).chunk(3), 0));
            assertArrayEquals(new long[]{0}, sizesAlong(Tensor.zeros(0).split(0), 0));
            Tensor[] parts = x.split(4, 1);
            assertSame(x.storage(), parts[1].storage());   // views
            assertArrayEquals(new double[]{4, 5, 6, 7}, parts[1].select(0, 0).toDoubleArray());
            assertArrayEquals(new double[]{28, 29}, parts[2].select(0, 2).toDoubleArray());
            assertThrows(TensorException.class, () -> x.split(new long[]{2, 3}, 1));
            assertThrows(TensorException.class, () -> x.split(0, 1));
            assertThrows(TensorException.class, () -> x.chunk(0, 1));
            assertThrows(TensorException.class, () -> Tensor.scalar(1).chunk(1));
        }
    }

    // ---- flip / roll / repeat / tile -------------------------------------------------------------

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void flipRollRepeatMatchReferenceForEveryDtype(Device dev) {
        Random r = new Random(2);
        for (DType t : ALL) {
            for (int trial = 0; trial < 3; trial++) {
                try (Scope s = Scope.open()) {
                    long[] sh = randomShape(r, 1, 4, 4);
                    double[] v = ints(r, Shapes.numel(sh), t);
                    Tensor x = tensor(dev, t, v, trial % 2 == 0, sh);
                    int rank = sh.length;
                    // flip
                    int fd = r.nextInt(rank);
                    double[] f = (fd == rank - 1 ? x.flip(fd) : x.flip(fd, -1)).toDoubleArray();
                    for (int i = 0; i < f.length; i++) {
                        long[] idx = unravel(i, sh);
                        idx[fd] = sh[fd] - 1 - idx[fd];
                        if (fd != rank - 1) idx[rank - 1] = sh[rank - 1] - 1 - idx[rank - 1];
                        assertEquals(v[ravel(idx, sh)], f[i], t + " flip");
                    }
                    // roll on two dims
                    long s0 = r.nextInt(11) - 5, s1 = r.nextInt(11) - 5;
                    int d0 = r.nextInt(rank), d1 = r.nextInt(rank);
                    double[] ro = x.roll(new long[]{s0, s1}, new int[]{d0, d1}).toDoubleArray();
                    for (int i = 0; i < ro.length; i++) {
                        long[] idx = unravel(i, sh);
                        idx[d0] = Math.floorMod(idx[d0] - s0, sh[d0]);
                        idx[d1] = Math.floorMod(idx[d1] - s1, sh[d1]);
                        assertEquals(v[ravel(idx, sh)], ro[i], t + " roll");
                    }
                    double[] flat = x.roll(-7).toDoubleArray();
                    for (int i = 0; i < flat.length; i++) assertEquals(v[Math.floorMod(i + 7, v.length)], flat[i], t + " flat roll");
                    // repeat with one extra leading dim
                    long[] reps = new long[rank + 1];
                    for (int i = 0; i < reps.length; i++) reps[i] = 1 + r.nextInt(3);
                    Tensor rep = x.repeat(reps);
                    long[] os = rep.shape();
                    double[] rv = rep.toDoubleArray();
                    for (int i = 0; i < rv.length; i++) {
                        long[] idx = unravel(i, os);
                        long[] src = new long[rank];
                        for (int k = 0; k < rank; k++) src[k] = idx[k + 1] % sh[k];
                        assertEquals(v[ravel(src, sh)], rv[i], t + " repeat");
                    }
                }
            }
        }
    }

    @Test
    void handComputedFlipRollRepeatTile() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(iota(6), 2, 3);
            assertArrayEquals(new double[]{5, 4, 3, 2, 1, 0}, x.flip(0, 1).toDoubleArray());
            assertArrayEquals(new double[]{2, 1, 0, 5, 4, 3}, x.flip(-1).toDoubleArray());
            assertArrayEquals(new double[]{2, 0, 1, 5, 3, 4}, x.roll(1, 1).toDoubleArray());
            assertArrayEquals(new double[]{5, 0, 1, 2, 3, 4}, x.roll(1).toDoubleArray());
            assertArrayEquals(new long[]{2, 3}, x.roll(1).shape());
            Tensor row = Tensor.of(new double[]{1, 2, 3});
            assertArrayEquals(new double[]{1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3}, row.repeat(2, 2).toDoubleArray());
            assertArrayEquals(new long[]{2, 6}, row.repeat(2, 2).shape());
            assertArrayEquals(new long[]{2, 6}, x.tile(2).shape());
            assertArrayEquals(new long[]{4, 3}, x.tile(2, 1).shape());
            assertArrayEquals(new long[]{3, 2, 3}, x.tile(3, 1, 1).shape());
            assertArrayEquals(new long[]{0, 3}, x.repeat(0, 1).shape());
            assertThrows(TensorException.class, () -> x.repeat(2));
            assertThrows(TensorException.class, () -> x.flip(0, 0));
            assertThrows(TensorException.class, () -> x.roll(new long[]{1}, new int[]{0, 1}));
            assertArrayEquals(new long[]{0, 3}, Tensor.zeros(0, 3).flip(0).shape());
            assertArrayEquals(new long[]{0, 3}, Tensor.zeros(0, 3).roll(2, 0).shape());
        }
    }

    // ---- pad -------------------------------------------------------------------------------------

    /** Reference pad over the last dims: out index j maps to source j - left per mode; constant outside gives value. */
    private static double[] refPad(double[] v, long[] sh, long[] pad, String mode, double value) {
        int r = sh.length, np = pad.length / 2;
        long[] os = sh.clone(), lo = new long[r];
        for (int i = 0; i < np; i++) {
            lo[r - 1 - i] = pad[2 * i];
            os[r - 1 - i] += pad[2 * i] + pad[2 * i + 1];
        }
        double[] out = new double[(int) Shapes.numel(os)];
        outer:
        for (int i = 0; i < out.length; i++) {
            long[] idx = unravel(i, os);
            for (int d = 0; d < r; d++) {
                long src = idx[d] - lo[d], n = sh[d];
                switch (mode) {
                    case "constant" -> {
                        if (src < 0 || src >= n) {
                            out[i] = value;
                            continue outer;
                        }
                    }
                    case "reflect" -> src = src < 0 ? -src : src >= n ? 2 * (n - 1) - src : src;
                    case "replicate" -> src = Math.min(Math.max(src, 0), n - 1);
                    default -> src = Math.floorMod(src, n);
                }
                idx[d] = src;
            }
            out[i] = v[ravel(idx, sh)];
        }
        return out;
    }

    @Test
    void padHandComputed() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new double[]{1, 2, 3, 4, 5, 6}, 1, 2, 3);
            assertArrayEquals(new double[]{3, 2, 1, 2, 3, 2, 1, 6, 5, 4, 5, 6, 5, 4}, x.pad(new long[]{2, 2}, "reflect", 0).toDoubleArray());
            assertArrayEquals(new double[]{1, 1, 2, 3, 3, 3, 4, 4, 5, 6, 6, 6}, x.pad(new long[]{1, 2}, "replicate", 0).toDoubleArray());
            assertArrayEquals(new double[]{3, 1, 2, 3, 1, 6, 4, 5, 6, 4}, x.pad(new long[]{1, 1}, "circular", 0).toDoubleArray());
            Tensor c = x.pad(new long[]{1, 0, 0, 1}, "constant", -1);
            assertArrayEquals(new long[]{1, 3, 4}, c.shape());
            assertArrayEquals(new double[]{-1, 1, 2, 3, -1, 4, 5, 6, -1, -1, -1, -1}, c.toDoubleArray());
            assertArrayEquals(new double[]{2, 5}, x.pad(-1, -1).toDoubleArray());   // negative pads crop
            assertArrayEquals(new long[]{3, 2, 3}, x.pad(0, 0, 0, 0, 1, 1).shape());
            assertThrows(TensorException.class, () -> x.pad(0, 0, 0, 0, 0, 0, 1, 1));
            // reflect in two dims: [[5,4,5,6,5],[2,1,2,3,2],[5,4,5,6,5],[2,1,2,3,2]]
            assertArrayEquals(new double[]{5, 4, 5, 6, 5, 2, 1, 2, 3, 2, 5, 4, 5, 6, 5, 2, 1, 2, 3, 2},
                    x.pad(new long[]{1, 1, 1, 1}, "reflect", 0).toDoubleArray());
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void padMatchesReferenceInEveryModeAndDtype(Device dev) {
        Random r = new Random(3);
        String[] modes = {"constant", "reflect", "replicate", "circular"};
        for (DType t : ALL) {
            for (String mode : modes) {
                try (Scope s = Scope.open()) {
                    int np = 1 + r.nextInt(3);
                    long[] sh = new long[np + 1 + r.nextInt(2)];
                    for (int i = 0; i < sh.length; i++) sh[i] = 2 + r.nextInt(3);
                    long[] pad = new long[2 * np];
                    for (int i = 0; i < pad.length; i++) {
                        long n = sh[sh.length - 1 - i / 2];
                        pad[i] = mode.equals("constant") ? r.nextInt(5) - 1 : r.nextInt((int) n) - (mode.equals("replicate") ? 0 : 1);
                    }
                    double[] v = ints(r, Shapes.numel(sh), t);
                    Tensor x = tensor(dev, t, v, r.nextBoolean(), sh);
                    double value = t == DType.BOOL ? 1 : 7;
                    double[] got = x.pad(pad, mode, value).toDoubleArray();
                    assertArrayEquals(refPad(v, sh, pad, mode, value), got, t + " " + mode + " " + Arrays.toString(sh) + " pad " + Arrays.toString(pad));
                }
            }
        }
    }

    @Test
    void padErrorsNameTheOpAndMode() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(1, 1, 3);
            TensorException e = assertThrows(TensorException.class, () -> x.pad(new long[]{3, 3}, "reflect", 0));
            assertTrue(e.getMessage().startsWith("pad (reflect)") && e.getMessage().contains("3"), e.getMessage());
            assertThrows(TensorException.class, () -> x.pad(new long[]{4, 0}, "circular", 0));
            assertThrows(TensorException.class, () -> Tensor.zeros(3).pad(new long[]{1, 1}, "reflect", 0));   // 1-D input
            assertThrows(TensorException.class, () -> x.pad(new long[]{1, 1, 1, 1, 1, 1, 1, 1}, "replicate", 0));
            assertThrows(TensorException.class, () -> x.pad(new long[]{1}, "constant", 0));
            assertThrows(TensorException.class, () -> x.pad(new long[]{-2, -2}, "constant", 0));
            assertThrows(TensorException.class, () -> x.pad(new long[]{1, 1}, "wrap", 0));
            assertArrayEquals(new long[]{1, 0, 5}, Tensor.zeros(1, 0, 3).pad(1, 1).shape());
        }
    }
    // ---- bit exactness ---------------------------------------------------------------------------

    private static byte[] bytesOf(Tensor t) {
        byte[] b = new byte[(int) (t.numel() * t.dtype().byteSize())];
        t.copyTo(java.lang.foreign.MemorySegment.ofArray(b));
        return b;
    }

    /** Asserts element i of {@code got} has the bits of element src[i] of {@code x}. */
    private static void assertBits(byte[] x, byte[] got, int es, int[] src, String what) {
        assertEquals(src.length * es, got.length, what);
        for (int i = 0; i < src.length; i++)
            for (int k = 0; k < es; k++) assertEquals(x[src[i] * es + k], got[i * es + k], what + " element " + i);
    }

    @Test
    void copyingOpsKeepEveryBitOfEveryDtype() {
        Random r = new Random(4);
        int n = 17;
        for (DType t : ALL) {
            try (Scope s = Scope.open()) {
                int es = t.byteSize();
                byte[] raw = new byte[n * es];
                r.nextBytes(raw);   // NaN payloads, subnormals, -0.0 ...
                if (t == DType.BOOL) for (int i = 0; i < n; i++) raw[i] &= 1;
                Tensor x = Tensor.fromSegment(java.lang.foreign.MemorySegment.ofArray(raw), t, n);
                int[] rev = new int[n], twice = new int[2 * n], refl = new int[n + 4], perm = new int[n];
                for (int i = 0; i < n; i++) {
                    rev[i] = n - 1 - i;
                    twice[i] = twice[i + n] = i;
                    perm[i] = (i * 5) % n;
                }
                for (int j = 0; j < n + 4; j++) refl[j] = Math.abs(j - 2) >= n ? 2 * (n - 1) - (j - 2) : Math.abs(j - 2);
                assertBits(raw, bytesOf(x.flip(0)), es, rev, t + " flip");
                assertBits(raw, bytesOf(Tensor.cat(0, x, x)), es, twice, t + " cat");
                assertBits(raw, bytesOf(x.repeat(2)), es, twice, t + " repeat");
                assertBits(raw, bytesOf(x.view(1, n).pad(new long[]{2, 2}, "reflect", 0)), es, refl, t + " reflect pad");
                long[] pl = new long[n];
                for (int i = 0; i < n; i++) pl[i] = perm[i];
                Tensor pi = Tensor.of(pl);
                assertBits(raw, bytesOf(x.indexSelect(0, pi)), es, perm, t + " index_select");
                assertBits(raw, bytesOf(x.gather(0, pi)), es, perm, t + " gather");
                int[] inv = new int[n];
                for (int i = 0; i < n; i++) inv[perm[i]] = i;
                assertBits(raw, bytesOf(x.scatter(0, pi, x)), es, inv, t + " scatter");
            }
        }
    }
}
