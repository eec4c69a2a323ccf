package dev.axial.tensor.cpu;

import dev.axial.tensor.Conformance;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The vector paths of countNonzero / any / all ({@code VecReduce.nonzero}) and of logicalAnd / Or / Xor on BOOL rows
 * ({@code CpuFastPaths.logical}) against plain Java over the same values: every dtype they take, lengths off the
 * vector widths (the scalar tails), NaN (nonzero) and -0.0 (zero), whole-tensor and per-row reductions.
 */
class LogicalFastPathTest {
    private static final int[] LENGTHS = {1, 7, 16, 33, 64, 65, 129, 1000, 4099};
    private static final DType[] TYPES = {DType.FLOAT32, DType.FLOAT64, DType.BOOL, DType.INT8, DType.UINT8, DType.INT32, DType.INT64};

    private static double[] values(Random r, int n, DType t) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(6);
            // negative values too (and uint8 past 127, a negative signed byte): "nonzero" is not "positive"
            double nz = t == DType.UINT8 ? 1 + r.nextInt(255) : (r.nextBoolean() ? 1 : -1) * (1 + r.nextInt(100));
            v[i] = t == DType.BOOL ? (k < 3 ? 0 : 1)
                    : k < 2 ? 0 : k == 2 && t.isFloatingPoint() ? (r.nextBoolean() ? Double.NaN : -0.0) : nz;
        }
        return v;
    }

    @Test
    void countAnyAllAgreeWithPlainJava() {
        Random r = new Random(51);
        try (Scope s = Scope.open()) {
            for (DType t : TYPES)
                for (int n : LENGTHS)
                    for (int zeros : new int[]{0, 1, 2}) {
                        double[] v = values(r, 3 * n, t);
                        if (zeros == 1) java.util.Arrays.fill(v, 0, n, 0);        // a row of zeros (any false)
                        if (zeros == 2) java.util.Arrays.fill(v, n, 2 * n, 1);    // a row of ones (all true)
                        Tensor x = Conformance.tensor(Device.CPU, t, v, 3, n);
                        String what = t + " 3 x " + n + " case " + zeros;
                        long total = 0;
                        long[] rows = new long[3];
                        for (int i = 0; i < v.length; i++)
                            if (v[i] != 0 || Double.isNaN(v[i])) {
                                total++;
                                rows[i / n]++;
                            }
                        assertEquals(total, x.countNonzero().itemLong(), "countNonzero " + what);
                        assertArrayEquals(rows, x.countNonzero(1).toLongArray(), "countNonzero(1) " + what);
                        boolean[] any = new boolean[3], all = new boolean[3];
                        for (int i = 0; i < 3; i++) {
                            any[i] = rows[i] > 0;
                            all[i] = rows[i] == n;
                        }
                        assertArrayEquals(any, x.any(1).toBooleanArray(), "any(1) " + what);
                        assertArrayEquals(all, x.all(1).toBooleanArray(), "all(1) " + what);
                        assertEquals(total > 0, x.any().toBooleanArray()[0], "any " + what);
                        assertEquals(total == v.length, x.all().toBooleanArray()[0], "all " + what);
                    }
        }
    }

    @Test
    void logicalOpsOnBoolRowsAgreeWithPlainJava() {
        Random r = new Random(52);
        try (Scope s = Scope.open()) {
            for (int n : LENGTHS) {
                double[] a = values(r, 2 * n, DType.BOOL), b = values(r, 2 * n, DType.BOOL);
                Tensor x = Conformance.tensor(Device.CPU, DType.BOOL, a, 2, n), y = Conformance.tensor(Device.CPU, DType.BOOL, b, 2, n);
                boolean[] and = new boolean[2 * n], or = new boolean[2 * n], xor = new boolean[2 * n];
                for (int i = 0; i < a.length; i++) {
                    and[i] = a[i] != 0 && b[i] != 0;
                    or[i] = a[i] != 0 || b[i] != 0;
                    xor[i] = (a[i] != 0) ^ (b[i] != 0);
                }
                assertArrayEquals(and, x.logicalAnd(y).toBooleanArray(), "and " + n);
                assertArrayEquals(or, x.logicalOr(y).toBooleanArray(), "or " + n);
                assertArrayEquals(xor, x.logicalXor(y).toBooleanArray(), "xor " + n);
                // a transposed operand leaves the fast path: the general loop must agree with it
                Tensor yt = Conformance.tensor(Device.CPU, DType.BOOL, b, 2, n).transpose(0, 1).contiguous().transpose(0, 1);
                assertArrayEquals(and, x.logicalAnd(yt).toBooleanArray(), "and, strided " + n);
            }
        }
    }
}
