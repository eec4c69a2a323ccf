package dev.axial.autograd.ops;

import dev.axial.autograd.Graph;
import dev.axial.autograd.Variable;
import dev.axial.tensor.Tensor;

import static dev.axial.autograd.Graph.grads;

/**
 * The backward table of the elementwise and linear-algebra ops: each op computes its value with the tensor core
 * and records its derivative beside it, as in PyTorch's derivatives.yaml. {@code g} is the gradient of the
 * output; a gradient of a broadcast shape is summed back to the input's shape by the engine, never here.
 * Number operands are passed to the tensor core as numbers, so type promotion is exactly the core's.
 *
 * <pre>{@code
 * Variable y = MathOps.mul(a, b);          // usually written a.mul(b)
 * }</pre>
 */
public final class MathOps {
    private MathOps() {}

    private static final double LN2 = Math.log(2), LN10 = Math.log(10);
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    // ---- binary -----------------------------------------------------------------------------------

    /** a + b: d/da = g, d/db = g. */
    public static Variable add(Variable a, Variable b) {
        return Graph.record("add", a.data().add(b.data()), (g, need) -> grads(g, g), a, b);
    }

    /** a + n: d/da = g. */
    public static Variable add(Variable a, Number n) {
        return Graph.record("add", a.data().add(n), (g, need) -> grads(g), a);
    }

    /** a + alpha b (torch.add(alpha=)): d/da = g, d/db = alpha g. */
    public static Variable add(Variable a, Variable b, Number alpha) {
        return Graph.record("add", a.data().add(b.data(), alpha), (g, need) -> grads(g, need[1] ? g.mul(alpha) : null), a, b);
    }

    /** a - b: d/da = g, d/db = -g. */
    public static Variable sub(Variable a, Variable b) {
        return Graph.record("sub", a.data().sub(b.data()), (g, need) -> grads(g, need[1] ? g.neg() : null), a, b);
    }

    /** a - n: d/da = g. */
    public static Variable sub(Variable a, Number n) {
        return Graph.record("sub", a.data().sub(n), (g, need) -> grads(g), a);
    }

    /** a - alpha b: d/da = g, d/db = -alpha g. */
    public static Variable sub(Variable a, Variable b, Number alpha) {
        return Graph.record("sub", a.data().sub(b.data(), alpha),
                (g, need) -> grads(g, need[1] ? g.mul(-alpha.doubleValue()) : null), a, b);
    }

    /** n - a (torch.rsub): d/da = -g. */
    public static Variable rsub(Variable a, Number n) {
        return Graph.record("rsub", a.data().rsub(n), (g, need) -> grads(g.neg()), a);
    }

    /** a * b: d/da = g b, d/db = g a. */
    public static Variable mul(Variable a, Variable b) {
        Tensor x = a.data(), y = b.data();
        return Graph.record("mul", x.mul(y), (g, need) -> grads(need[0] ? g.mul(y) : null, need[1] ? g.mul(x) : null), a, b);
    }

    /** a * n: d/da = g n. */
    public static Variable mul(Variable a, Number n) {
        return Graph.record("mul", a.data().mul(n), (g, need) -> grads(g.mul(n)), a);
    }

    /** a / b: d/da = g / b, d/db = -g a / b^2. */
    public static Variable div(Variable a, Variable b) {
        Tensor x = a.data(), y = b.data();
        return Graph.record("div", x.div(y),
                (g, need) -> grads(need[0] ? g.div(y) : null, need[1] ? g.mul(x).div(y.square()).neg() : null), a, b);
    }

    /** a / n: d/da = g / n. */
    public static Variable div(Variable a, Number n) {
        return Graph.record("div", a.data().div(n), (g, need) -> grads(g.div(n)), a);
    }

    /** torch.div with a rounding mode ("trunc", "floor"; null: true division): piecewise constant, zero gradients (PyTorch). */
    public static Variable div(Variable a, Variable b, String roundingMode) {
        if (roundingMode == null) return div(a, b);
        Tensor x = a.data(), y = b.data();
        return Graph.record("div", x.div(y, roundingMode),
                (g, need) -> grads(need[0] ? x.zerosLike() : null, need[1] ? y.zerosLike() : null), a, b);
    }

