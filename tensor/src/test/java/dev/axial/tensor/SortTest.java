package dev.axial.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class SortTest {
    // ---- helpers shared by the sorting tests -----------------------------------------------------

    /** Random values with many duplicates that fit dt; floats also get fractions, NaN, infinities and -0.0. */
    static double[] values(Random rnd, DType dt, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (dt) {
                case BOOL -> rnd.nextInt(2);
                case UINT8 -> rnd.nextInt(30) * 7;
                default -> rnd.nextInt(41) - 20;
            };
            if (dt.isFloatingPoint()) {
                int c = rnd.nextInt(20);
                if (c == 0) v[i] = Double.NaN;
                else if (c == 1) v[i] = rnd.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                else if (c == 2) v[i] = -0.0;
                else if (c < 8) v[i] += rnd.nextDouble();
            }
        }
        return v;
    }

    /** PyTorch's order: NaN above everything, -0.0 equal to 0.0. */
    static int compare(double a, double b) { return Double.compare(a == 0 ? 0.0 : a, b == 0 ? 0.0 : b); }

    /** Stable reference sort of each slice along dim of row-major data xv: {values, indices}. */
    static double[][] referenceSort(double[] xv, long[] shape, int d, boolean desc) {
        long n = shape[d];
        long inner = Shapes.numel(Arrays.copyOfRange(shape, d + 1, shape.length)), outer = Shapes.numel(Arrays.copyOf(shape, d));
        double[] vals = new double[xv.length], idx = new double[xv.length];
        for (long o = 0; o < outer; o++) {
            for (long in = 0; in < inner; in++) {
                long base = o * n * inner + in;
                Integer[] order = new Integer[(int) n];
                for (int j = 0; j < n; j++) order[j] = j;
                Comparator<Integer> c = (a, b) -> compare(xv[(int) (base + a * inner)], xv[(int) (base + b * inner)]);
                Arrays.sort(order, desc ? (a, b) -> c.compare(b, a) : c);
                for (int j = 0; j < n; j++) {
                    vals[(int) (base + j * inner)] = xv[(int) (base + order[j] * inner)];
                    idx[(int) (base + j * inner)] = order[j];
                }
            }
        }
        return new double[][]{vals, idx};
    }

    static long[] randomShape(Random rnd) {
        long[] s = new long[1 + rnd.nextInt(3)];
        for (int i = 0; i < s.length; i++) s[i] = 1 + rnd.nextInt(s.length == 1 ? 70 : 9);
        return s;
    }

    private static void checkSort(Tensor x, long[] shape, int dim, boolean desc, String what) {
        double[] xv = x.toDoubleArray();
        int d = dim < 0 ? dim + shape.length : dim;
        double[][] ref = referenceSort(xv, shape, d, desc);
        ValuesIndices r = x.sort(dim, desc);
        assertArrayEquals(shape, r.values().shape(), what);
        assertEquals(x.dtype(), r.values().dtype(), what);
        assertEquals(DType.INT64, r.indices().dtype(), what);
        assertArrayEquals(ref[0], r.values().toDoubleArray(), what + " values");
        assertArrayEquals(ref[1], r.indices().toDoubleArray(), what + " indices");
        assertArrayEquals(ref[1], x.argsort(dim, desc).toDoubleArray(), what + " argsort");
    }

    // ---- sort ------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void sortMatchesStableReferenceForEveryDtypeDimAndLayout(Device dev) {
        Random rnd = new Random(20);
        try (Scope s = Scope.open()) {
            for (DType dt : DType.values()) {
                for (int trial = 0; trial < 6; trial++) {
                    long[] shape = randomShape(rnd);
                    double[] v = values(rnd, dt, (int) Shapes.numel(shape));
                    int dim = rnd.nextInt(shape.length) - (rnd.nextBoolean() ? shape.length : 0);
                    boolean desc = trial % 2 == 1;
                    String what = dt + Arrays.toString(shape) + " dim " + dim + (desc ? " desc" : " asc");
                    checkSort(Conformance.tensor(dev, dt, v, shape), shape, dim, desc, what);
                    checkSort(Conformance.nonContiguous(dev, dt, v, shape), shape, dim, desc, what + " strided");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void longRowsUseTheMergeSortAndStayStable(Device dev) {
        Random rnd = new Random(21);
        try (Scope s = Scope.open()) {
            for (DType dt : new DType[]{DType.FLOAT64, DType.INT64, DType.FLOAT32, DType.INT32}) {
                long[] shape = {3, 1537};
                double[] v = values(rnd, dt, 3 * 1537);
                checkSort(Conformance.tensor(dev, dt, v, shape), shape, 1, false, dt + " long rows");
                checkSort(Conformance.tensor(dev, dt, v, shape), shape, 1, true, dt + " long rows desc");
                checkSort(Conformance.nonContiguous(dev, dt, v, shape), shape, 0, true, dt + " strided dim 0");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void nanAndSignedZeroOrderAsPyTorch(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new float[]{Float.NaN, 1, Float.NEGATIVE_INFINITY, -0.0f, 0.0f, Float.NaN, Float.POSITIVE_INFINITY, -1}).to(dev);
            ValuesIndices asc = x.sort(0, false);
            assertArrayEquals(new float[]{Float.NEGATIVE_INFINITY, -1, -0.0f, 0.0f, 1, Float.POSITIVE_INFINITY, Float.NaN, Float.NaN},
                    asc.values().toFloatArray());
            assertArrayEquals(new long[]{2, 7, 3, 4, 1, 6, 0, 5}, asc.indices().toLongArray());
            ValuesIndices desc = x.sort(0, true);
            assertArrayEquals(new long[]{0, 5, 6, 1, 3, 4, 7, 2}, desc.indices().toLongArray());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void int64ExtremesSortExactly(Device dev) {
        try (Scope s = Scope.open()) {
            long[] v = {Long.MAX_VALUE, Long.MIN_VALUE, -1, 0, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1};
            assertArrayEquals(new long[]{Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, Long.MAX_VALUE - 1, Long.MAX_VALUE},
                    Tensor.of(v).to(dev).sort().values().toLongArray());
            int[] w = {Integer.MAX_VALUE, Integer.MIN_VALUE, 0};
            assertArrayEquals(new int[]{Integer.MAX_VALUE, 0, Integer.MIN_VALUE}, Tensor.of(w).to(dev).sort(0, true).values().toIntArray());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void emptyAndZeroDimTensors(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor e = Tensor.zeros(DType.FLOAT32, dev, 0, 3);
            assertArrayEquals(new long[]{0, 3}, e.sort(0).values().shape());
            assertArrayEquals(new long[]{0, 3}, e.argsort(1).shape());
            assertArrayEquals(new long[]{0, 3}, e.topk(0, 0).values().shape());
            Tensor z = Tensor.scalar(DType.FLOAT32, dev, 5);
            ValuesIndices r = z.sort(-1);
            assertEquals(0, r.values().dim());
            assertEquals(5, r.values().item());
            assertEquals(0, r.indices().itemLong());
            assertEquals(5, z.topk(1).values().item());
            assertEquals(5, z.kthvalue(1).values().item());
            assertEquals(5, z.msort().item());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void badInputThrows(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new float[]{3, 1, 2}).to(dev);
            TensorException e = assertThrows(TensorException.class, () -> x.topk(4));
            assertTrue(e.getMessage().contains("topk") && e.getMessage().contains("float32[3]"), e.getMessage());
            assertThrows(TensorException.class, () -> x.topk(-1));
            assertThrows(TensorException.class, () -> x.kthvalue(0));
            assertThrows(TensorException.class, () -> x.kthvalue(4));
            assertThrows(TensorException.class, () -> x.sort(1));
            assertThrows(TensorException.class, () -> x.argsort(-2));
            Tensor dead = Tensor.of(new float[]{1, 2}).to(dev);
            dead.close();
            assertThrows(UseAfterFreeException.class, dead::sort);
        }
    }

    // ---- topk, kthvalue, median ------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void topkAndKthvalueMatchReference(Device dev) {
        Random rnd = new Random(22);
        try (Scope s = Scope.open()) {
            for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT8, DType.BFLOAT16}) {
                for (int trial = 0; trial < 5; trial++) {
                    long[] shape = randomShape(rnd);
                    double[] v = values(rnd, dt, (int) Shapes.numel(shape));
                    int d = rnd.nextInt(shape.length);
                    long n = shape[d], k = 1 + rnd.nextInt((int) n);
                    Tensor x = trial % 2 == 0 ? Conformance.tensor(dev, dt, v, shape) : Conformance.nonContiguous(dev, dt, v, shape);
                    double[] xv = x.toDoubleArray();
                    for (boolean largest : new boolean[]{true, false}) {
                        double[][] ref = referenceSort(xv, shape, d, largest);
                        ValuesIndices t = x.topk(k, d, largest, true);
                        long[] ts = shape.clone();
                        ts[d] = k;
                        assertArrayEquals(ts, t.values().shape());
                        assertArrayEquals(firstK(ref[0], shape, d, k), t.values().toDoubleArray(), dt + " topk values");
                        assertArrayEquals(firstK(ref[1], shape, d, k), t.indices().toDoubleArray(), dt + " topk indices");
                    }
                    double[][] asc = referenceSort(xv, shape, d, false);
                    ValuesIndices kv = x.kthvalue(k, d, true);
                    long[] ks = shape.clone();
                    ks[d] = 1;
                    assertArrayEquals(ks, kv.values().shape());
                    double[] kth = firstK(asc[0], shape, d, k);
                    double[] expect = new double[kth.length / (int) k];
                    for (int i = 0; i < expect.length; i++) expect[i] = pickK(asc[0], shape, d, k - 1)[i];
                    assertArrayEquals(expect, kv.values().toDoubleArray(), dt + " kthvalue");
                    assertArrayEquals(pickK(asc[1], shape, d, k - 1), kv.indices().toDoubleArray(), dt + " kthvalue indices");
                    assertEquals(shape.length - 1, x.kthvalue(k, d, false).values().dim());
                }
            }
        }
    }

    /** The first k entries along dim d of a row-major array of shape. */
    static double[] firstK(double[] a, long[] shape, int d, long k) {
        long n = shape[d], inner = 1;
        for (int i = d + 1; i < shape.length; i++) inner *= shape[i];
        long outer = a.length / (n * inner);
        double[] out = new double[(int) (outer * k * inner)];
        int o = 0;
        for (long b = 0; b < outer; b++)
            for (long j = 0; j < k; j++)
                for (long i = 0; i < inner; i++) out[o++] = a[(int) ((b * n + j) * inner + i)];
        return out;
    }

    static double[] pickK(double[] a, long[] shape, int d, long j) {
        long n = shape[d], inner = 1;
        for (int i = d + 1; i < shape.length; i++) inner *= shape[i];
        long outer = a.length / (n * inner);
        double[] out = new double[(int) (outer * inner)];
        int o = 0;
        for (long b = 0; b < outer; b++)
            for (long i = 0; i < inner; i++) out[o++] = a[(int) ((b * n + j) * inner + i)];
        return out;
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void medianIsTheLowerMedianAndPropagatesNaN(Device dev) {
        try (Scope s = Scope.open()) {
            assertEquals(2, Tensor.of(new float[]{4, 1, 3, 2}).to(dev).median().item());
            assertEquals(3, Tensor.of(new double[]{5, 1, 3}, 3, 1).to(dev).median().item());
            assertEquals(2, Tensor.of(new long[]{9, 2, 1, 7}).to(dev).median().itemLong());
            assertTrue(Double.isNaN(Tensor.of(new float[]{1, Float.NaN, 3}).to(dev).median().item()));
            assertTrue(Double.isNaN(Tensor.zeros(DType.FLOAT32, dev, 0).median().item()));
            assertThrows(TensorException.class, () -> Tensor.of(new long[0]).to(dev).median());
            assertEquals(2, Conformance.nonContiguous(dev, DType.FLOAT32, new double[]{4, 1, 3, 2, 9, 0}, 2, 3).median().item());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void contiguousFloat32LongRowsSort(Device dev) {
        // NOTE: speed is measured in benchmarks, not here; this checks every row of a wide sort against the CPU's
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.rand(new Generator(3), 64, 4096);
            ValuesIndices r = x.to(dev).sort(-1);
            ValuesIndices ref = x.sort(-1);
            assertArrayEquals(ref.values().toFloatArray(), r.values().toFloatArray());
            assertArrayEquals(ref.indices().toLongArray(), r.indices().toLongArray());
        }
    }
}
