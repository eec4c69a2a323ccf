package dev.axial.tensor;

import dev.axial.tensor.cpu.Parallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/** matmul and friends against a plain-Java reference: torch.matmul's shape rules, every dtype, views, errors. */
class MatmulTest {
    /** The reference: values, shape and, per element, sum |a*b| (for the tolerance). */
    record Ref(double[] v, double[] abs, long[] shape) {}

    /** torch.matmul on row-major double arrays, written from its documented rules. */
    static Ref reference(double[] av, long[] as, double[] bv, long[] bs) {
        long[] xa = as.length == 1 ? new long[]{1, as[0]} : as;
        long[] xb = bs.length == 1 ? new long[]{bs[0], 1} : bs;
        long m = xa[xa.length - 2], k = xa[xa.length - 1], n = xb[xb.length - 1];
        long[] ba = Arrays.copyOf(xa, xa.length - 2), bb = Arrays.copyOf(xb, xb.length - 2);
        long[] batch = Shapes.broadcast("ref", ba, bb);
        long bn = Shapes.numel(batch);
        double[] v = new double[(int) (bn * m * n)], abs = new double[v.length];
        long[] idx = new long[batch.length];
        for (int bi = 0; bi < bn; bi++) {
            long rem = bi;
            for (int d = batch.length - 1; d >= 0; d--) { idx[d] = rem % batch[d]; rem /= batch[d]; }
            long oa = batchOffset(idx, ba) * m * k, ob = batchOffset(idx, bb) * k * n;
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) {
                    double s = 0, t = 0;
                    for (int p = 0; p < k; p++) {
                        double x = av[(int) (oa + i * k + p)] * bv[(int) (ob + p * n + j)];
                        s += x;
                        t += Math.abs(x);
                    }
                    v[(int) ((bi * m + i) * n + j)] = s;
                    abs[(int) ((bi * m + i) * n + j)] = t;
                }
        }
        long[] shape = Arrays.copyOf(batch, batch.length + 2);
        shape[batch.length] = m;
        shape[batch.length + 1] = n;
        if (as.length == 1) shape = drop(shape, shape.length - 2);
        if (bs.length == 1) shape = drop(shape, shape.length - 1);
        return new Ref(v, abs, shape);
    }

    private static long batchOffset(long[] idx, long[] own) {
        long off = 0;
        int lead = idx.length - own.length;
        for (int d = 0; d < own.length; d++) off = off * own[d] + (own[d] == 1 ? 0 : idx[lead + d]);
        return off;
    }

    private static long[] drop(long[] s, int d) {
        long[] o = new long[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) if (i != d) o[j++] = s[i];
        return o;
    }

    private static double[] values(DType dt, long seed, long[] shape) {
        int n = (int) Shapes.numel(shape);
        double[] v = Conformance.uniform(seed, n, -4, 4);
        if (!dt.isFloatingPoint()) {
            for (int i = 0; i < n; i++) v[i] = Math.floor(v[i]);
            if (dt == DType.UINT8) for (int i = 0; i < n; i++) v[i] = Math.abs(v[i]);
        }
        return Conformance.roundTo(dt, v);
    }

    private static void assertMatches(Ref r, Tensor got, DType dt, String what) {
        assertArrayEquals(r.shape, got.shape(), what + ": shape");
        assertEquals(dt, got.dtype(), what + ": dtype");
        double[] g = got.toDoubleArray();
        double tol = Conformance.tol(dt);
        for (int i = 0; i < g.length; i++) {
            double e = r.v[i];
            assertEquals(e, g[i], tol * (r.abs[i] + Math.abs(e)) + (dt.isFloatingPoint() ? 1e-6 : 0), what + " element " + i);
        }
    }

    static final long[][][] SHAPES = {
            {{3}, {3}}, {{2, 3}, {3}}, {{3}, {3, 4}}, {{2, 3}, {3, 4}}, {{5, 2, 3}, {3, 4}}, {{2, 3}, {5, 3, 4}},
            {{3}, {5, 3, 4}}, {{5, 2, 3}, {3}}, {{2, 1, 4, 3}, {5, 3, 2}}, {{0, 3}, {3, 4}}, {{2, 0}, {0, 4}},
            {{4, 1, 2, 3}, {1, 6, 3, 5}}, {{1, 3}, {3, 1}}, {{7, 9}, {9, 33}}, {{2, 17, 40}, {2, 40, 35}}, {{0, 2, 3}, {3, 2}},
    };

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void matmulShapesEveryDtype(Device dev) {
        DType[] dtypes = {DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.BFLOAT16, DType.INT64, DType.INT32, DType.INT16, DType.INT8, DType.UINT8};
        long seed = 100;
        for (DType dt : dtypes) {
            for (long[][] s : SHAPES) {
                try (Scope sc = Scope.open()) {
                    double[] av = values(dt, seed++, s[0]), bv = values(dt, seed++, s[1]);
                    Ref r = reference(av, s[0], bv, s[1]);
                    String what = dt + " " + Arrays.toString(s[0]) + " @ " + Arrays.toString(s[1]);
                    assertMatches(r, Conformance.tensor(dev, dt, av, s[0]).matmul(Conformance.tensor(dev, dt, bv, s[1])), dt, what);
                    // non-contiguous operands: stored transposed (or with a step) and viewed back
                    assertMatches(r, Conformance.nonContiguous(dev, dt, av, s[0]).matmul(Conformance.nonContiguous(dev, dt, bv, s[1])), dt, what + " (views)");
                }
            }
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void largerFloat32ThroughTheKernelWithTransposedOperands(Device dev) {
        try (Scope sc = Scope.open()) {
            long m = 70, k = 130, n = 90;
            double[] av = values(DType.FLOAT32, 1, new long[]{k, m}), bv = values(DType.FLOAT32, 2, new long[]{n, k});
            Tensor a = Conformance.tensor(dev, DType.FLOAT32, av, k, m).t(), b = Conformance.tensor(dev, DType.FLOAT32, bv, n, k).t();
            Ref r = reference(a.contiguous().toDoubleArray(), a.shape(), b.contiguous().toDoubleArray(), b.shape());
            assertMatches(r, a.matmul(b), DType.FLOAT32, "70x130 @ 130x90 transposed");
            assertMatches(r, a.mm(b), DType.FLOAT32, "mm");
            // an expanded batch (stride 0) on one side
            Tensor ab = a.unsqueeze(0).expand(3, m, k);
            Tensor bb = Conformance.tensor(dev, DType.FLOAT32, values(DType.FLOAT32, 3, new long[]{3, k, n}), 3, k, n);
            Ref rb = reference(ab.contiguous().toDoubleArray(), ab.shape(), bb.toDoubleArray(), bb.shape());
            assertMatches(rb, ab.bmm(bb), DType.FLOAT32, "bmm with expanded batch");
        }
    }

    /** The matrix-vector shapes (N == 1, M == 1, dot) at sizes past the vector width, with transposed operands. */
    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void matrixVectorShapesFloat32AndFloat64(Device dev) {
        long seed = 300;
        for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            for (long[] mk : new long[][]{{37, 45}, {5, 300}, {130, 3}, {1, 1000}}) {
                try (Scope sc = Scope.open()) {
                    long m = mk[0], k = mk[1];
                    double[] av = values(dt, seed++, new long[]{m, k}), xv = values(dt, seed++, new long[]{k});
                    Tensor a = Conformance.tensor(dev, dt, av, m, k), x = Conformance.tensor(dev, dt, xv, k);
                    // A stored transposed and viewed back: column-major, the column path of the GEMV
                    Tensor at = Conformance.tensor(dev, dt, a.t().contiguous().toDoubleArray(), k, m).t();
                    Ref mv = reference(av, new long[]{m, k}, xv, new long[]{k});
                    String what = dt + " " + m + "x" + k;
                    assertMatches(mv, a.mv(x), dt, what + " mv");
                    assertMatches(mv, at.mv(x), dt, what + " mv, A transposed");
                    assertMatches(mv, at.mv(Conformance.nonContiguous(dev, dt, xv, k)), dt, what + " mv, both strided");
                    // vector @ matrix: (k) @ (k, m) is the GEMV of the matrix's transpose
                    Ref vm = reference(xv, new long[]{k}, a.t().contiguous().toDoubleArray(), new long[]{k, m});
                    assertMatches(vm, x.matmul(a.t()), dt, what + " vector @ matrix");
                    assertMatches(vm, x.matmul(at.t()), dt, what + " vector @ row-major matrix");
                    Ref d = reference(xv, new long[]{k}, xv, new long[]{k});
                    assertMatches(d, x.dot(x), dt, what + " dot");
                    assertMatches(d, x.dot(Conformance.nonContiguous(dev, dt, xv, k)), dt, what + " dot, strided");
                    // a batch of matrix-vector products, the vectors broadcast
                    Tensor ab = a.unsqueeze(0).expand(3, m, k);
                    assertMatches(reference(ab.contiguous().toDoubleArray(), ab.shape(), xv, new long[]{k}), ab.matmul(x), dt, what + " batched mv");
                }
            }
        }
    }

    @Test
    void matrixVectorAndFloat64ResultsDoNotDependOnThreadCount() {
        int before = Parallel.threads();
        try (Scope sc = Scope.open()) {
            Tensor a = Tensor.of(Conformance.uniform(9, 700 * 300, -1, 1), 700, 300).to(DType.FLOAT32);
            Tensor x = Tensor.of(Conformance.uniform(10, 300, -1, 1), 300).to(DType.FLOAT32);
            Tensor u = Tensor.of(Conformance.uniform(11, 200_001, -1, 1), 200_001).to(DType.FLOAT32);
            Tensor d = Tensor.of(Conformance.uniform(12, 300 * 250, -1, 1), 300, 250);
            Tensor[] results = new Tensor[10];
            for (int t = 1; t <= 2; t++) {
                Parallel.setThreads(t);
                int o = (t - 1) * 5;
                results[o] = a.mv(x);
                results[o + 1] = a.t().mv(Tensor.of(Conformance.uniform(13, 700, -1, 1), 700).to(DType.FLOAT32));
                results[o + 2] = u.dot(u);
                results[o + 3] = d.mm(d.t());
                results[o + 4] = d.t().mv(d.select(1, 3));
            }
            for (int i = 0; i < 5; i++) assertArrayEquals(results[i].toDoubleArray(), results[i + 5].toDoubleArray(), "result " + i);
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void emptyMatrixVectorShapes() {
        try (Scope sc = Scope.open()) {
            for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
                assertArrayEquals(new long[]{0}, Tensor.zeros(dt, Device.CPU, 0, 5).mv(Tensor.ones(dt, Device.CPU, 5)).shape());
                assertArrayEquals(new double[3], Tensor.ones(dt, Device.CPU, 3, 0).mv(Tensor.ones(dt, Device.CPU, 0)).toDoubleArray());
                assertEquals(0, Tensor.ones(dt, Device.CPU, 0).dot(Tensor.ones(dt, Device.CPU, 0)).item());
                assertArrayEquals(new long[]{0}, Tensor.ones(dt, Device.CPU, 4).matmul(Tensor.ones(dt, Device.CPU, 4, 0)).shape());
            }
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void mmBmmMvDotOuter(Device dev) {
        try (Scope sc = Scope.open()) {
            Tensor a = Conformance.tensor(dev, DType.FLOAT64, new double[]{1, 2, 3, 4, 5, 6}, 2, 3);
            Tensor v = Conformance.tensor(dev, DType.FLOAT64, new double[]{1, 0, -1}, 3);
            assertArrayEquals(new double[]{-2, -2}, a.mv(v).toDoubleArray());
            assertArrayEquals(new long[]{2}, a.mv(v).shape());
            Tensor d = v.dot(v);
            assertEquals(0, d.dim());
            assertEquals(2, d.item());
            assertArrayEquals(new double[]{14, 32, 32, 77}, a.mm(a.t()).toDoubleArray());
            Tensor o = v.outer(Conformance.tensor(dev, DType.FLOAT64, new double[]{2, 3}, 2));
            assertArrayEquals(new long[]{3, 2}, o.shape());
            assertArrayEquals(new double[]{2, 3, 0, 0, -2, -3}, o.toDoubleArray());
            Tensor b3 = a.unsqueeze(0).expand(4, 2, 3);
            Tensor r = b3.bmm(a.t().unsqueeze(0).expand(4, 3, 2));
            assertArrayEquals(new long[]{4, 2, 2}, r.shape());
            assertArrayEquals(new double[]{14, 32, 32, 77}, r.select(0, 3).toDoubleArray());
            // empty inner dim gives zeros, empty outer dims give empty results
            Tensor z = Tensor.zeros(DType.FLOAT32, dev, 2, 0).matmul(Tensor.zeros(DType.FLOAT32, dev, 0, 3));
            assertArrayEquals(new double[6], z.toDoubleArray());
            assertArrayEquals(new long[]{0, 3}, Tensor.zeros(DType.FLOAT32, dev, 0).outer(Tensor.ones(DType.FLOAT32, dev, 3)).shape(), "outer shape");
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void mixedDtypesPromote(Device dev) {
        try (Scope sc = Scope.open()) {
            Tensor i = Conformance.tensor(dev, DType.INT32, new double[]{1, 2, 3, 4}, 2, 2);
            Tensor f = Conformance.tensor(dev, DType.FLOAT32, new double[]{0.5, 0, 0, 0.5}, 2, 2);
            Tensor r = i.matmul(f);
            assertEquals(DType.FLOAT32, r.dtype());
            assertArrayEquals(new double[]{0.5, 1, 1.5, 2}, r.toDoubleArray());
            Tensor l = Conformance.tensor(dev, DType.INT64, new double[]{1L << 40, 1}, 2);
            Tensor b = Conformance.tensor(dev, DType.INT8, new double[]{3, -1}, 2);
            Tensor d = l.dot(b);
            assertEquals(DType.INT64, d.dtype());
            assertEquals(3L * (1L << 40) - 1, d.itemLong());   // exact beyond float precision
        }
    }

    @Test
    void resultDoesNotDependOnThreadCount() {
        int before = Parallel.threads();
        try (Scope sc = Scope.open()) {
            Tensor a = Tensor.of(Conformance.uniform(5, 3 * 150 * 170, -1, 1), 3, 150, 170).to(DType.FLOAT32);
            Tensor b = Tensor.of(Conformance.uniform(6, 170 * 260, -1, 1), 170, 260).to(DType.FLOAT32);
            Tensor x = Tensor.of(Conformance.uniform(7, 90 * 80, -1, 1), 90, 80), y = Tensor.of(Conformance.uniform(8, 80 * 70, -1, 1), 80, 70);
            Parallel.setThreads(1);
            float[] one = a.matmul(b).toFloatArray();
            double[] oneD = x.mm(y).toDoubleArray();
            Parallel.setThreads(2);
            assertArrayEquals(one, a.matmul(b).toFloatArray());
            assertArrayEquals(oneD, x.mm(y).toDoubleArray());
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void badShapesAndInputs() {
        try (Scope sc = Scope.open()) {
            Tensor a = Tensor.zeros(2, 3), b = Tensor.zeros(4, 5);
            TensorException e = assertThrows(TensorException.class, () -> a.matmul(b));
            assertTrue(e.getMessage().contains("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)"), e.getMessage());
            assertThrows(TensorException.class, () -> a.mm(Tensor.zeros(3)));
            assertThrows(TensorException.class, () -> Tensor.zeros(2, 2, 3).bmm(Tensor.zeros(3, 3, 2)));
            assertThrows(TensorException.class, () -> Tensor.zeros(2, 2, 3).bmm(Tensor.zeros(2, 2, 2)));
            assertThrows(TensorException.class, () -> a.bmm(a));
            assertThrows(TensorException.class, () -> a.mv(Tensor.zeros(4)));
            assertThrows(TensorException.class, () -> Tensor.zeros(3).dot(Tensor.zeros(4)));
            assertThrows(TensorException.class, () -> a.dot(a));
            assertThrows(TensorException.class, () -> Tensor.scalar(1).matmul(a));
            assertThrows(TensorException.class, () -> Tensor.zeros(2, 2, 3).matmul(Tensor.zeros(3, 3, 4)));   // batch 2 vs 3
            assertThrows(TensorException.class, () -> Tensor.zeros(DType.BOOL, Device.CPU, 2, 2).matmul(Tensor.zeros(DType.BOOL, Device.CPU, 2, 2)));
            Tensor dead = Tensor.zeros(2, 3);
            dead.close();
            assertThrows(UseAfterFreeException.class, () -> dead.matmul(Tensor.zeros(3, 2)));
        }
    }
}