    /** As {@link #div(Variable, Variable, String)} with a number divisor: zero gradient. */
    public static Variable div(Variable a, Number n, String roundingMode) {
        if (roundingMode == null) return div(a, n);
        Tensor x = a.data();
        return Graph.record("div", x.div(n, roundingMode), (g, need) -> grads(x.zerosLike()), a);
    }

    /** n / a (Python's reflected division): d/da = -g n / a^2 = -g out / a. */
    public static Variable rdiv(Variable a, Number n) {
        Tensor x = a.data(), out = x.rdiv(n);
        return Graph.record("rdiv", out, (g, need) -> grads(g.mul(out).div(x).neg()), a);
    }

    /** floor(a / b): PyTorch defines no derivative, so backward through it fails (use div(b, "floor") for zero gradients). */
    public static Variable floorDivide(Variable a, Variable b) {
        return Graph.record("floorDivide", a.data().floorDivide(b.data()), (g, need) -> {
            throw new UnsupportedOperationException("the derivative for 'floorDivide' is not implemented (as in PyTorch); "
                    + "use div(other, \"floor\"), whose gradient is zero");
        }, a, b);
    }

    /** a - floor(a / b) b (Python's %): d/da = g, d/db = -g floor(a / b). */
    public static Variable remainder(Variable a, Variable b) {
        Tensor x = a.data(), y = b.data();
        return Graph.record("remainder", x.remainder(y),
                (g, need) -> grads(need[0] ? g : null, need[1] ? g.mul(x.div(y, "floor")).neg() : null), a, b);
    }

    /** a % n: d/da = g. */
    public static Variable remainder(Variable a, Number n) {
        return Graph.record("remainder", a.data().remainder(n), (g, need) -> grads(g), a);
    }

    /** a - trunc(a / b) b (C's fmod): d/da = g, d/db = -g trunc(a / b). */
    public static Variable fmod(Variable a, Variable b) {
        Tensor x = a.data(), y = b.data();
        return Graph.record("fmod", x.fmod(y),
                (g, need) -> grads(need[0] ? g : null, need[1] ? g.mul(x.div(y, "trunc")).neg() : null), a, b);
    }

    /** fmod(a, n): d/da = g. */
    public static Variable fmod(Variable a, Number n) {
        return Graph.record("fmod", a.data().fmod(n), (g, need) -> grads(g), a);
    }

    /**
     * a ** b: d/da = g b a^(b-1), zero where b == 0 (so 0^0 has gradient 0, not NaN); d/db = g out log(a), zero
     * where a == 0 and b &gt;= 0 (PyTorch's masks). Negative bases give NaN where PyTorch's do.
     */
    public static Variable pow(Variable a, Variable b) {
        Tensor x = a.data(), y = b.data(), out = x.pow(y);
        return Graph.record("pow", out, (g, need) -> {
            Tensor ga = need[0] ? drop(g.mul(y).mul(x.pow(y.sub(1))), y.eq(0)) : null;
            Tensor gb = need[1] ? drop(g.mul(out.mul(x.log())), x.eq(0).logicalAnd(y.ge(0))) : null;
            return grads(ga, gb);
        }, a, b);
    }

    /** a ** e: d/da = g e a^(e-1); zero for e == 0. */
    public static Variable pow(Variable a, Number e) {
        Tensor x = a.data();
        double ed = e.doubleValue();
        return Graph.record("pow", x.pow(e), (g, need) -> grads(ed == 0 ? x.zerosLike() : g.mul(ed).mul(x.pow(ed - 1))), a);
    }

    /** base ** a (Python's reflected power): d/da = g out log(base); zero where base == 0 and a &gt;= 0. */
    public static Variable rpow(Variable a, Number base) {
        Tensor x = a.data(), out = x.rpow(base);
        double bd = base.doubleValue();
        return Graph.record("rpow", out, (g, need) -> {
            Tensor d = g.mul(out).mul(Math.log(bd));
            return grads(bd == 0 ? drop(d, x.ge(0)) : d);
        }, a);
    }

