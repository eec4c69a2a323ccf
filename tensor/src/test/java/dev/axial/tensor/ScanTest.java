package dev.axial.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** max/min with indices, argmax/argmin and the scans against plain-Java references along each dim. */
class ScanTest {
    /** Visits every line along {@code dim} of a row-major array: calls f with the flat indices of the line. */
    private static void lines(long[] shape, int dim, java.util.function.Consumer<int[]> f) {
        int n = (int) Shapes.numel(shape), len = (int) shape[dim];
        if (n == 0) return;
        int inner = 1;
        for (int d = dim + 1; d < shape.length; d++) inner *= (int) shape[d];
        for (int base = 0; base < n; base++) {
            if ((base / inner) % len != 0) continue;
            int[] idx = new int[len];
            for (int k = 0; k < len; k++) idx[k] = base + k * inner;
            f.accept(idx);
        }
    }

    private static final DType[] TYPES = {DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.BFLOAT16, DType.INT32, DType.INT64, DType.INT8, DType.UINT8, DType.INT16, DType.BOOL};

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void maxMinArgmaxAndScansMatchReference(Device dev) {
        Random r = new Random(7);
        for (int trial = 0; trial < 60; trial++) {
            long[] shape = ReductionRef.shape(r);
            if (shape.length == 0) shape = new long[]{1 + r.nextInt(5)};
            for (DType t : TYPES) {
                try (Scope s = Scope.open()) {
                    double[] v = ReductionRef.values(r, t, (int) Shapes.numel(shape));
                    if (t.isFloatingPoint() && v.length > 3 && r.nextInt(4) == 0) v[r.nextInt(v.length)] = Double.NaN;
                    // ties are common with small integers: they test first-occurrence and latest-occurrence rules
                    Tensor x = ReductionRef.view(r, dev, t, v, shape);
                    int d = r.nextInt(shape.length);
                    int dimArg = r.nextBoolean() ? d : d - shape.length;
                    String what = t + Shapes.str(shape) + " dim " + dimArg;
                    if (shape[d] == 0) {
                        TensorException e = assertThrows(TensorException.class, () -> x.max(dimArg), what);
                        assertTrue(e.getMessage().startsWith("max: Expected reduction dim"), e.getMessage());
                        continue;
                    }
                    checkLines(x, v, shape, d, dimArg, t, what);
                }
            }
        }
    }

