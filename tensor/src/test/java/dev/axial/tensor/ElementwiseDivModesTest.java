package dev.axial.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** torch.div(a, b, rounding_mode=None | 'trunc' | 'floor') against plain Java, with broadcasting and strides. */
class ElementwiseDivModesTest {
    private static final DType[] TYPES = {DType.FLOAT32, DType.FLOAT64, DType.INT8, DType.INT32, DType.INT64, DType.FLOAT16};

    private static double ref(DType t, String mode, double a, double b) {
        if (!t.isFloatingPoint()) {
            long x = (long) a, y = (long) b;
            return "trunc".equals(mode) ? x / y : Math.floorDiv(x, y);
        }
        double q = a / b;
        return "trunc".equals(mode) ? (q < 0 ? Math.ceil(q) : Math.floor(q)) : Math.floor(q);
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void truncAndFloorMatchPlainJava(Device dev) {
        Random r = new Random(7);
        for (DType t : TYPES) {
            for (String mode : new String[]{"trunc", "floor"}) {
                for (boolean strided : new boolean[]{false, true}) {
                    try (Scope s = Scope.open()) {
                        double[] a = new double[12], b = new double[4];
                        for (int i = 0; i < a.length; i++) a[i] = r.nextInt(41) - 20 + (t.isFloatingPoint() ? 0.25 * r.nextInt(4) : 0);
                        for (int i = 0; i < b.length; i++) b[i] = (r.nextInt(7) + 1) * (r.nextBoolean() ? 1 : -1);
                        double[] ra = Conformance.roundTo(t, a), rb = Conformance.roundTo(t, b);
                        Tensor x = Conformance.tensor(dev, t, a, strided, 3, 4), y = Conformance.tensor(dev, t, b, 4);
                        Tensor q = x.div(y, mode);
                        assertEquals(t, q.dtype(), "rounding modes keep the dtype");
                        double[] want = new double[12];
                        for (int i = 0; i < 12; i++) want[i] = ref(t, mode, ra[i], rb[i % 4]);
                        Conformance.assertClose(Conformance.roundTo(t, want), q.toDoubleArray(), 0, 0, t + " " + mode);
                        Tensor inPlace = Conformance.tensor(dev, t, a, 3, 4);
                        assertSame(inPlace, inPlace.div_(y, mode));
                        assertArrayEquals(q.toDoubleArray(), inPlace.toDoubleArray(), 0);
                    }
                }
            }
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void noModeIsTrueDivisionAndErrorsAreClear(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.arange(DType.INT64, dev, -3, 4, 1);
            assertEquals(DType.FLOAT32, x.div(2, null).dtype());
            assertArrayEquals(new double[]{-1, -1, 0, 0, 0, 1, 1}, x.div(2, "trunc").toDoubleArray(), 0);
            assertArrayEquals(new double[]{-2, -1, -1, 0, 0, 1, 1}, x.div(2, "floor").toDoubleArray(), 0);
            Tensor zeros = Tensor.zeros(DType.INT64, dev, 7);
            int owned = s.ownedCount();
            String m = assertThrows(TensorException.class, () -> x.div(0, "trunc")).getMessage();
            assertTrue(m.contains("ZeroDivisionError"), m);
            assertThrows(TensorException.class, () -> x.remainder(zeros));
            assertEquals(owned, s.ownedCount(), "a failed op leaves no output behind");
            m = assertThrows(TensorException.class, () -> x.div(2, "round")).getMessage();
            assertTrue(m.contains("rounding_mode") && m.contains("round"), m);
            Tensor f = Tensor.of(new float[]{-7.5f, 7.5f, 1f, -1f}).to(dev);
            assertArrayEquals(new double[]{-3, 3, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY},
                    f.div(Tensor.of(new float[]{2, 2, 0, 0}).to(dev), "trunc").toDoubleArray(), 0);
        }
    }
}