    /** max(a, b): g to the larger, split half/half on ties (PyTorch). */
    public static Variable maximum(Variable a, Variable b) {
        Tensor x = a.data(), y = b.data();
        return Graph.record("maximum", x.maximum(y), (g, need) -> {
            Tensor half = Tensor.where(x.eq(y), g.div(2), g);
            return grads(need[0] ? drop(half, x.lt(y)) : null, need[1] ? drop(half, x.gt(y)) : null);
        }, a, b);
    }

    /** min(a, b): g to the smaller, split half/half on ties (PyTorch). */
    public static Variable minimum(Variable a, Variable b) {
        Tensor x = a.data(), y = b.data();
        return Graph.record("minimum", x.minimum(y), (g, need) -> {
            Tensor half = Tensor.where(x.eq(y), g.div(2), g);
            return grads(need[0] ? drop(half, x.gt(y)) : null, need[1] ? drop(half, x.lt(y)) : null);
        }, a, b);
    }

    /** atan2(a, b): d/da = g b / (a^2 + b^2), d/db = -g a / (a^2 + b^2). */
    public static Variable atan2(Variable a, Variable b) {
        Tensor x = a.data(), y = b.data();
        return Graph.record("atan2", x.atan2(y), (g, need) -> {
            Tensor r = g.div(x.square().add(y.square()));
            return grads(need[0] ? r.mul(y) : null, need[1] ? r.mul(x).neg() : null);
        }, a, b);
    }

    /** hypot(a, b) = sqrt(a^2 + b^2): d/da = g a / out, d/db = g b / out. */
    public static Variable hypot(Variable a, Variable b) {
        Tensor x = a.data(), y = b.data(), out = x.hypot(y);
        return Graph.record("hypot", out, (g, need) -> {
            Tensor r = g.div(out);
            return grads(need[0] ? r.mul(x) : null, need[1] ? r.mul(y) : null);
        }, a, b);
    }

    /** torch.where(cond, a, b): d/da = g where cond, d/db = g elsewhere; cond (BOOL) is a constant. */
    public static Variable where(Tensor cond, Variable a, Variable b) {
        return Graph.record("where", Tensor.where(cond, a.data(), b.data()), (g, need) -> grads(
                need[0] ? keep(g, cond) : null, need[1] ? drop(g, cond) : null), a, b);
    }

    /** a.where(cond, n): d/da = g where cond. */
    public static Variable where(Tensor cond, Variable a, Number n) {
        return Graph.record("where", a.data().where(cond, n), (g, need) -> grads(keep(g, cond)), a);
    }

    // ---- unary math -------------------------------------------------------------------------------

    /** -a: d/da = -g. */
    public static Variable neg(Variable a) {
        return Graph.record("neg", a.data().neg(), (g, need) -> grads(g.neg()), a);
    }

    /** |a|: d/da = g sign(a) (0 at 0). */
    public static Variable abs(Variable a) {
        Tensor x = a.data();
        return Graph.record("abs", x.abs(), (g, need) -> grads(g.mul(x.sign())), a);
    }

    /** sign(a): zero gradient. */
    public static Variable sign(Variable a) { return piecewiseConstant("sign", a, a.data().sign()); }

    /** 1 / a: d/da = -g out^2. */
    public static Variable reciprocal(Variable a) {
        Tensor out = a.data().reciprocal();
        return Graph.record("reciprocal", out, (g, need) -> grads(g.mul(out.square()).neg()), a);
    }

    /** a^2: d/da = 2 g a. */
    public static Variable square(Variable a) {
        Tensor x = a.data();
        return Graph.record("square", x.square(), (g, need) -> grads(g.mul(x).mul(2)), a);
    }

    /** exp(a): d/da = g exp(a) (the output, saved). */
    public static Variable exp(Variable a) {
        Tensor out = a.data().exp();
        return Graph.record("exp", out, (g, need) -> grads(g.mul(out)), a);
    }

