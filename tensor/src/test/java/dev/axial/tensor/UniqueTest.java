package dev.axial.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

class UniqueTest {
    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void uniqueMatchesReferenceForEveryDtypeAndLayout(Device dev) {
        Random rnd = new Random(30);
        try (Scope s = Scope.open()) {
            for (DType dt : DType.values()) {
                for (int trial = 0; trial < 4; trial++) {
                    long[] shape = {1 + rnd.nextInt(6), 1 + rnd.nextInt(7)};
                    double[] v = SortTest.values(rnd, dt, (int) Shapes.numel(shape));
                    for (int i = 0; i < v.length; i++) if (Double.isNaN(v[i]) || v[i] == 0) v[i] = 3;   // NaN, -0.0: own tests
                    Tensor x = trial % 2 == 0 ? Conformance.tensor(dev, dt, v, shape) : Conformance.nonContiguous(dev, dt, v, shape);
                    double[] xv = x.toDoubleArray();
                    TreeMap<Double, Long> ref = new TreeMap<>();
                    for (double a : xv) ref.merge(a, 1L, Long::sum);
                    UniqueResult u = x.unique(true, true, true);
                    String what = dt + Arrays.toString(shape) + (trial % 2 == 0 ? "" : " strided");
                    assertEquals(dt, u.values().dtype(), what);
                    assertArrayEquals(ref.keySet().stream().mapToDouble(Double::doubleValue).toArray(), u.values().toDoubleArray(), what);
                    assertArrayEquals(ref.values().stream().mapToLong(Long::longValue).toArray(), u.counts().toLongArray(), what + " counts");
                    assertArrayEquals(shape, u.inverse().shape(), what);
                    double[] uv = u.values().toDoubleArray();
                    long[] inv = u.inverse().toLongArray();
                    for (int i = 0; i < xv.length; i++) assertEquals(xv[i], uv[(int) inv[i]], what + " inverse " + i);
                    assertArrayEquals(uv, x.unique().toDoubleArray(), what);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void onlyRequestedPartsAreReturned(Device dev) {
        try (Scope s = Scope.open()) {
            UniqueResult u = Tensor.of(new long[]{3, 1, 3}).to(dev).unique(true, false, false);
            assertNull(u.inverse());
            assertNull(u.counts());
            assertArrayEquals(new long[]{1, 3}, u.values().toLongArray());
            UniqueResult c = Tensor.of(new long[]{3, 1, 3}).to(dev).unique(false, false, true);
            assertNull(c.inverse());
            assertArrayEquals(new long[]{1, 2}, c.counts().toLongArray());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void nanIsNeverMergedAndSignedZerosAre(Device dev) {
        try (Scope s = Scope.open()) {
            UniqueResult u = Tensor.of(new float[]{Float.NaN, 1, -0.0f, Float.NaN, 0.0f, 1}).to(dev).unique(true, true, true);
            float[] v = u.values().toFloatArray();
            assertEquals(4, v.length);
            assertTrue(v[0] == 0, "zero first");
            assertEquals(1, v[1]);
            assertTrue(Float.isNaN(v[2]) && Float.isNaN(v[3]));
            assertArrayEquals(new long[]{2, 2, 1, 1}, u.counts().toLongArray());
            assertArrayEquals(new long[]{2, 1, 0, 3, 0, 1}, u.inverse().toLongArray());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void uniqueConsecutiveCollapsesRuns(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new long[]{1, 1, 2, 2, 3, 1, 1, 2}, 2, 4).to(dev);
            UniqueResult u = x.uniqueConsecutive(true, true);
            assertArrayEquals(new long[]{1, 2, 3, 1, 2}, u.values().toLongArray());
            assertArrayEquals(new long[]{2, 2, 1, 2, 1}, u.counts().toLongArray());
            assertArrayEquals(new long[]{2, 4}, u.inverse().shape());
            assertArrayEquals(new long[]{0, 0, 1, 1, 2, 3, 3, 4}, u.inverse().toLongArray());
            // transposed: runs follow the logical (row-major) order of the view
            UniqueResult t = x.t().uniqueConsecutive(false, true);
            assertArrayEquals(new long[]{1, 3, 1, 2, 1, 2}, t.values().toLongArray());
            assertArrayEquals(new long[]{1, 1, 2, 1, 1, 2}, t.counts().toLongArray());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void emptyInputs(Device dev) {
        try (Scope s = Scope.open()) {
            UniqueResult u = Tensor.zeros(DType.FLOAT32, dev, 0, 3).unique(true, true, true);
            assertArrayEquals(new long[]{0}, u.values().shape());
            assertArrayEquals(new long[]{0, 3}, u.inverse().shape());
            assertArrayEquals(new long[]{0}, u.counts().shape());
            assertEquals(0, Tensor.zeros(DType.FLOAT32, dev, 0).uniqueConsecutive(true, true).values().numel());
            UniqueResult z = Tensor.scalar(DType.FLOAT32, dev, 2).unique(true, true, true);
            assertArrayEquals(new float[]{2}, z.values().toFloatArray());
            assertEquals(0, z.inverse().dim());
        }
    }
}
