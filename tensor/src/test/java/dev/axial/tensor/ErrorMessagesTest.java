package dev.axial.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/** Bad input across the op families: the message starts with the op and names shapes, dtypes and the device. */
class ErrorMessagesTest {
    private static String message(Supplier<?> op) {
        return assertThrows(TensorException.class, op::get).getMessage();
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void messagesNameTheOpShapesDtypesAndDevice(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.zeros(DType.FLOAT32, dev, 2, 3);
            Tensor b = Tensor.zeros(DType.INT64, dev, 4);
            String d = " on " + dev;

            String m = message(() -> a.add(b));
            assertTrue(m.startsWith("add: shapes cannot be broadcast together (dim -1: 3 vs 4)"), m);
            assertTrue(m.contains("float32[2, 3]" + d) && m.contains("int64[4]" + d), m);

            m = message(() -> Tensor.where(Tensor.zeros(DType.BOOL, dev, 5), a, a));
            assertTrue(m.startsWith("where: shapes cannot be broadcast together") && m.contains("bool[5]" + d), m);

            m = message(() -> a.maskedFill(Tensor.zeros(DType.BOOL, dev, 2, 2), 1));
            assertTrue(m.startsWith("masked_fill") && m.contains("bool[2, 2]" + d), m);

            m = message(() -> a.matmul(a));
            assertTrue(m.startsWith("matmul: mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)"), m);

            m = message(() -> a.sum(2));
            assertTrue(m.startsWith("sum: dim 2 out of range for a tensor of rank 2"), m);

            m = message(() -> a.view(4, 2));
            assertTrue(m.startsWith("view: shape [4, 2] is invalid for input of size 6") && m.contains("float32[2, 3]" + d), m);

            m = message(() -> Tensor.cat(0, a, b));
            assertTrue(m.startsWith("cat"), m);

            m = message(() -> b.mean());
            assertTrue(m.startsWith("mean:") && m.contains("int64"), m);

            Tensor broadcast = Tensor.zeros(DType.FLOAT32, dev, 3, 1).expand(3, 4);
            for (Supplier<?> write : java.util.List.<Supplier<?>>of(() -> broadcast.fill_(1), () -> broadcast.copy_(a.narrow(0, 0, 1).narrow(1, 0, 1)),
                    () -> broadcast.add_(1), () -> broadcast.maskedFill_(Tensor.ones(DType.BOOL, dev, 3, 4), 2))) {
                m = message(write);
                assertTrue(m.contains("more than one element of the written-to tensor refers to a single memory location")
                        && m.contains("float32[3, 4]" + d), m);
            }
            assertEquals(0.0, broadcast.sum().item(), "nothing was written");

            m = message(() -> a.gather(1, Tensor.full(DType.INT64, dev, 3, 2, 1)));
            assertTrue(m.startsWith("gather: index 3 is out of bounds for dim 1 with size 3"), m);
        }
    }
}
