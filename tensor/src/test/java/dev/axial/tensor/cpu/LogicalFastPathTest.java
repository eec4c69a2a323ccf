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
 * The vector paths of countNonzero / any / all ({@code VecReduce.nonzero}), of logicalAnd / Or / Xor on BOOL rows
 * ({@code CpuFastPaths.logical}) and of int32 arithmetic ({@code CpuFastPaths.binary}) against plain Java over the
 * same values: every dtype they take, lengths off the vector widths (the scalar tails), NaN (nonzero) and -0.0
 * (zero), whole-tensor and per-row reductions, int32 overflow (wrapping), scalar operands on either side.
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
    void int32ArithmeticWrapsAsJavaInts() {
        Random r = new Random(53);
        try (Scope s = Scope.open()) {
            for (int n : LENGTHS) {
                int[] a = new int[n], b = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = r.nextInt();   // the whole range: sums and products overflow
                    b[i] = i % 5 == 0 ? r.nextInt(7) - 3 : r.nextInt();
                }
                Tensor x = Tensor.of(a, n), y = Tensor.of(b, n);
                int[] add = new int[n], sub = new int[n], mul = new int[n], max = new int[n], min = new int[n];
                int[] and = new int[n], or = new int[n], xor = new int[n], scaled = new int[n], plus7 = new int[n], sevenMinus = new int[n];
                for (int i = 0; i < n; i++) {
                    add[i] = a[i] + b[i];
                    sub[i] = a[i] - b[i];
                    mul[i] = a[i] * b[i];
                    max[i] = Math.max(a[i], b[i]);
                    min[i] = Math.min(a[i], b[i]);
                    and[i] = a[i] & b[i];
                    or[i] = a[i] | b[i];
                    xor[i] = a[i] ^ b[i];
                    scaled[i] = a[i] + 3 * b[i];
                    plus7[i] = a[i] + 7;
                    sevenMinus[i] = 7 - b[i];
                }
                String what = " n " + n;
                assertArrayEquals(add, x.add(y).toIntArray(), "add" + what);
                assertArrayEquals(sub, x.sub(y).toIntArray(), "sub" + what);
                assertArrayEquals(mul, x.mul(y).toIntArray(), "mul" + what);
                assertArrayEquals(max, x.maximum(y).toIntArray(), "maximum" + what);
                assertArrayEquals(min, x.minimum(y).toIntArray(), "minimum" + what);
                assertArrayEquals(and, x.bitwiseAnd(y).toIntArray(), "bitwiseAnd" + what);
                assertArrayEquals(or, x.bitwiseOr(y).toIntArray(), "bitwiseOr" + what);
                assertArrayEquals(xor, x.bitwiseXor(y).toIntArray(), "bitwiseXor" + what);
                assertArrayEquals(scaled, x.add(y, 3).toIntArray(), "add alpha 3" + what);
                assertArrayEquals(plus7, x.add(7).toIntArray(), "scalar right" + what);
                assertArrayEquals(sevenMinus, Tensor.of(new int[]{7}).expand(n).sub(y).toIntArray(), "scalar left" + what);
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
