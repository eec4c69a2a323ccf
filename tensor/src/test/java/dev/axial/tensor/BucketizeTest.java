package dev.axial.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** bucketize and searchsorted's sorter against plain-Java references. */
class BucketizeTest {
    /**
     * PyTorch's binary search (cus_lower_bound / cus_upper_bound): the first i with b[i] >= x (right: b[i] > x) on
     * sorted b. NOTE: with NaN boundaries (sorted last) the predicate is not monotonic and PyTorch's answer is what
     * this bisection gives, not a linear scan's, so the reference bisects the same way.
     */
    static long insertion(double[] b, int from, int len, double x, boolean right) {
        int lo = 0, hi = len;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            double v = b[from + mid];
            if (right ? !(v > x) : !(v >= x)) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static double[] sortedBoundaries(Random rnd, DType dt, int n) {
        double[] b = Conformance.roundTo(dt, SortTest.values(rnd, dt, n));
        Arrays.sort(b);   // NaN last, as the kernel expects
        return b;
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void bucketizeMatchesReference(Device dev) {
        Random rnd = new Random(70);
        try (Scope s = Scope.open()) {
            for (DType dt : DType.values()) {
                if (dt == DType.BOOL) continue;
                for (int trial = 0; trial < 4; trial++) {
                    double[] b = sortedBoundaries(rnd, dt, rnd.nextInt(9));
                    long[] shape = Conformance.randomShape(rnd, 0, 3, 5);
                    double[] v = SortTest.values(rnd, dt, (int) Shapes.numel(shape));
                    Tensor x = Conformance.tensor(dev, dt, v, trial % 2 == 1 && shape.length > 0, shape);
                    Tensor bt = Conformance.tensor(dev, dt, b, trial >= 2, b.length);
                    double[] xv = x.toDoubleArray();
                    for (boolean right : new boolean[]{false, true}) {
                        long[] exp = new long[xv.length];
                        for (int i = 0; i < xv.length; i++) exp[i] = insertion(b, 0, b.length, xv[i], right);
                        Tensor y = x.bucketize(bt, right);
                        String what = dt + Arrays.toString(shape) + " boundaries " + Arrays.toString(b) + " right " + right;
                        assertEquals(DType.INT64, y.dtype(), what);
                        assertArrayEquals(shape, y.shape(), what);
                        assertArrayEquals(exp, y.toLongArray(), what);
                    }
                }
            }
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void searchsortedWithSorterMatchesReference(Device dev) {
        Random rnd = new Random(71);
        try (Scope s = Scope.open()) {
            for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64, DType.UINT8, DType.BFLOAT16}) {
                for (int trial = 0; trial < 4; trial++) {
                    int rows = 1 + rnd.nextInt(3), len = 1 + rnd.nextInt(8), m = rnd.nextInt(5);
                    boolean oneD = trial % 2 == 0;
                    double[] seq = Conformance.roundTo(dt, SortTest.values(rnd, dt, oneD ? len : rows * len));
                    Tensor sq = oneD ? Conformance.tensor(dev, dt, seq, len) : Conformance.tensor(dev, dt, seq, trial == 3, rows, len);
                    Tensor sorter = sq.argsort(-1);
                    double[] vals = SortTest.values(rnd, dt, rows * m);
                    Tensor vt = Conformance.tensor(dev, dt, vals, rows, m);
                    double[] vv = vt.toDoubleArray();
                    for (boolean right : new boolean[]{false, true}) {
                        long[] exp = new long[rows * m];
                        for (int r = 0; r < rows; r++) {
                            double[] row = Arrays.copyOfRange(seq, oneD ? 0 : r * len, oneD ? len : (r + 1) * len);
                            double[][] ref = SortTest.referenceSort(row, new long[]{len}, 0, false);
                            for (int j = 0; j < m; j++) exp[r * m + j] = insertion(ref[0], 0, len, vv[r * m + j], right);
                        }
                        String what = dt + " rows " + rows + " len " + len + " right " + right + (oneD ? " 1-D" : "");
                        assertArrayEquals(exp, sq.searchsorted(vt, right, sorter).toLongArray(), what);
                        assertArrayEquals(sq.sort(-1).values().searchsorted(vt, right).toLongArray(),
                                sq.searchsorted(vt, right, sorter).toLongArray(), what + " vs sorted");
                    }
                    assertArrayEquals(Tensor.of(new long[]{0, 1}).to(dev).searchsorted(Tensor.of(new long[]{1}).to(dev), false, null).toLongArray(),
                            new long[]{1});
                }
            }
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void handComputedAndErrors(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor b = Tensor.of(new float[]{1, 3, 5, 7, 9}).to(dev);
            Tensor x = Tensor.of(new float[]{3, 6, 9, 0, 10, Float.NaN}, 2, 3).to(dev);
            assertArrayEquals(new long[]{1, 3, 4, 0, 5, 5}, x.bucketize(b).toLongArray());
            assertArrayEquals(new long[]{2, 3, 5, 0, 5, 5}, x.bucketize(b, true).toLongArray());
            assertEquals(2, Tensor.scalar(DType.FLOAT32, dev, 4).bucketize(b).itemLong());
            assertArrayEquals(new long[]{0, 0}, Tensor.of(new float[]{1, 2}).to(dev).bucketize(Tensor.zeros(DType.FLOAT32, dev, 0)).toLongArray());
            assertArrayEquals(new long[]{0, 3}, Tensor.zeros(DType.FLOAT32, dev, 0, 3).bucketize(b).shape());
            Tensor seq = Tensor.of(new float[]{5, 1, 3}).to(dev);
            Tensor sorter = Tensor.of(new long[]{1, 2, 0}).to(dev);
            assertArrayEquals(new long[]{0, 1, 2, 3}, seq.searchsorted(Tensor.of(new float[]{0, 2, 4, 6}).to(dev), false, sorter).toLongArray());
            // a NaN boundary (sorted last) as PyTorch's bisection sees it: 11 probes the NaN first and lands past it
            Tensor nanSeq = Tensor.of(new float[]{Float.NaN, 12, -2.5f, 2, -19}).to(dev);
            assertArrayEquals(new long[]{5, 2, 5}, nanSeq.searchsorted(Tensor.of(new float[]{11, 1, Float.NaN}).to(dev), false, nanSeq.argsort()).toLongArray());
            TensorException e = assertThrows(TensorException.class, () -> x.bucketize(b.reshape(5, 1)));
            assertTrue(e.getMessage().contains("bucketize") && e.getMessage().contains("1-D"), e.getMessage());
            assertThrows(TensorException.class, () -> Tensor.zeros(DType.BOOL, dev, 2).bucketize(Tensor.zeros(DType.BOOL, dev, 2)));
            e = assertThrows(TensorException.class, () -> seq.searchsorted(x, false, Tensor.of(new int[]{1, 2, 0}).to(dev)));
            assertTrue(e.getMessage().contains("sorter"), e.getMessage());
            assertThrows(TensorException.class, () -> seq.searchsorted(x, false, Tensor.of(new long[]{1, 2}).to(dev)));
            e = assertThrows(TensorException.class, () -> seq.searchsorted(x, false, Tensor.of(new long[]{1, 2, 3}).to(dev)));
            assertTrue(e.getMessage().contains("out of bounds"), e.getMessage());
            Tensor dead = Tensor.of(new float[]{1, 2}).to(dev);
            dead.close();
            assertThrows(UseAfterFreeException.class, () -> dead.bucketize(b));
            assertThrows(UseAfterFreeException.class, () -> b.searchsorted(x, false, dead));
        }
    }
}