    /** 2^a: d/da = g out ln 2. */
    public static Variable exp2(Variable a) {
        Tensor out = a.data().exp2();
        return Graph.record("exp2", out, (g, need) -> grads(g.mul(out).mul(LN2)), a);
    }

    /** e^a - 1: d/da = g (out + 1). */
    public static Variable expm1(Variable a) {
        Tensor out = a.data().expm1();
        return Graph.record("expm1", out, (g, need) -> grads(g.mul(out.add(1))), a);
    }

    /** log(a): d/da = g / a. */
    public static Variable log(Variable a) {
        Tensor x = a.data();
        return Graph.record("log", x.log(), (g, need) -> grads(g.div(x)), a);
    }

    /** log2(a): d/da = g / (a ln 2). */
    public static Variable log2(Variable a) {
        Tensor x = a.data();
        return Graph.record("log2", x.log2(), (g, need) -> grads(g.div(x.mul(LN2))), a);
    }

    /** log10(a): d/da = g / (a ln 10). */
    public static Variable log10(Variable a) {
        Tensor x = a.data();
        return Graph.record("log10", x.log10(), (g, need) -> grads(g.div(x.mul(LN10))), a);
    }

    /** log(1 + a): d/da = g / (1 + a). */
    public static Variable log1p(Variable a) {
        Tensor x = a.data();
        return Graph.record("log1p", x.log1p(), (g, need) -> grads(g.div(x.add(1))), a);
    }

    /** sqrt(a): d/da = g / (2 out). */
    public static Variable sqrt(Variable a) {
        Tensor out = a.data().sqrt();
        return Graph.record("sqrt", out, (g, need) -> grads(g.div(out.mul(2))), a);
    }

    /** a^-1/2: d/da = -g out^3 / 2. */
    public static Variable rsqrt(Variable a) {
        Tensor out = a.data().rsqrt();
        return Graph.record("rsqrt", out, (g, need) -> grads(g.mul(out.pow(3)).mul(-0.5)), a);
    }

    /** floor(a): zero gradient. */
    public static Variable floor(Variable a) { return piecewiseConstant("floor", a, a.data().floor()); }

    /** ceil(a): zero gradient. */
    public static Variable ceil(Variable a) { return piecewiseConstant("ceil", a, a.data().ceil()); }

    /** round(a): zero gradient. */
    public static Variable round(Variable a) { return piecewiseConstant("round", a, a.data().round()); }

    /** trunc(a): zero gradient. */
    public static Variable trunc(Variable a) { return piecewiseConstant("trunc", a, a.data().trunc()); }

    /** a - trunc(a): d/da = g. */
    public static Variable frac(Variable a) {
        return Graph.record("frac", a.data().frac(), (g, need) -> grads(g), a);
    }

    /** sin(a): d/da = g cos(a). */
    public static Variable sin(Variable a) {
        Tensor x = a.data();
        return Graph.record("sin", x.sin(), (g, need) -> grads(g.mul(x.cos())), a);
    }

    /** cos(a): d/da = -g sin(a). */
    public static Variable cos(Variable a) {
        Tensor x = a.data();
        return Graph.record("cos", x.cos(), (g, need) -> grads(g.mul(x.sin()).neg()), a);
    }

    /** tan(a): d/da = g (1 + out^2). */
    public static Variable tan(Variable a) {
        Tensor out = a.data().tan();
        return Graph.record("tan", out, (g, need) -> grads(g.mul(out.square().add(1))), a);
    }

    /** asin(a): d/da = g / sqrt(1 - a^2). */
    public static Variable asin(Variable a) {
        Tensor x = a.data();
        return Graph.record("asin", x.asin(), (g, need) -> grads(g.mul(x.square().rsub(1).rsqrt())), a);
    }

    /** acos(a): d/da = -g / sqrt(1 - a^2). */
    public static Variable acos(Variable a) {
        Tensor x = a.data();
        return Graph.record("acos", x.acos(), (g, need) -> grads(g.mul(x.square().rsub(1).rsqrt()).neg()), a);
    }

