package dev.axial.autograd;

import dev.axial.autograd.ops.MathOps;
import dev.axial.tensor.DType;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.*;

/** Gradcheck of every elementwise and linear-algebra op, and forward values equal to the tensor core's. */
class MathOpsTest {
    private final Generator gen = new Generator(42);

    /** A random shape of rank 1..3 with sizes 1..4. */
    private long[] shape() {
        int rank = 1 + (int) (Tensor.randint(gen, 0, 3, 1).item());
        long[] s = new long[rank];
        for (int i = 0; i < rank; i++) s[i] = 1 + (long) Tensor.randint(gen, 0, 4, 1).item();
        return s;
    }

    /** Uniform in [lo, hi), float64. */
    private Tensor uniform(double lo, double hi, long... shape) {
        return Tensor.uniform(gen, DType.FLOAT64, dev.axial.tensor.Device.CPU, lo, hi, shape);
    }

    /** Values in [lo, hi) with a random sign: away from 0 for ops with a kink there. */
    private Tensor awayFromZero(double lo, double hi, long... shape) {
        Tensor sign = Tensor.bernoulli(gen, DType.FLOAT64, dev.axial.tensor.Device.CPU, 0.5, shape).mul(2).sub(1);
        return uniform(lo, hi, shape).mul(sign);
    }

    private static void check(String name, Function<Variable[], Variable> f, Tensor... in) { GradCheck.check(name, f, in); }

    /** Checks a unary op on a contiguous input, on a transposed view of a 3-D input, and its forward against the core's. */
    private void unary(String name, UnaryOperator<Variable> op, UnaryOperator<Tensor> core, Tensor x, Tensor x3) {
        check(name, v -> op.apply(v[0]), x);
        check(name + " (transposed view)", v -> op.apply(v[0].transpose(0, 2)), x3);
        Tensor want = core.apply(x);
        Tensor got = op.apply(Variable.param(x)).data();
        assertArrayEquals(want.toDoubleArray(), got.toDoubleArray(), 0, name + " forward");
    }

    @Test void unaryMath() {
        try (Scope s = Scope.open()) {
            record U(UnaryOperator<Variable> op, UnaryOperator<Tensor> core, double lo, double hi, boolean signed) {}
            Map<String, U> ops = new LinkedHashMap<>();
            ops.put("neg", new U(Variable::neg, Tensor::neg, -2, 2, false));
            ops.put("abs", new U(Variable::abs, Tensor::abs, 0.1, 2, true));
            ops.put("reciprocal", new U(Variable::reciprocal, Tensor::reciprocal, 0.5, 2, true));
            ops.put("square", new U(Variable::square, Tensor::square, -2, 2, false));
            ops.put("exp", new U(Variable::exp, Tensor::exp, -2, 2, false));
            ops.put("exp2", new U(Variable::exp2, Tensor::exp2, -2, 2, false));
            ops.put("expm1", new U(Variable::expm1, Tensor::expm1, -2, 2, false));
            ops.put("log", new U(Variable::log, Tensor::log, 0.2, 3, false));
            ops.put("log2", new U(Variable::log2, Tensor::log2, 0.2, 3, false));
            ops.put("log10", new U(Variable::log10, Tensor::log10, 0.2, 3, false));
            ops.put("log1p", new U(Variable::log1p, Tensor::log1p, -0.8, 3, false));
            ops.put("sqrt", new U(Variable::sqrt, Tensor::sqrt, 0.2, 3, false));
            ops.put("rsqrt", new U(Variable::rsqrt, Tensor::rsqrt, 0.2, 3, false));
            ops.put("frac", new U(Variable::frac, Tensor::frac, 0.1, 0.9, true));
            ops.put("sin", new U(Variable::sin, Tensor::sin, -3, 3, false));
            ops.put("cos", new U(Variable::cos, Tensor::cos, -3, 3, false));
            ops.put("tan", new U(Variable::tan, Tensor::tan, -1.2, 1.2, false));
            ops.put("asin", new U(Variable::asin, Tensor::asin, -0.9, 0.9, false));
            ops.put("acos", new U(Variable::acos, Tensor::acos, -0.9, 0.9, false));
            ops.put("atan", new U(Variable::atan, Tensor::atan, -3, 3, false));
            ops.put("sinh", new U(Variable::sinh, Tensor::sinh, -2, 2, false));
            ops.put("cosh", new U(Variable::cosh, Tensor::cosh, -2, 2, false));
            ops.put("tanh", new U(Variable::tanh, Tensor::tanh, -2, 2, false));
            ops.put("erf", new U(Variable::erf, Tensor::erf, -2, 2, false));
            ops.put("erfc", new U(Variable::erfc, Tensor::erfc, -2, 2, false));
            for (var e : ops.entrySet()) {
                U u = e.getValue();
                long[] sh = shape();
                Tensor x = u.signed ? awayFromZero(u.lo, u.hi, sh) : uniform(u.lo, u.hi, sh);
                Tensor x3 = u.signed ? awayFromZero(u.lo, u.hi, 2, 3, 2) : uniform(u.lo, u.hi, 2, 3, 2);
                unary(e.getKey(), u.op, u.core, x, x3);
            }
        }
    }

