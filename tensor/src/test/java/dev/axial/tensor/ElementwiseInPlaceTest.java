package dev.axial.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.axial.tensor.Conformance.nonContiguous;
import static dev.axial.tensor.Conformance.tensor;
import static dev.axial.tensor.ElementwiseTestKit.*;
import static org.junit.jupiter.api.Assertions.*;

/** In-place ops: results land in self (any layout), keep self's dtype, and bad promotions or shapes leave self as it was. */
class ElementwiseInPlaceTest {
    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void inPlaceArithmeticBroadcastsIntoSelf(Device dev) {
        for (DType t : new DType[]{DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.BFLOAT16, DType.INT32, DType.INT64, DType.UINT8}) {
            try (Scope s = Scope.open()) {
                double[] va = values(t, 1, 20, 0, 9), vb = values(t, 2, 5, 1, 4);
                Tensor a = tensor(dev, t, va, 4, 5), b = tensor(dev, t, vb, 5);
                Tensor r = a.add_(b);
                assertSame(a, r);
                double[] ref = new double[20];
                for (int i = 0; i < 20; i++) ref[i] = va[i] + vb[i % 5];
                check(ref, a, "add_ " + t);
                a.mul_(2).sub_(b, 1);
                for (int i = 0; i < 20; i++) ref[i] = ref[i] * 2 - vb[i % 5];
                check(ref, a, "mul_/sub_ " + t);
                assertDType(t, a, "in-place keeps dtype");
            }
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void inPlaceOnStridedSelfAndAliasedOperands(Device dev) {
        try (Scope s = Scope.open()) {
            double[] v = values(DType.FLOAT32, 5, 36, -3, 3);
            Tensor base = tensor(dev, DType.FLOAT32, v, 6, 6);
            Tensor view = base.transpose(0, 1);
            view.add_(1);
            double[] got = base.toDoubleArray();
            for (int i = 0; i < 36; i++) assertEquals(v[i] + 1, got[i], 1e-6);
            // x += x.T reads the elements it overwrites: must behave as if the operand were copied first
            Tensor x = tensor(dev, DType.FLOAT32, v, 6, 6);
            x.add_(x.t());
            double[] xs = x.toDoubleArray();
            for (int i = 0; i < 6; i++)
                for (int j = 0; j < 6; j++) assertEquals(v[i * 6 + j] + v[j * 6 + i], xs[i * 6 + j], 1e-5);
            Tensor y = tensor(dev, DType.FLOAT64, v, 36);
            y.mul_(y);
            double[] ys = y.toDoubleArray();
            for (int i = 0; i < 36; i++) assertEquals(v[i] * v[i], ys[i], 1e-12);
            // every second element, in place
            Tensor z = tensor(dev, DType.FLOAT32, v, 36);
            z.slice(0, 0, 36, 2).neg_();
            double[] zs = z.toDoubleArray();
            for (int i = 0; i < 36; i++) assertEquals(i % 2 == 0 ? -v[i] : v[i], zs[i], 0);
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void inPlaceTypeAndShapeRules(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor l = tensor(dev, DType.INT64, new double[]{1, 2, 3}, 3);
            Tensor f = tensor(dev, DType.FLOAT32, new double[]{0.5, 0.5, 0.5}, 3);
            TensorException e = assertThrows(TensorException.class, () -> l.add_(f));
            assertTrue(e.getMessage().contains("result type Float can't be cast to the desired output type Long"), e.getMessage());
            assertThrows(TensorException.class, () -> l.add_(2.5));
            assertThrows(TensorException.class, () -> l.div_(2));
            assertThrows(TensorException.class, l::exp_);
            assertThrows(TensorException.class, l::sigmoid_);
            assertArrayEquals(new double[]{1, 2, 3}, l.toDoubleArray(), "self unchanged after errors");
            // a wider floating operand is cast back to self's dtype
            Tensor g = tensor(dev, DType.FLOAT32, new double[]{1, 2, 3}, 3);
            g.add_(tensor(dev, DType.FLOAT64, new double[]{0.25, 0.25, 0.25}, 3));
            assertDType(DType.FLOAT32, g, "float32 += float64");
            assertArrayEquals(new double[]{1.25, 2.25, 3.25}, g.toDoubleArray());
            Tensor bools = Tensor.of(new boolean[]{true, false, true}).to(dev);
            assertThrows(TensorException.class, () -> bools.add_(l));
            // broadcast shape must be self's shape
            Tensor row = tensor(dev, DType.FLOAT32, new double[]{1, 2, 3}, 1, 3);
            Tensor col = tensor(dev, DType.FLOAT32, new double[]{1, 2}, 2, 1);
            TensorException shape = assertThrows(TensorException.class, () -> row.add_(col));
            assertTrue(shape.getMessage().contains("[1, 3]") && shape.getMessage().contains("[2, 3]"), shape.getMessage());
            Tensor expanded = tensor(dev, DType.FLOAT32, new double[]{1, 2, 3}, 3).expand(2, 3);
            assertThrows(TensorException.class, () -> expanded.mul_(2));
            // integer division by zero throws and leaves self as it was
            Tensor i = tensor(dev, DType.INT32, new double[]{5, 6, 7}, 3);
            Tensor d = tensor(dev, DType.INT32, new double[]{2, 0, 1}, 3);
            assertThrows(TensorException.class, () -> i.floorDivide_(d));
            assertArrayEquals(new double[]{5, 6, 7}, i.toDoubleArray());
            i.remainder_(4).pow_(2);
            assertArrayEquals(new double[]{1, 4, 9}, i.toDoubleArray());
            assertThrows(TensorException.class, () -> i.add_(i, 0.5));
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void inPlaceUnaryAndClamp(Device dev) {
        try (Scope s = Scope.open()) {
            double[] v = {-2, -0.5, 0, 0.5, 2, Double.NaN};
            for (DType t : FLOATS) {
                Tensor x = tensor(dev, t, v, 6);
                assertSame(x, x.clamp_(-1, 1));
                Conformance.assertClose(new double[]{-1, -0.5, 0, 0.5, 1, Double.NaN}, x.toDoubleArray(), 0, 0, "clamp_ " + t);
                x.relu_();
                Conformance.assertClose(new double[]{0, 0, 0, 0.5, 1, Double.NaN}, x.toDoubleArray(), 0, 0, "relu_ " + t);
                x.exp_().log_();
                Conformance.assertClose(new double[]{0, 0, 0, 0.5, 1, Double.NaN}, x.toDoubleArray(), Conformance.tol(t) * 2, 1e-6, "exp_ log_ " + t);
                x.sigmoid_();
                Conformance.assertClose(new double[]{0.5, 0.5, 0.5, 0.6224593312018546, 0.7310585786300049, Double.NaN}, x.toDoubleArray(),
                        Conformance.tol(t), Conformance.tol(t), "sigmoid_ " + t);
            }
            Tensor i = tensor(dev, DType.INT16, new double[]{-5, 3, 9}, 3);
            i.clamp_(0, 4).neg_().abs_();
            assertArrayEquals(new double[]{0, 3, 4}, i.toDoubleArray());
            assertThrows(TensorException.class, () -> i.clamp_(0.5, null));
            assertThrows(TensorException.class, () -> i.pow_(-2));
            Tensor f = tensor(dev, DType.FLOAT32, new double[]{-2, 3}, 2);
            f.leakyRelu_(0.1).pow_(2);
            Conformance.assertClose(new double[]{0.04, 9}, f.toDoubleArray(), 1e-6, 1e-6, "leakyRelu_ pow_");
        }
    }
}