    /** atan(a): d/da = g / (1 + a^2). */
    public static Variable atan(Variable a) {
        Tensor x = a.data();
        return Graph.record("atan", x.atan(), (g, need) -> grads(g.div(x.square().add(1))), a);
    }

    /** sinh(a): d/da = g cosh(a). */
    public static Variable sinh(Variable a) {
        Tensor x = a.data();
        return Graph.record("sinh", x.sinh(), (g, need) -> grads(g.mul(x.cosh())), a);
    }

    /** cosh(a): d/da = g sinh(a). */
    public static Variable cosh(Variable a) {
        Tensor x = a.data();
        return Graph.record("cosh", x.cosh(), (g, need) -> grads(g.mul(x.sinh())), a);
    }

    /** tanh(a): d/da = g (1 - out^2). */
    public static Variable tanh(Variable a) {
        Tensor out = a.data().tanh();
        return Graph.record("tanh", out, (g, need) -> grads(g.mul(out.square().rsub(1))), a);
    }

    /** erf(a): d/da = g 2/sqrt(pi) e^(-a^2). */
    public static Variable erf(Variable a) {
        Tensor x = a.data();
        return Graph.record("erf", x.erf(), (g, need) -> grads(g.mul(x.square().neg().exp()).mul(TWO_OVER_SQRT_PI)), a);
    }

    /** erfc(a): d/da = -g 2/sqrt(pi) e^(-a^2). */
    public static Variable erfc(Variable a) {
        Tensor x = a.data();
        return Graph.record("erfc", x.erfc(), (g, need) -> grads(g.mul(x.square().neg().exp()).mul(-TWO_OVER_SQRT_PI)), a);
    }

    // ---- activations ------------------------------------------------------------------------------

    /** sigmoid(a): d/da = g out (1 - out). */
    public static Variable sigmoid(Variable a) {
        Tensor out = a.data().sigmoid();
        return Graph.record("sigmoid", out, (g, need) -> grads(g.mul(out).mul(out.rsub(1))), a);
    }

    /** log(sigmoid(a)): d/da = g sigmoid(-a) (stable for large |a|). */
    public static Variable logsigmoid(Variable a) {
        Tensor x = a.data();
        return Graph.record("logsigmoid", x.logsigmoid(), (g, need) -> grads(g.mul(x.neg().sigmoid())), a);
    }

    /** relu(a): d/da = g where the output is positive (PyTorch's threshold_backward: 0 at 0). */
    public static Variable relu(Variable a) {
        Tensor out = a.data().relu();
        return Graph.record("relu", out, (g, need) -> grads(g.mul(out.gt(0))), a);
    }

    /** relu6(a): d/da = g where 0 &lt; a &lt; 6 (PyTorch's hardtanh_backward: 0 at both ends). */
    public static Variable relu6(Variable a) {
        Tensor x = a.data();
        return Graph.record("relu6", x.relu6(), (g, need) -> grads(g.mul(x.gt(0).logicalAnd(x.lt(6)))), a);
    }

    /** a sigmoid(a): d/da = g s (1 + a (1 - s)), s = sigmoid(a). */
    public static Variable silu(Variable a) {
        Tensor x = a.data();
        return Graph.record("silu", x.silu(), (g, need) -> {
            Tensor s = x.sigmoid();
            return grads(g.mul(s).mul(x.mul(s.rsub(1)).add(1)));
        }, a);
    }

    /** a tanh(softplus(a)): d/da = g (t + a sigmoid(a) (1 - t^2)), t = tanh(softplus(a)). */
    public static Variable mish(Variable a) {
        Tensor x = a.data();
        return Graph.record("mish", x.mish(), (g, need) -> {
            Tensor t = x.softplus().tanh();
            return grads(g.mul(t.add(x.mul(x.sigmoid()).mul(t.square().rsub(1)))));
        }, a);
    }

    /** leaky_relu(a, slope): d/da = g where a &gt; 0, else slope g. */
    public static Variable leakyRelu(Variable a, double negativeSlope) {
        Tensor x = a.data();
        return Graph.record("leakyRelu", x.leakyRelu(negativeSlope), (g, need) -> grads(Tensor.where(x.gt(0), g, g.mul(negativeSlope))), a);
    }

