package dev.axial.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.axial.tensor.Conformance.nonContiguous;
import static dev.axial.tensor.Conformance.tensor;
import static dev.axial.tensor.ElementwiseTestKit.*;
import static org.junit.jupiter.api.Assertions.*;

/** torch.where and Tensor.where: broadcasting of all three operands, promotion, every dtype, bad conditions. */
class ElementwiseWhereTest {
    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void whereBroadcastsAllThreeEveryDtype(Device dev) {
        for (DType t : ALL) {
            try (Scope s = Scope.open()) {
                double[] vc = values(DType.BOOL, 1, 3, 0, 1), va = values(t, 2, 4, -5, 5), vb = values(t, 3, 15, -5, 5);
                Tensor cond = tensor(dev, DType.BOOL, vc, 3, 1), a = tensor(dev, t, va, 1, 4);
                Tensor b = nonContiguous(dev, t, vb, 5, 3, 1);
                Tensor out = Tensor.where(cond, a, b);
                long[] so = {5, 3, 4};
                assertShape(so, out);
                assertDType(t, out, "where " + t);
                double[] c = expand(vc, new long[]{3, 1}, so), x = expand(va, new long[]{1, 4}, so), y = expand(vb, new long[]{5, 3, 1}, so);
                double[] ref = new double[c.length];
                for (int i = 0; i < ref.length; i++) ref[i] = c[i] != 0 ? x[i] : y[i];
                check(ref, out, "where " + t);
            }
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void wherePromotesAndHasAnInstanceForm(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor cond = Tensor.of(new boolean[]{true, false, true}).to(dev);
            Tensor i = tensor(dev, DType.INT32, new double[]{1, 2, 3}, 3);
            Tensor f = tensor(dev, DType.FLOAT64, new double[]{0.5, 0.5, 0.5}, 3);
            Tensor mixed = Tensor.where(cond, i, f);
            assertDType(DType.FLOAT64, mixed, "int32 / float64");
            assertArrayEquals(new double[]{1, 0.5, 3}, mixed.toDoubleArray());
            assertArrayEquals(new double[]{1, -1, 3}, i.where(cond, -1).toDoubleArray());
            assertDType(DType.INT32, i.where(cond, -1), "int where int scalar");
            Tensor h = i.where(cond, 0.25);
            assertDType(DType.FLOAT32, h, "int where float scalar");
            assertArrayEquals(new double[]{1, 0.25, 3}, h.toDoubleArray());
            assertArrayEquals(new double[]{1, 0.5, 3}, i.where(cond, f).toDoubleArray());
            // the common masking idiom: x.where(x > 0, 0)
            Tensor x = tensor(dev, DType.FLOAT32, new double[]{-1, 2, Double.NaN}, 3);
            Conformance.assertClose(new double[]{0, 2, 0}, x.where(x.gt(0), 0.0).toDoubleArray(), 0, 0, "mask");
            assertEquals(0, Tensor.where(Tensor.zeros(DType.BOOL, dev, 0), Tensor.zeros(DType.FLOAT32, dev, 0), Tensor.zeros(DType.FLOAT32, dev, 1)).numel());
        }
    }

    /**
     * Rows long enough for the vector path (whole mask vectors plus a tail), read from offset views, with a and b each
     * a row, a per-row scalar (a (rows, 1) broadcast) or one scalar: every layout the CPU's fast path takes.
     */
    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void whereOnLongRowsOfEveryOperandLayout(Device dev) {
        int rows = 3, n = 67;
        for (DType t : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            try (Scope s = Scope.open()) {
                Generator g = new Generator(5);
                Tensor cond = Tensor.uniform(g, DType.FLOAT32, dev, 0, 1, rows, n + 5).narrow(1, 3, n).gt(0.4);
                Tensor rowA = Tensor.normal(g, t, dev, 0, 1, rows, n + 9).narrow(1, 7, n);      // offset rows, stride n + 9
                Tensor rowB = Tensor.normal(g, t, dev, 0, 1, rows, n);
                Tensor perRow = Tensor.normal(g, t, dev, 0, 1, rows, 1);
                Tensor one = Tensor.full(t, dev, -2.5, 1);
                double[] c = cond.to(DType.FLOAT64).toDoubleArray();
                Tensor[][] layouts = {{rowA, rowB}, {rowA, one}, {one, rowB}, {perRow, rowB}, {rowA, perRow}, {perRow, one}};
                for (Tensor[] ab : layouts) {
                    Tensor out = Tensor.where(cond, ab[0], ab[1]);
                    double[] x = ab[0].expand(rows, n).contiguous().toDoubleArray(), y = ab[1].expand(rows, n).contiguous().toDoubleArray();
                    double[] ref = new double[rows * n];
                    for (int i = 0; i < ref.length; i++) ref[i] = c[i] != 0 ? x[i] : y[i];
                    String what = "where " + t + " a " + Shapes.str(ab[0].shape()) + " b " + Shapes.str(ab[1].shape());
                    assertDType(t, out, what);
                    Conformance.assertClose(ref, out.toDoubleArray(), 0, 0, what);
                }
            }
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void whereRejectsBadInput(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor f = tensor(dev, DType.FLOAT32, new double[]{1, 0}, 2);
            TensorException e = assertThrows(TensorException.class, () -> Tensor.where(f, f, f));
            assertTrue(e.getMessage().contains("boolean") && e.getMessage().contains("Float"), e.getMessage());
            Tensor cond = Tensor.of(new boolean[]{true, false, true}).to(dev);
            TensorException shape = assertThrows(TensorException.class, () -> Tensor.where(cond, f, f));
            assertTrue(shape.getMessage().contains("[3]") && shape.getMessage().contains("[2]"), shape.getMessage());
        }
    }
}