    @Test void activations() {
        try (Scope s = Scope.open()) {
            Map<String, UnaryOperator<Variable>> ops = new LinkedHashMap<>();
            Map<String, UnaryOperator<Tensor>> core = new LinkedHashMap<>();
            ops.put("sigmoid", Variable::sigmoid); core.put("sigmoid", Tensor::sigmoid);
            ops.put("logsigmoid", Variable::logsigmoid); core.put("logsigmoid", Tensor::logsigmoid);
            ops.put("relu", Variable::relu); core.put("relu", Tensor::relu);
            ops.put("relu6", Variable::relu6); core.put("relu6", Tensor::relu6);
            ops.put("silu", Variable::silu); core.put("silu", Tensor::silu);
            ops.put("mish", Variable::mish); core.put("mish", Tensor::mish);
            ops.put("leakyRelu", Variable::leakyRelu); core.put("leakyRelu", Tensor::leakyRelu);
            ops.put("leakyRelu 0.2", v -> v.leakyRelu(0.2)); core.put("leakyRelu 0.2", t -> t.leakyRelu(0.2));
            ops.put("elu", Variable::elu); core.put("elu", Tensor::elu);
            ops.put("elu 0.5", v -> v.elu(0.5)); core.put("elu 0.5", t -> t.elu(0.5));
            ops.put("gelu", Variable::gelu); core.put("gelu", Tensor::gelu);
            ops.put("gelu tanh", v -> v.gelu("tanh")); core.put("gelu tanh", t -> t.gelu("tanh"));
            ops.put("softplus", Variable::softplus); core.put("softplus", Tensor::softplus);
            // beta 2, threshold 3: inputs beyond 1.5 take the linear branch
            ops.put("softplus 2 3", v -> v.softplus(2, 3)); core.put("softplus 2 3", t -> t.softplus(2, 3));
            ops.put("clamp", v -> v.clamp(-1, 1.5)); core.put("clamp", t -> t.clamp(-1, 1.5));
            ops.put("clampMin", v -> v.clampMin(-0.5)); core.put("clampMin", t -> t.clampMin(-0.5));
            ops.put("clampMax", v -> v.clampMax(0.7)); core.put("clampMax", t -> t.clampMax(0.7));
            ops.put("nanToNum", Variable::nanToNum); core.put("nanToNum", Tensor::nanToNum);
            for (String name : ops.keySet()) {
                // away from the kinks at 0, 6 and the clamp bounds (all are multiples of 0.1 off the grid below)
                Tensor x = awayFromZero(0.05, 7.9, shape());
                x = x.where(x.sub(6).abs().gt(0.05), 5.5).where(x.sub(1.5).abs().gt(0.05), 1.3)
                        .where(x.add(0.5).abs().gt(0.05), -0.4).where(x.sub(0.7).abs().gt(0.05), 0.6).where(x.add(1).abs().gt(0.05), -1.2);
                Tensor x3 = awayFromZero(0.05, 2.5, 2, 3, 2);
                x3 = x3.where(x3.sub(1.5).abs().gt(0.05), 1.3).where(x3.add(0.5).abs().gt(0.05), -0.4)
                        .where(x3.sub(0.7).abs().gt(0.05), 0.6).where(x3.add(1).abs().gt(0.05), -1.2);
                unary(name, ops.get(name), core.get(name), x, x3);
            }
        }
    }

