package dev.axial.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.*;

/** all/any keep uint8 for uint8 input (PyTorch's legacy mask type); every other dtype gives bool. */
class LogicalReductionTypeTest {
    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void uint8StaysUint8(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor u = Conformance.nonContiguous(dev, DType.UINT8, new double[]{1, 0, 7, 200, 3, 0}, 2, 3);
            Tensor all = u.all(new int[]{1}, true), any = u.any(0);
            assertEquals(DType.UINT8, all.dtype());
            assertEquals(DType.UINT8, any.dtype());
            assertEquals(DType.UINT8, u.all().dtype());
            assertArrayEquals(new long[]{2, 1}, all.shape());
            assertArrayEquals(new long[]{0, 0}, all.toLongArray());   // rows [1, 0, 7] and [200, 3, 0]
            assertArrayEquals(new double[]{1, 1, 1}, any.toDoubleArray());
            assertEquals(1, Conformance.tensor(dev, DType.UINT8, new double[]{255, 1}, 2).all().itemLong());
            assertEquals(0, Tensor.zeros(DType.UINT8, dev, 3).any().itemLong());
            assertEquals(1, Tensor.zeros(DType.UINT8, dev, 0).all().itemLong());
            for (DType t : DType.values())
                if (t != DType.UINT8) assertEquals(DType.BOOL, Tensor.zeros(t, dev, 2).any().dtype(), t.toString());
        }
    }
}
