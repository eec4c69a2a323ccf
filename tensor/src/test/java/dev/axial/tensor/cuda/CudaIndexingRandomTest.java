package dev.axial.tensor.cuda;

import dev.axial.tensor.Backends;
import dev.axial.tensor.Conformance;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;
import dev.axial.tensor.spi.Backend;
import dev.axial.tensor.spi.RandomOp;
import dev.axial.tensor.spi.ScatterReduce;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The CUDA indexing and random families against the CPU backend, through the backend interface itself (so the
 * layouts are the test's, not the frontend's): random fills bit for bit for every dtype and op on contiguous and
 * strided outputs; scatter with colliding indices for every reduction; gather, index_select, nonzero and index
 * bounds on non-contiguous inputs. On the CPU device each case compares the CPU with itself.
 */
class CudaIndexingRandomTest {
    private static final DType[] FLOATS = {DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.BFLOAT16};

    private static Backend cpu() { return Backends.get(Device.CPU); }

    /** A (rows, cols) output to be overwritten whole: contiguous, or the transpose of a (cols, rows) buffer. */
    private static Tensor out(Device dev, DType t, boolean strided, long rows, long cols) {
        return strided ? Tensor.empty(t, dev, cols, rows).t() : Tensor.empty(t, dev, rows, cols);
    }

    /** t on the CPU, read through a contiguous buffer (t contiguous or a transposed contiguous 2-D buffer). */
    private static Tensor host(Tensor t) {
        if (t.device() == Device.CPU) return t;
        if (t.isContiguous()) return t.cpu();
        return t.t().cpu().t();
    }

