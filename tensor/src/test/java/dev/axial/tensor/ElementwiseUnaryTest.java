package dev.axial.tensor;

import dev.axial.tensor.cpu.ScalarMath;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.LongUnaryOperator;

import static dev.axial.tensor.Conformance.nonContiguous;
import static dev.axial.tensor.Conformance.tensor;
import static dev.axial.tensor.ElementwiseTestKit.*;
import static org.junit.jupiter.api.Assertions.*;

/** Unary math and activations against double references, every dtype, contiguous (vector) and strided paths. */
class ElementwiseUnaryTest {
    /** iref null: integer input gives a float32 result computed by ref. */
    record Case(String name, Function<Tensor, Tensor> f, DoubleUnaryOperator ref, LongUnaryOperator iref, double lo, double hi) {}

    private static final double INF = Double.POSITIVE_INFINITY, NAN = Double.NaN;

    static double sigmoid(double x) { return 1 / (1 + Math.exp(-x)); }

    static double softplus(double x, double beta, double th) { return x * beta > th ? x : Math.log(1 + Math.exp(beta * x)) / beta; }

    static final List<Case> CASES = List.of(
            new Case("neg", Tensor::neg, x -> -x, x -> -x, -5, 5),
            new Case("abs", Tensor::abs, Math::abs, Math::abs, -5, 5),
            new Case("sign", Tensor::sign, Math::signum, Long::signum, -5, 5),
            new Case("square", Tensor::square, x -> x * x, x -> x * x, -5, 5),
            new Case("reciprocal", Tensor::reciprocal, x -> 1 / x, null, 0.2, 5),
            new Case("exp", Tensor::exp, Math::exp, null, -9, 9),
            new Case("exp2", Tensor::exp2, x -> Math.pow(2, x), null, -9, 9),
            new Case("expm1", Tensor::expm1, Math::expm1, null, -5, 5),
            new Case("log", Tensor::log, Math::log, null, 0.01, 50),
            new Case("log2", Tensor::log2, x -> Math.log(x) / Math.log(2), null, 0.01, 50),
            new Case("log10", Tensor::log10, Math::log10, null, 0.01, 50),
            new Case("log1p", Tensor::log1p, Math::log1p, null, -0.9, 5),
            new Case("sqrt", Tensor::sqrt, Math::sqrt, null, 0, 30),
            new Case("rsqrt", Tensor::rsqrt, x -> 1 / Math.sqrt(x), null, 0.1, 30),
            new Case("floor", Tensor::floor, Math::floor, x -> x, -5, 5),
            new Case("ceil", Tensor::ceil, Math::ceil, x -> x, -5, 5),
            new Case("round", Tensor::round, Math::rint, x -> x, -5, 5),
            new Case("trunc", Tensor::trunc, x -> (long) x, x -> x, -5, 5),
            new Case("sin", Tensor::sin, Math::sin, null, -4, 4),
            new Case("cos", Tensor::cos, Math::cos, null, -4, 4),
            new Case("tan", Tensor::tan, Math::tan, null, -1.2, 1.2),
            new Case("asin", Tensor::asin, Math::asin, null, -1, 1),
            new Case("acos", Tensor::acos, Math::acos, null, -1, 1),
            new Case("atan", Tensor::atan, Math::atan, null, -5, 5),
            new Case("sinh", Tensor::sinh, Math::sinh, null, -4, 4),
            new Case("cosh", Tensor::cosh, Math::cosh, null, -4, 4),
            new Case("tanh", Tensor::tanh, Math::tanh, null, -5, 5),
            new Case("erf", Tensor::erf, ScalarMath::erf, null, -4, 4),
            new Case("erfc", Tensor::erfc, x -> 1 - ScalarMath.erf(x), null, -2, 2),
            new Case("sigmoid", Tensor::sigmoid, ElementwiseUnaryTest::sigmoid, null, -12, 12),
            new Case("logsigmoid", Tensor::logsigmoid, x -> Math.log(sigmoid(x)), null, -12, 12),
            new Case("relu", Tensor::relu, x -> Math.max(x, 0), x -> Math.max(x, 0), -5, 5),
            new Case("relu6", Tensor::relu6, x -> Math.min(Math.max(x, 0), 6), x -> Math.min(Math.max(x, 0), 6), -3, 9),
            new Case("silu", Tensor::silu, x -> x * sigmoid(x), null, -8, 8),
            new Case("mish", Tensor::mish, x -> x * Math.tanh(Math.log(1 + Math.exp(x))), null, -8, 8),
            new Case("leakyRelu", Tensor::leakyRelu, x -> x > 0 ? x : 0.01 * x, null, -5, 5),
            new Case("leakyRelu(0.2)", t -> t.leakyRelu(0.2), x -> x > 0 ? x : 0.2 * x, null, -5, 5),
            new Case("elu", Tensor::elu, x -> x > 0 ? x : Math.exp(x) - 1, null, -5, 5),
            new Case("elu(0.5)", t -> t.elu(0.5), x -> x > 0 ? x : 0.5 * (Math.exp(x) - 1), null, -5, 5),
            new Case("gelu", Tensor::gelu, x -> 0.5 * x * (1 + ScalarMath.erf(x / Math.sqrt(2))), null, -6, 6),
            new Case("gelu(tanh)", t -> t.gelu("tanh"),
                    x -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))), null, -6, 6),
            new Case("softplus", Tensor::softplus, x -> softplus(x, 1, 20), null, -10, 25),
            new Case("softplus(2, 5)", t -> t.softplus(2, 5), x -> softplus(x, 2, 5), null, -5, 5),
            new Case("clamp(-1, 2)", t -> t.clamp(-1, 2), x -> Math.min(Math.max(x, -1), 2), x -> Math.min(Math.max(x, -1), 2), -5, 5),
            new Case("clampMin(0.5)", t -> t.clampMin(0.5), x -> Math.max(x, 0.5), null, -5, 5),
            new Case("clampMax(1)", t -> t.clampMax(1), x -> Math.min(x, 1), x -> Math.min(x, 1), -5, 5),
            new Case("pow(2)", t -> t.pow(2), x -> x * x, x -> x * x, -5, 5),
            new Case("pow(0.5)", t -> t.pow(0.5), Math::sqrt, null, 0, 9));

    /** For cases whose scalar parameter is floating (clampMin(0.5), pow(0.5)) an integer input gives float32 too. */
    private static DType outType(Case c, DType in) {
        return c.iref == null ? in.toFloating() : in;
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void everyOpEveryDtypeContiguousAndStrided(Device dev) {
        for (Case c : CASES) {
            for (DType t : ALL) {
                if (t == DType.BOOL) continue;
                if (t == DType.UINT8 && (c.name.equals("neg") || c.lo >= 0)) continue;
                for (int layout = 0; layout < 3; layout++) {
                    try (Scope s = Scope.open()) {
                        long[] shape = layout == 2 ? new long[]{3, 4001} : new long[]{5, 13};
                        if (layout == 2 && t != DType.FLOAT32 && t != DType.FLOAT64) continue;
                        int n = (int) Shapes.numel(shape);
                        double lo = t.isFloatingPoint() ? c.lo : Math.ceil(c.lo), hi = t.isFloatingPoint() ? c.hi : Math.floor(c.hi);
                        double[] v = values(t, 7 * layout + t.ordinal() + c.name.length(), n, lo, hi);
                        Tensor x = tensor(dev, t, v, layout == 1, shape);
                        DType ot = outType(c, t);
                        String what = c.name + " " + t + (layout == 1 ? " strided" : layout == 2 ? " large" : "");
                        Tensor y = c.f.apply(x);
                        assertDType(ot, y, what);
                        assertShape(shape, y);
                        double[] ref = new double[n];
                        for (int i = 0; i < n; i++)
                            ref[i] = t.isFloatingPoint() || c.iref == null ? c.ref.applyAsDouble(v[i]) : wrap(t, c.iref.applyAsLong((long) v[i]));
                        check(ref, y, what);
                    }
                }
            }
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void specialValuesOnVectorAndScalarPaths(Device dev) {
        double[] xs = {NAN, INF, -INF, 0, -0.0, 1000, -1000, 1e-30};
        for (DType t : FLOATS) {
            for (boolean strided : new boolean[]{false, true}) {
                try (Scope s = Scope.open()) {
                    Tensor x = tensor(dev, t, xs, strided, xs.length);
                    String w = t + (strided ? " strided" : "");
                    double big = 1000;
                    assertSpecial(new double[]{NAN, INF, 0, 1, 1, INF, 0, 1}, x.exp(), "exp " + w);
                    assertSpecial(new double[]{NAN, INF, NAN, -INF, -INF, Math.log(big), NAN, t == DType.FLOAT16 ? -INF : Math.log(1e-30)}, x.log(), "log " + w);
                    assertSpecial(new double[]{NAN, 1, -1, 0, -0.0, 1, -1, 0}, x.tanh(), "tanh " + w);
                    assertSpecial(new double[]{NAN, 1, 0, 0.5, 0.5, 1, 0, 0.5}, x.sigmoid(), "sigmoid " + w);
                    assertSpecial(new double[]{NAN, 1, -1, 0, -0.0, 1, -1, 0}, x.erf(), "erf " + w);
                    assertSpecial(new double[]{NAN, INF, 0, 0, 0, big, 0, 0}, x.relu(), "relu " + w);
                    assertSpecial(new double[]{NAN, INF, -1, 0, 0, big, -1, 0}, x.elu(), "elu " + w);
                    assertSpecial(new double[]{NAN, INF, 0, 0, 0, big, 0, 0}, x.gelu(), "gelu " + w);
                    assertSpecial(new double[]{NAN, INF, 0, Math.log(2), Math.log(2), big, 0, Math.log(2)}, x.softplus(), "softplus " + w);
                    assertSpecial(new double[]{NAN, 0, -INF, -Math.log(2), -Math.log(2), 0, -big, -Math.log(2)}, x.logsigmoid(), "logsigmoid " + w);
                    assertSpecial(new double[]{NAN, 2, -1, 0, 0, 2, -1, 0}, x.clamp(-1, 2), "clamp " + w);
                    assertSpecial(new double[]{NAN, INF, 0, 0, 0, big, 0, 0}, x.clampMin(0), "clampMin " + w);
                    assertSpecial(new double[]{0, 1, -1, 0, 0, 1, -1, t == DType.FLOAT16 ? 0 : 1}, x.sign(), "sign " + w);
                    assertSpecial(new double[]{NAN, INF, INF, 0, 0, big, big, t == DType.FLOAT16 ? 0 : 1e-30}, x.abs(), "abs " + w);
                    // x ** 2 runs as the square on the CPU's vector path: the same values, -0 and NaN included
                    assertSpecial(new double[]{NAN, INF, INF, 0, 0, t == DType.FLOAT16 ? INF : big * big, t == DType.FLOAT16 ? INF : big * big,
                            t == DType.FLOAT64 ? 1e-60 : 0}, x.pow(2), "pow(2) " + w);
                    assertSpecial(new double[]{NAN, INF, -INF, 0, -0.0, big, -big, t == DType.FLOAT16 ? 0 : 1e-30}, x.leakyRelu(1), "leakyRelu(1) " + w);
                    assertArrayEquals(new boolean[]{true, false, false, false, false, false, false, false}, x.isnan().toBooleanArray());
                    assertArrayEquals(new boolean[]{false, true, true, false, false, false, false, false}, x.isinf().toBooleanArray());
                    assertArrayEquals(new boolean[]{false, false, false, true, true, true, true, true}, x.isfinite().toBooleanArray());
                }
            }
        }
    }

    private static void assertSpecial(double[] expected, Tensor actual, String what) {
        double tol = Math.max(Conformance.tol(actual.dtype()), 1e-6);
        Conformance.assertClose(expected, actual.toDoubleArray(), tol, tol, what);
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void nanToNumUsesDtypeLimits(Device dev) {
        double[] xs = {NAN, INF, -INF, 1.5};
        try (Scope s = Scope.open()) {
            assertArrayEquals(new double[]{0, Float.MAX_VALUE, -Float.MAX_VALUE, 1.5}, tensor(dev, DType.FLOAT32, xs, 4).nanToNum().toDoubleArray());
            assertArrayEquals(new double[]{0, Double.MAX_VALUE, -Double.MAX_VALUE, 1.5}, tensor(dev, DType.FLOAT64, xs, 4).nanToNum().toDoubleArray());
            assertArrayEquals(new double[]{0, 65504, -65504, 1.5}, tensor(dev, DType.FLOAT16, xs, 4).nanToNum().toDoubleArray());
            assertArrayEquals(new double[]{0, 3.3895313892515355e38, -3.3895313892515355e38, 1.5},
                    tensor(dev, DType.BFLOAT16, xs, 4).nanToNum().toDoubleArray());
            assertArrayEquals(new double[]{9, 7, -7, 1.5}, tensor(dev, DType.FLOAT32, xs, 4).nanToNum(9.0, 7.0, -7.0).toDoubleArray());
            assertArrayEquals(new double[]{0, 7, -Float.MAX_VALUE, 1.5}, tensor(dev, DType.FLOAT32, xs, 4).nanToNum(null, 7.0, null).toDoubleArray());
            Tensor i = tensor(dev, DType.INT32, new double[]{1, 2}, 2);
            Tensor c = i.nanToNum();
            assertNotSame(i, c);
            assertArrayEquals(new double[]{1, 2}, c.toDoubleArray());
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void clampRules(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor i = tensor(dev, DType.INT64, new double[]{-3, 0, 5}, 3);
            assertDType(DType.INT64, i.clamp(-1, 2), "int clamp int bounds");
            assertArrayEquals(new double[]{-1, 0, 2}, i.clamp(-1, 2).toDoubleArray());
            Tensor f = i.clamp(-0.5, null);
            assertDType(DType.FLOAT32, f, "int clamp float bound");
            assertArrayEquals(new double[]{-0.5, 0, 5}, f.toDoubleArray());
            assertArrayEquals(new double[]{2, 2, 2}, i.clamp(3, 2).toDoubleArray(), "min > max gives max");
            assertThrows(TensorException.class, () -> i.clamp(null, null));
            Tensor h = tensor(dev, DType.FLOAT16, new double[]{-3, NAN, 5}, 3);
            assertArrayEquals(new double[]{-1, NAN, 2}, h.clamp(-1, 2).toDoubleArray());
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void integerAndBoolRules(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor i8 = tensor(dev, DType.INT8, new double[]{-128, 100, 7}, 3);
            assertArrayEquals(new double[]{-128, -100, -7}, i8.neg().toDoubleArray(), "int8 negation wraps");
            assertArrayEquals(new double[]{0, 16, 49}, i8.square().toDoubleArray(), "int8 square wraps");
            assertArrayEquals(new double[]{127, -101, -8}, i8.bitwiseNot().toDoubleArray());
            assertDType(DType.FLOAT32, i8.exp(), "exp of int8");
            assertDType(DType.FLOAT32, i8.sqrt(), "sqrt of int8");
            assertArrayEquals(new double[]{16, 1000, 3}, tensor(dev, DType.INT64, new double[]{4, 10, 3}, 3)
                    .pow(tensor(dev, DType.INT64, new double[]{2, 3, 1}, 3)).mul(1).toDoubleArray());
            Tensor b = Tensor.of(new boolean[]{true, false}).to(dev);
            assertThrows(TensorException.class, b::neg);
            assertArrayEquals(new boolean[]{false, true}, b.bitwiseNot().toBooleanArray());
            assertArrayEquals(new boolean[]{false, true}, b.logicalNot().toBooleanArray());
            assertDType(DType.FLOAT32, b.sigmoid(), "sigmoid of bool");
            assertArrayEquals(new double[]{1, 0}, b.abs().toDoubleArray());
            assertThrows(TensorException.class, () -> tensor(dev, DType.FLOAT32, new double[]{1}, 1).bitwiseNot());
            assertThrows(TensorException.class, i8::frac);
            assertThrows(TensorException.class, () -> i8.gelu("fast"));
            assertArrayEquals(new double[]{0.5, -0.5, 0.25}, tensor(dev, DType.FLOAT64, new double[]{2.5, -1.5, 3.25}, 3).frac().toDoubleArray());
            assertArrayEquals(new double[]{2, -2, 0, 4}, tensor(dev, DType.FLOAT32, new double[]{2.5, -1.5, 0.5, 3.5}, 4).round().toDoubleArray(), "half to even");
            assertArrayEquals(new double[]{1, 0, 0, 1}, tensor(dev, DType.FLOAT32, new double[]{1, 0, -0.0, 2}, 4).logicalNot().logicalNot().toDoubleArray());
            assertArrayEquals(new boolean[]{false, false, true}, tensor(dev, DType.FLOAT32, new double[]{NAN, 1, 0}, 3).logicalNot().toBooleanArray());
            assertEquals(0, tensor(dev, DType.FLOAT32, new double[0], 0).exp().numel());
            assertEquals(0, Tensor.zeros(DType.INT32, dev, 2, 0).isnan().numel());
        }
    }
}
