package dev.axial.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.*;

class ViewsTest {
    private static double[] iota(int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    /** Reference: element of a row-major array at a multi-index. */
    private static double at(double[] v, long[] shape, long... idx) {
        long off = 0;
        for (int i = 0; i < shape.length; i++) off = off * shape[i] + idx[i];
        return v[(int) off];
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void transposeThenContiguousMatchesReference(Device dev) {
        try (Scope s = Scope.open()) {
            double[] v = iota(24);
            Tensor x = Conformance.tensor(dev, DType.FLOAT32, v, 2, 3, 4);
            Tensor p = x.permute(2, 0, 1);
            assertArrayEquals(new long[]{4, 2, 3}, p.shape());
            assertFalse(p.isContiguous());
            double[] got = p.contiguous().toDoubleArray();
            int k = 0;
            for (int i = 0; i < 4; i++) for (int j = 0; j < 2; j++) for (int l = 0; l < 3; l++)
                assertEquals(at(v, new long[]{2, 3, 4}, j, l, i), got[k++]);
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void sliceWithStepAndNegativeBounds(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor x = Conformance.tensor(dev, DType.INT64, iota(10), 10);
            assertArrayEquals(new long[]{1, 3, 5, 7}, x.slice(0, 1, -1, 2).toLongArray());
            assertArrayEquals(new long[]{7, 8, 9}, x.slice(0, -3, Long.MAX_VALUE).toLongArray());
            assertArrayEquals(new long[]{}, x.slice(0, 5, 2).toLongArray());
            assertEquals(4, x.select(0, -6).itemLong());
            assertArrayEquals(new long[]{2, 3, 4}, x.narrow(0, 2, 3).toLongArray());
        }
    }

    @Test
    void viewReshapeSqueezeUnsqueezeExpand() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(iota(12), 3, 4);
            assertArrayEquals(new long[]{2, 6}, x.view(2, -1).shape());
            Tensor t = x.t();
            assertThrows(TensorException.class, () -> t.view(12));
            assertArrayEquals(new double[]{0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, t.reshape(12).toDoubleArray());
            Tensor u = x.unsqueeze(1);
            assertArrayEquals(new long[]{3, 1, 4}, u.shape());
            assertArrayEquals(new long[]{3, 4}, u.squeeze().shape());
            assertArrayEquals(new long[]{3, 4}, u.squeeze(1).shape());
            Tensor e = Tensor.of(new double[]{1, 2, 3}, 3, 1).expand(2, 3, 4);
            assertArrayEquals(new long[]{2, 3, 4}, e.shape());
            assertEquals(0, e.stride(0));
            assertEquals(3.0, e.getDouble(1, 2, 3));
            assertThrows(TensorException.class, () -> x.expand(3, 5));
            assertArrayEquals(new long[]{3, 4}, x.flatten(0, 0).shape());
            assertArrayEquals(new long[]{12}, x.flatten().shape());
            assertArrayEquals(new long[]{4, 3}, x.movedim(0, 1).shape());
        }
    }

    @Test
    void unfoldMakesWindows() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(iota(7));
            Tensor w = x.unfold(0, 3, 2);
            assertArrayEquals(new long[]{3, 3}, w.shape());
            assertArrayEquals(new double[]{0, 1, 2, 2, 3, 4, 4, 5, 6}, w.contiguous().toDoubleArray());
        }
    }

    @Test
    void castsFollowTorchConversions() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new double[]{-1.7, 0.5, 2.9, 300});
            assertArrayEquals(new long[]{-1, 0, 2, 300}, x.to(DType.INT32).toLongArray());
            assertArrayEquals(new long[]{255, 0, 2, 44}, x.to(DType.INT32).to(DType.UINT8).toLongArray());
            assertArrayEquals(new boolean[]{true, true, true, true}, x.to(DType.BOOL).toBooleanArray());
            assertEquals(2.900390625, x.to(DType.FLOAT16).toDoubleArray()[2], 0);
            assertEquals(2.90625, x.to(DType.BFLOAT16).toDoubleArray()[2], 0);
            assertEquals(0, DType.promote(DType.UINT8, DType.INT8).compareTo(DType.INT16));
            assertEquals(DType.FLOAT32, DType.promote(DType.INT64, DType.FLOAT32));
            assertEquals(DType.FLOAT32, DType.promote(DType.FLOAT16, DType.BFLOAT16));
        }
    }

    @Test
    void creation() {
        try (Scope s = Scope.open()) {
            assertArrayEquals(new double[]{0, 0.25, 0.5, 0.75, 1}, Tensor.linspace(0, 1, 5).toDoubleArray(), 0);
            assertArrayEquals(new long[]{2, 5, 8}, Tensor.arange(DType.INT64, Device.CPU, 2, 10, 3).toLongArray());
            assertArrayEquals(new double[]{1, 0, 0, 0, 1, 0}, Tensor.eye(DType.FLOAT64, Device.CPU, 2, 3).toDoubleArray(), 0);
            assertArrayEquals(new double[]{7, 7}, Tensor.full(7.0, 2).toDoubleArray(), 0);
            assertEquals(DType.INT64, Tensor.full(7, 2).dtype());
            assertThrows(TensorException.class, () -> Tensor.arange(DType.INT64, Device.CPU, 0, 5, -1));
            assertThrows(TensorException.class, () -> Tensor.of(new float[5], 2, 3));
        }
    }

    @Test
    void scopeFreesAndUseAfterFreeThrows() {
        Tensor leaked;
        try (Scope s = Scope.open()) {
            leaked = Tensor.zeros(4);
            Tensor kept = s.keep(Tensor.ones(3));
            assertEquals(1, s.ownedCount());
            kept.close();
        }
        UseAfterFreeException e = assertThrows(UseAfterFreeException.class, leaked::toFloatArray);
        assertTrue(e.getMessage().contains("float32[4]"), e.getMessage());
    }

    @Test
    void keepMovesToEnclosingScope() {
        Tensor outer;
        try (Scope a = Scope.open()) {
            try (Scope b = Scope.open()) {
                outer = b.keep(Tensor.ones(2));
            }
            assertEquals(1.0, outer.toDoubleArray()[1]);
            assertEquals(1, a.ownedCount());
        }
        assertThrows(UseAfterFreeException.class, outer::toFloatArray);
    }
}