    private static void checkLines(Tensor x, double[] v, long[] shape, int d, int dimArg, DType t, String what) {
        int n = v.length;
        ValuesIndices mx = x.max(dimArg, true), mn = x.min(dimArg);
        double[] mxv = mx.values().toDoubleArray(), mnv = mn.values().toDoubleArray();
        long[] mxi = mx.indices().toLongArray(), mni = mn.indices().toLongArray(), am = x.argmax(dimArg).toLongArray();
        assertArrayEquals(ReductionRef.keepShape(shape, new int[]{d}), mx.values().shape(), what);
        double[] cs = x.cumsum(dimArg).toDoubleArray(), cp = x.cumprod(dimArg).toDoubleArray();
        ValuesIndices cmx = x.cummax(dimArg), cmn = x.cummin(dimArg);
        double[] cmxv = cmx.values().toDoubleArray(), cmnv = cmn.values().toDoubleArray();
        long[] cmxi = cmx.indices().toLongArray(), cmni = cmn.indices().toLongArray();
        double[] lcse = t.isFloatingPoint() ? x.logcumsumexp(dimArg).toDoubleArray() : null;
        assertEquals(t.isFloatingPoint() ? t : DType.INT64, x.cumsum(dimArg).dtype(), what);
        double tol = Math.max(Conformance.tol(t), 1e-12) * 8;
        int[] line = {0};
        lines(shape, d, idx -> {
            int o = line[0]++;
            int bi = 0, si = 0;
            for (int k = 1; k < idx.length; k++) {
                double b = v[idx[bi]], e = v[idx[k]];
                if (!Double.isNaN(b) && (Double.isNaN(e) || e > b)) bi = k;
                double sm = v[idx[si]];
                if (!Double.isNaN(sm) && (Double.isNaN(e) || e < sm)) si = k;
            }
            assertEquals(bi, mxi[o], what + " argmax line " + o);
            assertEquals(bi, am[o], what);
            assertEquals(si, mni[o], what);
            assertEquals(v[idx[bi]], mxv[o], what);
            assertEquals(v[idx[si]], mnv[o], what);
            double sum = 0, prod = 1, lse = Double.NEGATIVE_INFINITY;
            double cmax = v[idx[0]], cmin = v[idx[0]];
            int cmaxI = 0, cminI = 0;
            for (int k = 0; k < idx.length; k++) {
                double e = v[idx[k]];
                sum += e;
                prod *= e;
                lse = Double.isNaN(e) || Double.isNaN(lse) ? Double.NaN : Math.max(lse, e) == Double.NEGATIVE_INFINITY ? lse
                        : Math.max(lse, e) + Math.log(Math.exp(lse - Math.max(lse, e)) + Math.exp(e - Math.max(lse, e)));
                if (Double.isNaN(e) || (!Double.isNaN(cmax) && e >= cmax)) { cmax = e; cmaxI = k; }
                if (Double.isNaN(e) || (!Double.isNaN(cmin) && e <= cmin)) { cmin = e; cminI = k; }
                int i = idx[k];
                assertClose(Conformance.roundTo(t.isFloatingPoint() ? t : DType.INT64, new double[]{sum})[0], cs[i], tol, what + " cumsum");
                assertClose(Conformance.roundTo(t.isFloatingPoint() ? t : DType.INT64, new double[]{prod})[0], cp[i], tol, what + " cumprod");
                assertEquals(cmax, cmxv[i], what + " cummax");
                assertEquals(cmaxI, cmxi[i], what + " cummax index");
                assertEquals(cmin, cmnv[i], what + " cummin");
                assertEquals(cminI, cmni[i], what + " cummin index");
                if (lcse != null) assertClose(Conformance.roundTo(t, new double[]{lse})[0], lcse[i], tol, what + " logcumsumexp");
            }
        });
        assertEquals(n / shape[d], line[0]);
    }

    private static void assertClose(double e, double a, double tol, String what) {
        if (Double.isNaN(e) && Double.isNaN(a) || e == a) return;
        assertEquals(e, a, tol * Math.max(1, Math.abs(e)), what);
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void flatArgmaxAndScalarsAndErrors(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor x = Conformance.tensor(dev, DType.FLOAT32, new double[]{3, 9, 9, 1, 0, 9}, 2, 3).transpose(0, 1);
            // transposed values: [3, 1, 9, 0, 9, 9]
            assertEquals(2, x.argmax().itemLong());
            assertEquals(3, x.argmin().itemLong());
            assertArrayEquals(new long[]{1, 2}, x.argmax(0, false).toLongArray());   // columns [3, 9, 9] and [1, 0, 9]
            assertArrayEquals(new long[]{1, 1}, x.argmax().reshape(1, 1).shape());
            Tensor sc = Tensor.scalar(DType.FLOAT64, dev, 4.0);
            assertEquals(4, sc.max(0).values().item());
            assertEquals(0, sc.max(-1).indices().itemLong());
            assertEquals(4, sc.cumsum(0).item());
            assertEquals(0, sc.cumsum(0).dim());
            TensorException e = assertThrows(TensorException.class, () -> Tensor.zeros(DType.FLOAT32, dev, 0).argmax());
            assertTrue(e.getMessage().startsWith("argmax:"), e.getMessage());
            e = assertThrows(TensorException.class, () -> x.cumsum(2));
            assertTrue(e.getMessage().startsWith("cumsum: dim 2 out of range"), e.getMessage());
            Tensor i = Conformance.tensor(dev, DType.INT32, new double[]{1, 2}, 2);
            e = assertThrows(TensorException.class, () -> i.logcumsumexp(0));
            assertTrue(e.getMessage().startsWith("logcumsumexp:"), e.getMessage());
            assertEquals(DType.FLOAT64, i.cumsum(0, DType.FLOAT64).dtype());
            assertArrayEquals(new long[]{0, 3}, Tensor.zeros(DType.FLOAT32, dev, 0, 3).cumsum(0).shape());
        }
    }
}