    /**
     * prelu(a, w) (torch.prelu; w 1-D, one slope or one per channel): d/da = g where a &gt; 0, else w g; d/dw = the sum
     * of g a where a &lt;= 0. One pass each way: {@link Tensor#prelu} and {@link Tensor#preluBackward}.
     */
    public static Variable prelu(Variable a, Variable w) {
        Tensor x = a.data(), wt = w.data();
        return Graph.record("prelu", x.prelu(wt), (g, need) -> {
            Tensor[] d = x.preluBackward(g, wt);
            return grads(need[0] ? d[0] : null, need[1] ? d[1] : null);
        }, a, w);
    }

    /** elu(a, alpha): d/da = g where a &gt; 0, else g alpha e^a = g (out + alpha). */
    public static Variable elu(Variable a, double alpha) {
        Tensor x = a.data(), out = x.elu(alpha);
        return Graph.record("elu", out, (g, need) -> grads(Tensor.where(x.gt(0), g, g.mul(out.add(alpha)))), a);
    }

    /**
     * gelu(a, approximate): "none": d/da = g (Phi(a) + a phi(a)); "tanh": d/da = g (0.5 (1 + t) + 0.5 a (1 - t^2)
     * k (1 + 3 c a^2)), t = tanh(k (a + c a^3)), k = sqrt(2/pi), c = 0.044715.
     */
    public static Variable gelu(Variable a, String approximate) {
        Tensor x = a.data();
        boolean tanhForm = "tanh".equals(approximate);
        return Graph.record("gelu", x.gelu(approximate), (g, need) -> {
            if (tanhForm) {
                double k = Math.sqrt(2 / Math.PI), c = 0.044715;
                Tensor x2 = x.square();
                Tensor t = x.mul(x2.mul(c).add(1)).mul(k).tanh();
                Tensor inner = x2.mul(3 * c).add(1).mul(k);
                return grads(g.mul(t.add(1).mul(0.5).add(x.mul(0.5).mul(t.square().rsub(1)).mul(inner))));
            }
            Tensor cdf = x.mul(Math.sqrt(0.5)).erf().add(1).mul(0.5);
            Tensor pdf = x.square().mul(-0.5).exp().mul(INV_SQRT_2PI);
            return grads(g.mul(cdf.add(x.mul(pdf))));
        }, a);
    }

    /** softplus(a, beta, threshold): d/da = g sigmoid(beta a), g where beta a &gt; threshold (the linear part). */
    public static Variable softplus(Variable a, double beta, double threshold) {
        Tensor x = a.data();
        return Graph.record("softplus", x.softplus(beta, threshold), (g, need) -> {
            Tensor bx = x.mul(beta);
            return grads(Tensor.where(bx.gt(threshold), g, g.mul(bx.sigmoid())));
        }, a);
    }

    // ---- clamp and NaN ----------------------------------------------------------------------------

    /** clamp(a, min, max) (a null bound is none): d/da = g where min &lt;= a &lt;= max (PyTorch: passes at the bounds). */
    public static Variable clamp(Variable a, Number min, Number max) {
        Tensor x = a.data(), out = x.clamp(min, max);
        return Graph.record("clamp", out, (g, need) -> {
            Tensor pass = min == null ? null : x.ge(min);
            if (max != null) pass = pass == null ? x.le(max) : pass.logicalAnd(x.le(max));
            return grads(g.mul(pass));
        }, a);
    }

    /** max(a, min): d/da = g where a &gt;= min. */
    public static Variable clampMin(Variable a, Number min) { return clamp(a, min, null); }

    /** min(a, max): d/da = g where a &lt;= max. */
    public static Variable clampMax(Variable a, Number max) { return clamp(a, null, max); }

    /** nan_to_num: d/da = g where a is finite, 0 where it was replaced (PyTorch). */
    public static Variable nanToNum(Variable a, Double nan, Double posinf, Double neginf) {
        Tensor x = a.data();
        return Graph.record("nanToNum", x.nanToNum(nan, posinf, neginf), (g, need) -> grads(g.mul(x.isfinite())), a);
    }

