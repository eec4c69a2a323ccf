package dev.axial.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;

import static dev.axial.tensor.DType.*;
import static org.junit.jupiter.api.Assertions.*;

/** Factories (zeros/ones/full/empty/arange/linspace/eye/*Like/scalar/of) and element access, against plain Java. */
class CreationTest {
    private static void assertMessage(Throwable e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void zerosOnesFullEmptyForEveryDtypeAndShape(Device dev) {
        long[][] shapes = {{}, {0}, {1}, {3}, {2, 0, 4}, {2, 3}, {1, 1, 5}, {2, 3, 1, 2}};
        try (Scope s = Scope.open()) {
            for (DType t : DType.values()) {
                for (long[] shape : shapes) {
                    int n = (int) Shapes.numel(shape);
                    Tensor z = Tensor.zeros(t, dev, shape), o = Tensor.ones(t, dev, shape), f = Tensor.full(t, dev, 5, shape);
                    Tensor e = Tensor.empty(t, dev, shape);
                    for (Tensor x : new Tensor[]{z, o, f, e}) {
                        assertArrayEquals(shape, x.shape());
                        assertEquals(t, x.dtype());
                        assertEquals(dev, x.device());
                        assertTrue(x.isContiguous());
                        assertEquals(n, x.numel());
                        assertEquals(shape.length, x.dim());
                    }
                    double five = t == BOOL ? 1 : 5;
                    for (int i = 0; i < n; i++) {
                        assertEquals(0.0, z.cpu().toDoubleArray()[i]);
                        assertEquals(1.0, o.cpu().toDoubleArray()[i]);
                        assertEquals(five, f.cpu().toDoubleArray()[i], t + " full(5)");
                    }
                }
            }
        }
    }

    @Test
    void fullConvertsItsValueAsPyTorch() {
        try (Scope s = Scope.open()) {
            assertArrayEquals(new long[]{2, 2}, Tensor.full(INT64, Device.CPU, 2.7, 2).toLongArray());
            assertArrayEquals(new long[]{-2}, Tensor.full(INT32, Device.CPU, -2.7, 1).toLongArray());
            assertArrayEquals(new int[]{44}, Tensor.full(UINT8, Device.CPU, 300, 1).toIntArray());
            assertArrayEquals(new boolean[]{true}, Tensor.full(BOOL, Device.CPU, 0.5, 1).toBooleanArray());
            assertArrayEquals(new float[]{Float.POSITIVE_INFINITY}, Tensor.full(FLOAT16, Device.CPU, 1e6, 1).toFloatArray());
            assertEquals(INT64, Tensor.full(3, 2).dtype());
            assertEquals(FLOAT32, Tensor.full(3.0, 2).dtype());
            assertArrayEquals(new long[]{Long.MIN_VALUE + 1}, Tensor.full(INT64, Device.CPU, Long.MIN_VALUE + 1, 1).toLongArray());
            assertThrows(TensorException.class, () -> Tensor.zeros(2, -1));
            assertMessage(assertThrows(TensorException.class, () -> Tensor.empty(FLOAT32, Device.CPU, 3, -2)), "negative", "[3, -2]");
            assertThrows(TensorException.class, () -> Tensor.ones(-1));
            assertThrows(TensorException.class, () -> Tensor.full(INT8, Device.CPU, 1, 0, -4));
        }
    }

    @Test
    void likeFactoriesCopyDtypeDeviceAndShape() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.full(INT16, Device.CPU, 7, 2, 3).t();
            for (Tensor y : new Tensor[]{x.emptyLike(), x.zerosLike(), x.onesLike(), x.fullLike(4)}) {
                assertEquals(INT16, y.dtype());
                assertArrayEquals(new long[]{3, 2}, y.shape());
                assertTrue(y.isContiguous());
                assertNotSame(x.storage(), y.storage());
            }
            assertArrayEquals(new long[]{0, 0, 0, 0, 0, 0}, x.zerosLike().toLongArray());
            assertArrayEquals(new long[]{1, 1, 1, 1, 1, 1}, x.onesLike().toLongArray());
            assertArrayEquals(new long[]{4, 4, 4, 4, 4, 4}, x.fullLike(4.9).toLongArray());
        }
    }

    @Test
    void scalarsAreZeroDim() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.scalar(2.5);
            assertEquals(0, a.dim());
            assertArrayEquals(new long[0], a.shape());
            assertEquals(1, a.numel());
            assertEquals(2.5, a.item());
            assertEquals(2.5, a.getDouble());
            assertEquals(FLOAT32, a.dtype());
            Tensor b = Tensor.scalar(INT64, Device.CPU, (1L << 60) + 3);
            assertEquals((1L << 60) + 3, b.itemLong());
            assertEquals((1L << 60) + 3, b.getLong());
            assertEquals(2, Tensor.scalar(INT64, Device.CPU, 2.9).itemLong());
            assertTrue(a.isContiguous());
            assertArrayEquals(new double[]{2.5}, a.toDoubleArray());
        }
    }

    @Test
    void elementAccessWithNegativeIndicesAndErrors() {
        try (Scope s = Scope.open()) {
            double[] v = new double[24];
            for (int i = 0; i < v.length; i++) v[i] = i * 1.5 - 7;
            Tensor x = Tensor.of(v, 2, 3, 4);
            Random r = new Random(5);
            for (int k = 0; k < 50; k++) {
                long i = r.nextInt(2), j = r.nextInt(3), l = r.nextInt(4);
                double want = v[(int) (i * 12 + j * 4 + l)];
                assertEquals(want, x.getDouble(i, j, l));
                assertEquals(want, x.getDouble(i - 2, j - 3, l - 4));
                assertEquals((long) want, x.getLong(i, j - 3, l));
                // the same element through a permuted view
                assertEquals(want, x.permute(2, 0, 1).getDouble(l, i, j));
            }
            assertMessage(assertThrows(TensorException.class, () -> x.getDouble(0, 3, 0)), "getDouble", "index 3", "dim 1", "size 3");
            assertMessage(assertThrows(TensorException.class, () -> x.getDouble(-3, 0, 0)), "getDouble", "-3");
            assertMessage(assertThrows(TensorException.class, () -> x.getLong(0, 0)), "getLong", "2 indices", "rank 3");
            assertMessage(assertThrows(TensorException.class, () -> x.item()), "item", "float64[2, 3, 4]");
            assertMessage(assertThrows(TensorException.class, () -> x.itemLong()), "itemLong");
            assertThrows(TensorException.class, () -> Tensor.zeros(0).item());
            assertEquals(-7.0, x.slice(0, 0, 1).slice(1, 0, 1).slice(2, 0, 1).item(), "a [1, 1, 1] tensor has an item");
        }
    }

    @Test
    void ofChecksSizesAndKeepsValues() {
        try (Scope s = Scope.open()) {
            assertArrayEquals(new float[]{1, 2, 3, 4, 5, 6}, Tensor.of(new float[]{1, 2, 3, 4, 5, 6}, 2, 3).toFloatArray());
            assertArrayEquals(new long[]{3}, Tensor.of(new int[]{1, 2, 3}).shape());
            assertEquals(INT32, Tensor.of(new int[]{1}).dtype());
            assertEquals(INT64, Tensor.of(new long[]{1}).dtype());
            assertEquals(INT16, Tensor.of(new short[]{1}).dtype());
            assertEquals(INT8, Tensor.of(new byte[]{1}).dtype());
            assertEquals(BOOL, Tensor.of(new boolean[]{true}).dtype());
            assertEquals(FLOAT64, Tensor.of(new double[]{1}).dtype());
            assertArrayEquals(new short[]{-3, 4}, toShorts(Tensor.of(new short[]{-3, 4})));
            assertArrayEquals(new long[]{0, 2}, Tensor.of(new double[0], 0, 2).shape());
            assertMessage(assertThrows(TensorException.class, () -> Tensor.of(new double[]{1, 2, 3}, 2, 2)), "3 values", "[2, 2]");
            assertThrows(TensorException.class, () -> Tensor.of(new float[]{1, 2}, 3));
            assertThrows(TensorException.class, () -> Tensor.of(new long[]{1, 2}, 1));
            assertThrows(TensorException.class, () -> Tensor.of(new boolean[]{true}, 2));
            assertThrows(TensorException.class, () -> Tensor.of(new double[]{1, 2, 3, 4, 5, 6}, -2, -3));
        }
    }

    private static short[] toShorts(Tensor t) {
        int[] a = t.toIntArray();
        short[] s = new short[a.length];
        for (int i = 0; i < a.length; i++) s[i] = (short) a[i];
        return s;
    }

    // ---- arange / linspace / eye ------------------------------------------------------------

    /** torch.arange's length and values: ceil((end - start) / step) elements. */
    private static double[] arangeRef(double start, double end, double step) {
        int n = (int) Math.ceil((end - start) / step);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = start + i * step;
        return a;
    }

    @Test
    void arangeLengthsAndValues() {
        double[][] cases = {{0, 10, 1}, {0, 10, 3}, {1, 1.3, 0.1}, {0, 1, 0.1}, {5, 0, -1.5}, {-3, 3, 0.75}, {2, 2, 1},
                {0, 1e-3, 1e-4}, {10, -10, -0.3}, {0.5, 0.6, 1}, {-1, -5, -1}};
        try (Scope s = Scope.open()) {
            for (double[] c : cases) {
                double[] want = arangeRef(c[0], c[1], c[2]);
                Tensor t = Tensor.arange(FLOAT64, Device.CPU, c[0], c[1], c[2]);
                assertArrayEquals(new long[]{want.length}, t.shape(), java.util.Arrays.toString(c));
                assertArrayEquals(want, t.toDoubleArray(), 1e-12 * Math.max(1, Math.abs(c[1])), java.util.Arrays.toString(c));
                if (want.length > 0) assertEquals(want[0], t.getDouble(0), 0.0, "first element is start exactly");
                Tensor f = Tensor.arange(FLOAT32, Device.CPU, c[0], c[1], c[2]);
                float[] wf = new float[want.length];
                for (int i = 0; i < want.length; i++) wf[i] = (float) want[i];
                assertArrayEquals(wf, f.toFloatArray(), 1e-6f * (float) Math.max(1, Math.abs(c[1])));
            }
            assertArrayEquals(new long[]{0, 1, 2, 3, 4}, Tensor.arange(5).toLongArray());
            // PyTorch: start + i*step, not a symmetric linspace; integral dtypes step by the truncated step
            assertEquals(0.7000000000000001, Tensor.arange(FLOAT64, Device.CPU, 0, 1, 0.1).getDouble(7), 0);
            assertArrayEquals(new long[]{0, 1, 2, 3}, Tensor.arange(INT64, Device.CPU, 0, 5, 1.5).toLongArray());
            assertThrows(TensorException.class, () -> Tensor.arange(INT64, Device.CPU, 0, 5, 0.5));
            assertEquals(INT64, Tensor.arange(5).dtype());
            assertArrayEquals(new long[0], Tensor.arange(0).toLongArray());
            assertArrayEquals(new long[]{0, 3, 6, 9}, Tensor.arange(INT64, Device.CPU, 0, 10, 3).toLongArray());
            assertArrayEquals(new long[]{5, 3, 1, -1}, Tensor.arange(INT64, Device.CPU, 5, -2, -2).toLongArray());
            assertArrayEquals(new int[]{10, 7, 4}, Tensor.arange(INT32, Device.CPU, 10, 1, -3).toIntArray());
            long big = 1L << 52;
            assertArrayEquals(new long[]{big, big + 1, big + 2}, Tensor.arange(INT64, Device.CPU, big, big + 3, 1).toLongArray());
            assertMessage(assertThrows(TensorException.class, () -> Tensor.arange(FLOAT32, Device.CPU, 0, 1, 0)), "arange", "step");
            assertMessage(assertThrows(TensorException.class, () -> Tensor.arange(FLOAT32, Device.CPU, 0, 1, Double.NaN)), "arange", "step");
            assertMessage(assertThrows(TensorException.class, () -> Tensor.arange(FLOAT32, Device.CPU, 0, 5, -1)), "arange", "step sign");
            assertThrows(TensorException.class, () -> Tensor.arange(FLOAT32, Device.CPU, 0, Double.POSITIVE_INFINITY, 1));
            assertThrows(TensorException.class, () -> Tensor.arange(FLOAT32, Device.CPU, Double.NaN, 1, 1));
            assertThrows(TensorException.class, () -> Tensor.arange(-1));
        }
    }

    /** torch.linspace: step (end-start)/(steps-1); the first half from start, the second half back from end. */
    private static double[] linspaceRef(double start, double end, int steps) {
        double[] a = new double[steps];
        if (steps == 1) a[0] = start;
        if (steps <= 1) return a;
        double step = (end - start) / (steps - 1);
        int half = steps / 2;
        for (int i = 0; i < steps; i++) a[i] = i < half ? start + step * i : end - step * (steps - i - 1);
        return a;
    }

    @Test
    void linspaceFollowsPyTorchsSymmetricFormula() {
        double[][] cases = {{0, 1}, {-1, 1}, {3, -7.5}, {0.1, 0.7}, {1e-3, 1e3}, {5, 5}};
        int[] steps = {0, 1, 2, 3, 7, 10, 101};
        try (Scope s = Scope.open()) {
            for (double[] c : cases) {
                for (int n : steps) {
                    double[] want = linspaceRef(c[0], c[1], n);
                    Tensor t = Tensor.linspace(FLOAT64, Device.CPU, c[0], c[1], n);
                    assertArrayEquals(new long[]{n}, t.shape());
                    assertArrayEquals(want, t.toDoubleArray(), 0.0, c[0] + ".." + c[1] + " in " + n);
                    if (n >= 2) {
                        assertEquals(c[0], t.getDouble(0), 0.0, "start exact");
                        assertEquals(c[1], t.getDouble(-1), 0.0, "end exact");
                    }
                    float[] f = Tensor.linspace(c[0], c[1], n).toFloatArray();
                    for (int i = 0; i < n; i++) assertEquals((float) want[i], f[i], Math.ulp((float) want[i]), "float32 " + i);
                }
            }
            assertArrayEquals(new long[]{0, 3, 6, 10}, Tensor.linspace(INT64, Device.CPU, 0, 10, 4).toLongArray());
            assertArrayEquals(new long[]{0, -3, -6, -10}, Tensor.linspace(INT64, Device.CPU, 0, -10, 4).toLongArray());
            assertMessage(assertThrows(TensorException.class, () -> Tensor.linspace(0, 1, -1)), "linspace", "-1");
        }
    }

    @Test
    void eyeIsNByM() {
        try (Scope s = Scope.open()) {
            long[][] sizes = {{0, 0}, {1, 1}, {3, 3}, {2, 5}, {5, 2}, {0, 3}, {4, 1}};
            for (long[] nm : sizes) {
                for (DType t : new DType[]{FLOAT32, INT64, BOOL, FLOAT16}) {
                    Tensor e = Tensor.eye(t, Device.CPU, nm[0], nm[1]);
                    assertArrayEquals(nm, e.shape());
                    double[] got = e.toDoubleArray();
                    for (int i = 0; i < nm[0]; i++)
                        for (int j = 0; j < nm[1]; j++)
                            assertEquals(i == j ? 1.0 : 0.0, got[(int) (i * nm[1] + j)], t + " eye" + java.util.Arrays.toString(nm));
                }
            }
            assertArrayEquals(new long[]{3, 3}, Tensor.eye(3).shape());
            assertEquals(FLOAT32, Tensor.eye(3).dtype());
            assertThrows(TensorException.class, () -> Tensor.eye(-1));
        }
    }
}