    /** prelu's two gradients against finite differences: per-channel slopes on a 4-D input, one slope on a view. */
    @Test void preluGradientsMatchFiniteDifferences() {
        try (Scope s = Scope.open()) {
            check("prelu per channel", v -> v[0].prelu(v[1]), awayFromZero(0.05, 2, 2, 3, 4, 5), uniform(-0.5, 1.5, 3));
            check("prelu one slope, transposed", v -> v[0].transpose(0, 2).prelu(v[1]), awayFromZero(0.05, 2, 4, 3, 2),
                    uniform(-0.5, 1.5, 1));
            // at 0 the gradient goes to the slope side (torch: d/dx = w, d/dw = x = 0)
            Variable x = Variable.param(Tensor.of(new double[]{-2, 0, 3}, 3)), w = Variable.param(Tensor.of(new double[]{0.25}, 1));
            x.prelu(w).sum().backward();
            assertArrayEquals(new double[]{0.25, 0.25, 1}, x.grad().toDoubleArray(), 0);
            assertArrayEquals(new double[]{-2}, w.grad().toDoubleArray(), 0);
        }
    }

    @Test void boundariesFollowPyTorch() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new double[]{-1, 0, 1, 6, 7, 0.5}, 6);
            assertArrayEquals(new double[]{0, 1, 1, 1, 0, 1}, grad(v -> v.clamp(0, 6), x), 0);
            assertArrayEquals(new double[]{0, 0, 1, 0, 0, 1}, grad(Variable::relu6, x), 0);
            assertArrayEquals(new double[]{0, 0, 1, 1, 1, 1}, grad(Variable::relu, x), 0);
            assertArrayEquals(new double[]{-1, 0, 1, 1, 1, 1}, grad(Variable::abs, x), 0);
            for (UnaryOperator<Variable> op : java.util.List.<UnaryOperator<Variable>>of(Variable::sign, Variable::floor,
                    Variable::ceil, Variable::round, Variable::trunc, v -> v.div(2, "floor"), v -> v.div(2, "trunc"))) {
                Variable p = Variable.param(x.copy());
                Variable y = op.apply(p);
                assertTrue(y.requiresGrad());
                y.sum().backward();
                assertArrayEquals(new double[6], p.grad().toDoubleArray(), 0);
            }
            Tensor inf = Tensor.of(new double[]{Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 2}, 4);
            assertArrayEquals(new double[]{0, 0, 0, 1}, grad(Variable::nanToNum, inf), 0);
            // maximum/minimum: ties split half/half
            Variable a = Variable.param(Tensor.of(new double[]{1, 2, 3}, 3)), b = Variable.param(Tensor.of(new double[]{2, 2, 1}, 3));
            a.maximum(b).sum().backward();
            assertArrayEquals(new double[]{0, 0.5, 1}, a.grad().toDoubleArray(), 0);
            assertArrayEquals(new double[]{1, 0.5, 0}, b.grad().toDoubleArray(), 0);
            a.zeroGrad();
            b.zeroGrad();
            a.minimum(b).sum().backward();
            assertArrayEquals(new double[]{1, 0.5, 0}, a.grad().toDoubleArray(), 0);
            assertArrayEquals(new double[]{0, 0.5, 1}, b.grad().toDoubleArray(), 0);
            // pow: 0^0 and 0^y, y >= 0 give zero gradients, as PyTorch (values from torch 1.13)
            Variable base = Variable.param(Tensor.of(new double[]{1, 2, 0, 0}, 4)), ex = Variable.param(Tensor.of(new double[]{2, 2, 0, 2}, 4));
            base.pow(ex).sum().backward();
            assertArrayEquals(new double[]{2, 4, 0, 0}, base.grad().toDoubleArray(), 1e-12);
            assertArrayEquals(new double[]{0, 4 * Math.log(2), 0, 0}, ex.grad().toDoubleArray(), 1e-12);
            assertArrayEquals(new double[]{0, 0, 0}, grad(v -> v.pow(0), Tensor.of(new double[]{0, 1, 2}, 3)), 0);
            assertArrayEquals(new double[]{0, 0}, grad(v -> v.rpow(0), Tensor.of(new double[]{0, 1}, 2)), 0);
            Variable fd = Variable.param(Tensor.of(new double[]{3}, 1)).floorDivide(Tensor.of(new double[]{2}, 1));
            assertThrows(UnsupportedOperationException.class, () -> fd.sum().backward());
        }
    }

    private static double[] grad(UnaryOperator<Variable> f, Tensor x) {
        Variable p = Variable.param(x.copy());
        f.apply(p).sum().backward();
        return p.grad().toDoubleArray();
    }

    @Test void binaryWithBroadcasting() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.randn(gen, 3, 4).to(DType.FLOAT64), b = Tensor.randn(gen, 4).to(DType.FLOAT64);
            Tensor pos = uniform(0.5, 2, 3, 1), pos2 = uniform(0.5, 2, 4);
            check("add", v -> v[0].add(v[1]), a, b);
            check("add alpha", v -> v[0].add(v[1], 2.5), a, b);
            check("add number", v -> v[0].add(3), a);
            check("sub", v -> v[0].sub(v[1]), b, a);
            check("sub alpha", v -> v[0].sub(v[1], -1.5), a, b);
            check("sub number", v -> v[0].sub(3), a);
            check("rsub", v -> v[0].rsub(3), a);
            check("mul", v -> v[0].mul(v[1]), a, b);
            check("mul number", v -> v[0].mul(-2), a);
            check("div", v -> v[0].div(v[1]), a, pos);
            check("div number", v -> v[0].div(4), a);
            check("div null mode", v -> v[0].div(v[1], (String) null), a, pos2);
            check("rdiv", v -> v[0].rdiv(3), pos);
            check("pow", v -> v[0].pow(v[1]), pos, b);
            check("pow number", v -> v[0].pow(2.5), pos);
            check("pow int number", v -> v[0].pow(3), a);
            check("rpow", v -> v[0].rpow(1.7), a);
            check("maximum", v -> v[0].maximum(v[1]), a, b);
            check("minimum", v -> v[0].minimum(v[1]), a, b);
            check("atan2", v -> v[0].atan2(v[1]), a, pos2);
            check("hypot", v -> v[0].hypot(v[1]), a, b);
            // remainder / fmod: keep a / b away from integers, where the quotient jumps
            Tensor num = uniform(0.1, 0.4, 3, 4).add(Tensor.randint(gen, -3, 3, 3, 4).to(DType.FLOAT64)), den = Tensor.of(new double[]{1, -1, 1, -1}, 4);
            check("remainder", v -> v[0].remainder(v[1].mul(1.3)), num, den);
            check("remainder number", v -> v[0].remainder(1.3), num);
            check("fmod", v -> v[0].fmod(v[1].mul(1.3)), num, den);
            check("fmod number", v -> v[0].fmod(-1.3), num);
            Tensor cond = Tensor.randn(gen, 3, 1).gt(0);
            check("where", v -> MathOps.where(cond, v[0], v[1]), a, b);
            check("where method", v -> v[0].where(cond, v[1]), b, a);
            check("where number", v -> v[0].where(cond, 2.0), a);
            check("binary on views", v -> v[0].transpose(0, 1).mul(v[1].transpose(0, 1)).atan2(v[1].transpose(0, 1)),
                    Tensor.randn(gen, 4, 3), uniform(0.5, 1, 4, 3));
            // constants (Tensor overloads) receive no gradient
            Variable x = Variable.param(a);
            x.mul(b).hypot(b).sum().backward();
            assertEquals(3 * 4, x.grad().numel());
            x.zeroGrad();
        }
    }

    @Test void forwardMatchesCore() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.randn(gen, 3, 4), b = Tensor.rand(gen, 4).add(0.5);
            Variable va = Variable.param(a), vb = Variable.param(b);
            assertArrayEquals(a.div(b, "floor").toDoubleArray(), va.div(vb, "floor").data().toDoubleArray(), 0);
            assertArrayEquals(a.pow(b).toDoubleArray(), va.pow(vb).data().toDoubleArray(), 0);
            assertArrayEquals(a.remainder(b).toDoubleArray(), va.remainder(vb).data().toDoubleArray(), 0);
            assertArrayEquals(a.sub(b, 2).toDoubleArray(), va.sub(vb, 2).data().toDoubleArray(), 0);
            assertArrayEquals(a.rpow(2).toDoubleArray(), va.rpow(2).data().toDoubleArray(), 0);
            assertArrayEquals(a.matmul(b).toDoubleArray(), va.matmul(vb).data().toDoubleArray(), 0);
            assertEquals(DType.FLOAT32, va.mul(2.5).dtype());
            // a number keeps the core's promotion: an int constant times 2.5 is float32, not truncated to int
            Variable ints = Variable.of(Tensor.of(new int[]{1, 2}, 2));
            assertArrayEquals(new double[]{2.5, 5}, ints.mul(2.5).data().toDoubleArray(), 0);
        }
    }

    @Test void linearAlgebra() {
        try (Scope s = Scope.open()) {
            check("mm", v -> v[0].mm(v[1]), Tensor.randn(gen, 3, 4), Tensor.randn(gen, 4, 2));
            check("mm transposed", v -> v[0].transpose(0, 1).mm(v[1]), Tensor.randn(gen, 4, 3), Tensor.randn(gen, 4, 2));
            check("bmm", v -> v[0].bmm(v[1]), Tensor.randn(gen, 2, 3, 4), Tensor.randn(gen, 2, 4, 5));
            check("bmm view", v -> v[0].bmm(v[1].transpose(1, 2)), Tensor.randn(gen, 2, 3, 4), Tensor.randn(gen, 2, 5, 4));
            check("mv", v -> v[0].mv(v[1]), Tensor.randn(gen, 3, 4), Tensor.randn(gen, 4));
            check("dot", v -> v[0].dot(v[1]), Tensor.randn(gen, 5), Tensor.randn(gen, 5));
            check("outer", v -> v[0].outer(v[1]), Tensor.randn(gen, 3), Tensor.randn(gen, 4));
            check("matmul", v -> v[0].matmul(v[1]), Tensor.randn(gen, 2, 1, 3, 4), Tensor.randn(gen, 3, 4, 2));
            check("matmul mat-vec", v -> v[0].matmul(v[1]), Tensor.randn(gen, 2, 3, 4), Tensor.randn(gen, 4));
            // bad input: the core's validation, naming the op and the shapes
            Variable p = Variable.param(Tensor.randn(gen, 3, 4));
            var e = assertThrows(dev.axial.tensor.TensorException.class, () -> p.mm(Variable.param(Tensor.randn(gen, 3, 4))));
            assertTrue(e.getMessage().contains("mm") && e.getMessage().contains("3"), e.getMessage());
            assertThrows(dev.axial.tensor.TensorException.class, () -> p.add(Variable.param(Tensor.randn(gen, 5))));
            assertThrows(dev.axial.tensor.TensorException.class, () -> p.gelu("fast"));
            Variable m = Variable.param(Tensor.randn(gen, 3, 4));
            m.mv(Tensor.randn(gen, 4)).sum().backward();
            assertArrayEquals(new long[]{3, 4}, m.grad().shape());
            m.zeroGrad();
        }
    }
}