    private static void assertSameBits(Tensor expect, Tensor got, String what) {
        assertArrayEquals(expect.shape(), got.shape(), what + " shape");
        if (expect.dtype() == DType.INT64) {
            assertArrayEquals(expect.contiguous().toLongArray(), host(got).contiguous().toLongArray(), what);
            return;
        }
        double[] a = expect.contiguous().toDoubleArray(), b = host(got).contiguous().toDoubleArray();
        for (int i = 0; i < a.length; i++)
            if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i]))
                fail(what + " element " + i + ": expected " + a[i] + ", got " + b[i]);
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void everyRandomOpAndDtypeMatchesTheCpuBitForBit(Device dev) {
        long[] offsets = {0, 0xFFFF_FFF0L, 123_456_789_012L};   // the second crosses the counter's 32-bit word
        try (Scope s = Scope.open()) {
            for (boolean strided : new boolean[]{false, true}) {
                for (long off : offsets) {
                    for (DType t : FLOATS) {
                        double[][] params = {{RandomOp.UNIFORM.ordinal(), 0, 1}, {RandomOp.UNIFORM.ordinal(), -3, 5},
                                {RandomOp.UNIFORM.ordinal(), 1e-3, 1e-3 + 1e-9}, {RandomOp.NORMAL.ordinal(), 0, 1},
                                {RandomOp.NORMAL.ordinal(), 2, 0.5}};
                        for (double[] p : params) {
                            RandomOp op = RandomOp.values()[(int) p[0]];
                            check(dev, op, t, strided, 77, off, p[1], p[2]);
                        }
                    }
                    for (DType t : DType.values()) {
                        long hi = t == DType.BOOL ? 2 : t == DType.UINT8 ? 256 : t == DType.INT8 ? 100 : 30_000;
                        check(dev, RandomOp.RANDINT, t, strided, 78, off, t == DType.BOOL || t == DType.UINT8 ? 0 : -50, hi);
                        check(dev, RandomOp.BERNOULLI, t, strided, 79, off, 0.3, 0);
                        check(dev, RandomOp.BERNOULLI, t, strided, 79, off, 1, 0);
                    }
                    for (DType t : new DType[]{DType.INT64, DType.FLOAT64, DType.FLOAT32, DType.FLOAT16})
                        check(dev, RandomOp.RANDINT, t, strided, 80, off, -(1L << 40), 1L << 41);
                }
            }
        }
    }

    private static void check(Device dev, RandomOp op, DType t, boolean strided, long seed, long off, double a, double b) {
        Tensor e = out(Device.CPU, t, strided, 37, 29), g = out(dev, t, strided, 37, 29);
        cpu().random(op, e, seed, off, a, b);
        Backends.get(dev).random(op, g, seed, off, a, b);
        assertSameBits(e, g, op + " " + t + (strided ? " strided" : "") + " offset " + off + " (" + a + ", " + b + ")");
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void invalidRandomArgumentsFailAsOnTheCpu(Device dev) {
        try (Scope s = Scope.open()) {
            Backend b = Backends.get(dev);
            Tensor ints = Tensor.empty(DType.INT32, dev, 4), floats = Tensor.empty(DType.FLOAT32, dev, 4);
            assertTrue(assertThrows(TensorException.class, () -> b.random(RandomOp.UNIFORM, ints, 1, 0, 0, 1)).getMessage().contains("uniform"));
            assertTrue(assertThrows(TensorException.class, () -> b.random(RandomOp.RANDINT, ints, 1, 0, 5, 5)).getMessage().contains("empty range"));
            assertTrue(assertThrows(TensorException.class, () -> b.random(RandomOp.BERNOULLI, floats, 1, 0, 1.5, 0)).getMessage().contains("[0, 1]"));
            b.random(RandomOp.UNIFORM, Tensor.empty(DType.FLOAT32, dev, 0, 3), 1, 0, 0, 1);   // nothing to fill
            for (double bad : new double[]{1.5, -0.25, Double.NaN}) {
                Tensor p = Conformance.tensor(dev, DType.FLOAT32, new double[]{0.5, bad, 1}, 3);
                assertThrows(TensorException.class, () -> b.bernoulli(Tensor.empty(DType.FLOAT32, dev, 3), p, 1, 0), "p " + bad);
            }
            b.bernoulli(Tensor.empty(DType.FLOAT64, dev, 2), Conformance.tensor(dev, DType.FLOAT64, new double[]{0, 1}, 2), 1, 0);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void bernoulliOfATensorMatchesTheCpu(Device dev) {
        try (Scope s = Scope.open()) {
            double[] p = Conformance.uniform(3, 40 * 31, 0, 1);
            for (DType t : FLOATS) {
                Tensor pc = Conformance.nonContiguous(Device.CPU, t, p, 40, 31), pd = Conformance.nonContiguous(dev, t, p, 40, 31);
                Tensor e = Tensor.empty(t, Device.CPU, 40, 31), g = out(dev, t, true, 40, 31);
                cpu().bernoulli(e, pc, 5, 1000);
                Backends.get(dev).bernoulli(g, pd, 5, 1000);
                assertSameBits(e, g, "bernoulli " + t);
            }
        }
    }

    /** An INT64 index (rows, cols) of values in [0, bound) with many repeats, stored transposed. */
    private static Tensor index(Device dev, long seed, int rows, int cols, int bound) {
        Random r = new Random(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = r.nextInt(bound);
        return Conformance.nonContiguous(dev, DType.INT64, v, rows, cols);
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void scatterWithCollidingIndicesMatchesTheCpu(Device dev) {
        try (Scope s = Scope.open()) {
            for (DType t : DType.values()) {
                for (ScatterReduce red : ScatterReduce.values()) {
                    for (int dim = 0; dim < 2; dim++) {
                        // out (6, 9); index and src (40, 9) along dim 0 or (6, 50) along dim 1, with indices < 3: many collisions
                        int rows = dim == 0 ? 40 : 6, cols = dim == 0 ? 9 : 50;
                        Tensor ix = index(dev, 11 + dim, rows, cols, 3), ixc = index(Device.CPU, 11 + dim, rows, cols, 3);
                        double lo = t == DType.BOOL ? 0 : t == DType.UINT8 ? 0 : -3, hi = t == DType.BOOL ? 2 : 4;
                        double[] sv = Conformance.uniform(20 + dim, rows * cols, lo, hi);
                        if (!t.isFloatingPoint() || red == ScatterReduce.PROD)
                            for (int i = 0; i < sv.length; i++) sv[i] = red == ScatterReduce.PROD && t.isFloatingPoint() ? 0.9 + 0.2 * (sv[i] - lo) / (hi - lo) : Math.floor(sv[i]);
                        double[] ov = Conformance.uniform(30, 54, lo, hi);
                        for (int i = 0; i < ov.length; i++) ov[i] = t.isFloatingPoint() ? ov[i] : Math.floor(ov[i]);
                        Tensor e = Conformance.tensor(Device.CPU, t, ov, 6, 9).contiguous(), g = Conformance.tensor(dev, t, ov, true, 6, 9);
                        cpu().scatter(e, dim, ixc, Conformance.nonContiguous(Device.CPU, t, sv, rows, cols), red);
                        Backends.get(dev).scatter(g, dim, ix, Conformance.nonContiguous(dev, t, sv, rows, cols), red);
                        String what = "scatter " + red + " " + t + " dim " + dim;
                        if (red == ScatterReduce.NONE) {
                            checkAnyOneWins(e, g, ov, sv, ixc, dim, what);
                        } else if (t.isFloatingPoint() && (red == ScatterReduce.SUM || red == ScatterReduce.PROD)) {
                            double[] a = e.toDoubleArray(), b = host(g).contiguous().toDoubleArray();
                            double tol = Math.max(Conformance.tol(t), t == DType.FLOAT32 ? 1e-6 : 0) * 16;
                            for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], tol * Math.max(1, Math.abs(a[i])), what + " element " + i);
                        } else {
                            assertSameBits(e, g, what);
                        }
                    }
                }
            }
        }
    }

    /** NONE with duplicates: each target holds one of the values scattered to it (PyTorch on CUDA promises no more). */
    private static void checkAnyOneWins(Tensor cpuOut, Tensor devOut, double[] ov, double[] sv, Tensor ix, int dim, String what) {
        DType t = cpuOut.dtype();
        double[] got = host(devOut).contiguous().toDoubleArray();
        long[] idx = ix.contiguous().toLongArray();
        long[] shape = ix.shape();
        Tensor srcAsStored = Conformance.tensor(Device.CPU, t, sv, shape);   // sv converted as the dtype converts
        double[] src = srcAsStored.toDoubleArray();
        for (int target = 0; target < got.length; target++) {
            int tr = target / 9, tc = target % 9;
            boolean hit = false, found = false;
            for (int r = 0; r < shape[0]; r++) {
                for (int c = 0; c < shape[1]; c++) {
                    int k = (int) (r * shape[1] + c);
                    boolean here = dim == 0 ? idx[k] == tr && c == tc : r == tr && idx[k] == tc;
                    if (!here) continue;
                    hit = true;
                    if (Double.compare(src[k], got[target]) == 0) found = true;
                }
            }
            if (hit) assertTrue(found, what + " element " + target + " = " + got[target] + " is none of the values scattered there");
            else assertEquals(cpuOut.toDoubleArray()[target], got[target], 0, what + " untouched element " + target);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void gatherAndIndexSelectOfViewsMatchTheCpu(Device dev) {
        try (Scope s = Scope.open()) {
            double[] v = Conformance.uniform(40, 12 * 17, -100, 100);
            for (DType t : DType.values()) {
                Tensor ic = Conformance.nonContiguous(Device.CPU, t, v, 12, 17), id = Conformance.nonContiguous(dev, t, v, 12, 17);
                for (int dim = 0; dim < 2; dim++) {
                    int bound = dim == 0 ? 12 : 17;
                    Tensor e = Tensor.empty(t, Device.CPU, dim == 0 ? 25 : 12, dim == 0 ? 17 : 25);
                    Tensor g = Tensor.empty(t, dev, dim == 0 ? 25 : 12, dim == 0 ? 17 : 25);
                    double[] xs = new double[25];
                    for (int i = 0; i < xs.length; i++) xs[i] = (i * 7 + dim) % bound;
                    Tensor xc = Conformance.nonContiguous(Device.CPU, DType.INT64, xs, 25), xd = Conformance.nonContiguous(dev, DType.INT64, xs, 25);
                    cpu().indexSelect(e, ic, dim, xc);
                    Backends.get(dev).indexSelect(g, id, dim, xd);
                    assertSameBits(e, g, "index_select " + t + " dim " + dim);
                    Tensor gx = index(Device.CPU, 7 + dim, 9, 11, bound), gxd = index(dev, 7 + dim, 9, 11, bound);
                    Tensor e2 = Tensor.empty(t, Device.CPU, 9, 11), g2 = out(dev, t, true, 9, 11);
                    cpu().gather(e2, ic.slice(1 - dim, 0, dim == 0 ? 11 : 9), dim, gx);
                    Backends.get(dev).gather(g2, id.slice(1 - dim, 0, dim == 0 ? 11 : 9), dim, gxd);
                    assertSameBits(e2, g2, "gather " + t + " dim " + dim);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void nonzeroOfViewsMatchesTheCpu(Device dev) {
        try (Scope s = Scope.open()) {
            for (DType t : DType.values()) checkNonzero(dev, t, 60, 517);
            checkNonzero(dev, DType.FLOAT32, 600, 517);   // > 64 blocks * 4096 elements: two tiles per block in the emulator
            double[] few = new double[4 * 5 * 6];
            few[0] = 1;
            few[119] = 2;
            few[57] = 3;
            assertSameBits(cpu().nonzero(Conformance.tensor(Device.CPU, DType.FLOAT32, few, 4, 5, 6)),
                    Backends.get(dev).nonzero(Conformance.tensor(dev, DType.FLOAT32, few, 4, 5, 6)), "nonzero 3-D");
            assertArrayEquals(new long[]{0, 3}, Backends.get(dev).nonzero(Conformance.tensor(dev, DType.FLOAT32, new double[0], 0, 2, 3)).shape());
            assertArrayEquals(new long[]{0, 2}, Backends.get(dev).nonzero(Conformance.tensor(dev, DType.INT32, new double[6], 2, 3)).shape());
            assertArrayEquals(new long[]{1, 0}, Backends.get(dev).nonzero(Conformance.scalarTensor(dev, DType.FLOAT64, 4)).shape());
        }
    }

    private static void checkNonzero(Device dev, DType t, int rows, int cols) {
        Random r = new Random(9);
        double[] w = new double[rows * cols];
        for (int i = 0; i < w.length; i++) w[i] = r.nextInt(3) == 0 ? 0 : r.nextInt(7) - 3;
        w[5] = -0.0;
        w[6] = t.isFloatingPoint() ? Double.NaN : 1;
        if (t == DType.UINT8 || t == DType.BOOL) for (int i = 0; i < w.length; i++) w[i] = Math.abs(w[i]);
        Tensor e = cpu().nonzero(Conformance.nonContiguous(Device.CPU, t, w, rows, cols));
        Tensor g = Backends.get(dev).nonzero(Conformance.nonContiguous(dev, t, w, rows, cols));
        assertEquals(dev, g.device());
        assertSameBits(e, g, "nonzero " + t + " (" + rows + ", " + cols + ")");
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void indexBoundsOfViewsMatchTheCpu(Device dev) {
        try (Scope s = Scope.open()) {
            double[] v = Conformance.uniform(50, 64 * 33, -120, 120);
            for (int i = 0; i < v.length; i++) v[i] = Math.floor(v[i]);
            for (DType t : new DType[]{DType.INT8, DType.INT16, DType.INT32, DType.INT64, DType.UINT8, DType.BOOL}) {
                double[] w = v.clone();
                if (t == DType.UINT8 || t == DType.BOOL) for (int i = 0; i < w.length; i++) w[i] = Math.abs(w[i]);
                Tensor c = Conformance.nonContiguous(Device.CPU, t, w, 64, 33), d = Conformance.nonContiguous(dev, t, w, 64, 33);
                assertArrayEquals(cpu().indexBounds(c), Backends.get(dev).indexBounds(d), "indexBounds " + t);
            }
            Tensor ext = Tensor.of(new long[]{3, Long.MAX_VALUE, -7, Long.MIN_VALUE, 0}, 5).to(dev);
            assertArrayEquals(new long[]{Long.MIN_VALUE, Long.MAX_VALUE}, Backends.get(dev).indexBounds(ext));
            assertArrayEquals(new long[]{-7, 3}, Backends.get(dev).indexBounds(Tensor.of(new long[]{3, -7}, 2).to(dev)));
            assertArrayEquals(new long[]{42, 42}, Backends.get(dev).indexBounds(Tensor.of(new int[]{42}, 1).to(dev)));
        }
    }
}
