package dev.axial.autograd.ops;

import dev.axial.autograd.Graph;
import dev.axial.autograd.Variable;
import dev.axial.tensor.Tensor;

import static dev.axial.autograd.Graph.grads;

/**
 * The backward table of the elementwise and linear-algebra ops: each op computes its value with the tensor core
 * and records its derivative beside it, as in PyTorch's derivatives.yaml. {@code g} is the gradient of the
 * output; a gradient of a broadcast shape is summed back to the input's shape by the engine, never here.
 *
 * <pre>{@code
 * Variable y = MathOps.mul(a, b);          // usually written a.mul(b)
 * }</pre>
 */
public final class MathOps {
    private MathOps() {}

    // ---- binary -----------------------------------------------------------------------------------

    /** a + b: d/da = g, d/db = g. */
    public static Variable add(Variable a, Variable b) {
        return Graph.record("add", a.data().add(b.data()), (g, need) -> grads(g, g), a, b);
    }

    /** a - b: d/da = g, d/db = -g. */
    public static Variable sub(Variable a, Variable b) {
        return Graph.record("sub", a.data().sub(b.data()), (g, need) -> grads(g, need[1] ? g.neg() : null), a, b);
    }

    /** a * b: d/da = g b, d/db = g a. */
    public static Variable mul(Variable a, Variable b) {
        Tensor x = a.data(), y = b.data();
        return Graph.record("mul", x.mul(y), (g, need) -> grads(need[0] ? g.mul(y) : null, need[1] ? g.mul(x) : null), a, b);
    }

    /** a / b: d/da = g / b, d/db = -g a / b^2. */
    public static Variable div(Variable a, Variable b) {
        Tensor x = a.data(), y = b.data();
        return Graph.record("div", x.div(y),
                (g, need) -> grads(need[0] ? g.div(y) : null, need[1] ? g.mul(x).div(y.square()).neg() : null), a, b);
    }

    // ---- unary ------------------------------------------------------------------------------------

    /** -a: d/da = -g. */
    public static Variable neg(Variable a) {
        return Graph.record("neg", a.data().neg(), (g, need) -> grads(g.neg()), a);
    }

    /** exp(a): d/da = g exp(a) (the output, saved). */
    public static Variable exp(Variable a) {
        Tensor out = a.data().exp();
        return Graph.record("exp", out, (g, need) -> grads(g.mul(out)), a);
    }

    /** log(a): d/da = g / a. */
    public static Variable log(Variable a) {
        Tensor x = a.data();
        return Graph.record("log", x.log(), (g, need) -> grads(g.div(x)), a);
    }

    /** relu(a): d/da = g where the output is positive (PyTorch's threshold_backward: 0 at 0). */
    public static Variable relu(Variable a) {
        Tensor out = a.data().relu();
        return Graph.record("relu", out, (g, need) -> grads(g.mul(out.gt(0))), a);
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
}