    // ---- linear algebra ---------------------------------------------------------------------------

    /** a @ b (torch.matmul): d/da = g @ b^T, d/db = a^T @ g, with 1-D operands promoted and batch dims summed. */
    public static Variable matmul(Variable a, Variable b) {
        Tensor x = a.data(), y = b.data();
        return Graph.record("matmul", x.matmul(y), (g, need) -> {
            if (x.dim() == 1 && y.dim() == 1) return grads(need[0] ? y.mul(g) : null, need[1] ? x.mul(g) : null);
            // promote 1-D operands to matrices, as the forward did, so both formulas are plain matrix products
            Tensor xm = x.dim() == 1 ? x.unsqueeze(0) : x;
            Tensor ym = y.dim() == 1 ? y.unsqueeze(1) : y;
            Tensor gm = g;
            if (x.dim() == 1) gm = gm.unsqueeze(-2);
            if (y.dim() == 1) gm = gm.unsqueeze(-1);
            Tensor ga = need[0] ? gm.matmul(ym.mT()) : null;
            Tensor gb = need[1] ? xm.mT().matmul(gm) : null;
            if (ga != null && x.dim() == 1) ga = ga.squeeze(-2);
            if (gb != null && y.dim() == 1) gb = gb.squeeze(-1);
            return grads(ga, gb);
        }, a, b);
    }

    /** a @ b for 2-D operands (torch.mm): d/da = g b^T, d/db = a^T g. */
    public static Variable mm(Variable a, Variable b) {
        Tensor x = a.data(), y = b.data();
        return Graph.record("mm", x.mm(y), (g, need) -> grads(need[0] ? g.mm(y.t()) : null, need[1] ? x.t().mm(g) : null), a, b);
    }

    /** Batched a @ b for 3-D operands (torch.bmm): d/da = g b^T, d/db = a^T g per batch. */
    public static Variable bmm(Variable a, Variable b) {
        Tensor x = a.data(), y = b.data();
        return Graph.record("bmm", x.bmm(y), (g, need) -> grads(need[0] ? g.bmm(y.mT()) : null, need[1] ? x.mT().bmm(g) : null), a, b);
    }

    /** Matrix-vector product (torch.mv): d/dm = outer(g, v), d/dv = m^T g. */
    public static Variable mv(Variable m, Variable v) {
        Tensor x = m.data(), y = v.data();
        return Graph.record("mv", x.mv(y), (g, need) -> grads(need[0] ? g.outer(y) : null, need[1] ? x.t().mv(g) : null), m, v);
    }

    /** Inner product of 1-D tensors (torch.dot): d/da = g b, d/db = g a (g is 0-dim). */
    public static Variable dot(Variable a, Variable b) {
        Tensor x = a.data(), y = b.data();
        return Graph.record("dot", x.dot(y), (g, need) -> grads(need[0] ? y.mul(g) : null, need[1] ? x.mul(g) : null), a, b);
    }

    /** Outer product of 1-D tensors (torch.outer): d/da = g b, d/db = g^T a. */
    public static Variable outer(Variable a, Variable b) {
        Tensor x = a.data(), y = b.data();
        return Graph.record("outer", x.outer(y), (g, need) -> grads(need[0] ? g.mv(y) : null, need[1] ? g.t().mv(x) : null), a, b);
    }

    /** Ops that are constant almost everywhere: recorded (the output requires grad, as in PyTorch) with a zero gradient. */
    private static Variable piecewiseConstant(String op, Variable a, Tensor out) {
        Tensor x = a.data();
        return Graph.record(op, out, (g, need) -> grads(x.zerosLike()), a);
    }

    /** g where {@code mask}, 0 elsewhere (broadcasting g and mask; no NaN * 0 as a multiplication would give). */
    static Tensor keep(Tensor g, Tensor mask) { return g.where(mask, 0); }

    /** 0 where {@code mask}, g elsewhere. */
    static Tensor drop(Tensor g, Tensor mask) { return g.where(mask.logicalNot(), 0); }
}
