package dev.axial.autograd;

import dev.axial.tensor.DType;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Compares the analytic gradients of a function with central finite differences, in float64 (PyTorch's gradcheck).
 * The function's output y is contracted with a fixed random tensor v, so one backward gives v^T J for every input
 * and each input element needs two more forward calls: L(x ± eps) = sum(f(x ± eps) * v).
 *
 * <pre>{@code
 * GradCheck.check("mul", v -> v[0].mul(v[1]), Tensor.randn(g, 3, 4), Tensor.randn(g, 4));
 * }</pre>
 *
 * Inputs are made contiguous float64 leaves that require grad (integer inputs are passed as constants); to test an
 * op on non-contiguous data, let the function make the view ({@code v -> op(v[0].transpose(0, 1))}).
 */
public final class GradCheck {
    private GradCheck() {}

    /** Thrown when analytic and numeric gradients differ. */
    public static final class Failure extends AssertionError {
        Failure(String msg) { super(msg); }
    }

    /** Checks with PyTorch's defaults: eps 1e-6, atol 1e-5, rtol 1e-3. */
    public static void check(String name, Function<Variable[], Variable> f, Tensor... inputs) {
        check(name, f, 1e-6, 1e-5, 1e-3, inputs);
    }

    /** Checks with the given step and tolerances: |analytic - numeric| <= atol + rtol |numeric| for each element. */
    public static void check(String name, Function<Variable[], Variable> f, double eps, double atol, double rtol, Tensor... inputs) {
        try (Scope s = Scope.open()) {
            Tensor[] xs = new Tensor[inputs.length];
            Variable[] vars = new Variable[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                Tensor in = inputs[i];
                boolean diff = in.dtype().isFloatingPoint();
                xs[i] = diff ? in.to(DType.FLOAT64).copy() : in;
                vars[i] = diff ? Variable.param(xs[i]) : Variable.of(xs[i]);
            }
            try {
                compare(name, f, eps, atol, rtol, xs, vars);
            } finally {
                for (Variable v : vars) v.zeroGrad();
            }
        }
    }

    private static void compare(String name, Function<Variable[], Variable> f, double eps, double atol, double rtol, Tensor[] xs, Variable[] vars) {
        {
            Variable y = f.apply(vars);
            if (!y.requiresGrad()) throw new Failure(name + ": the output does not depend on any input that requires grad");
            Tensor v = Tensor.randn(new Generator(1234), y.shape()).to(y.device(), DType.FLOAT64);
            y.backward(v.to(y.dtype()));
            for (int i = 0; i < xs.length; i++) {
                if (!vars[i].requiresGrad()) continue;
                Tensor analytic = vars[i].grad() == null ? xs[i].zerosLike() : vars[i].grad();
                double[] a = analytic.toDoubleArray();
                double[] x = xs[i].toDoubleArray();
                double[] numeric = new double[x.length];
                for (int j = 0; j < x.length; j++) {
                    numeric[j] = (loss(f, vars, xs, i, j, x[j] + eps, v) - loss(f, vars, xs, i, j, x[j] - eps, v)) / (2 * eps);
                    set(xs[i], j, x[j]);
                }
                for (int j = 0; j < x.length; j++) {
                    if (!(Math.abs(a[j] - numeric[j]) <= atol + rtol * Math.abs(numeric[j]))) {
                        throw new Failure(name + ": gradient of input " + i + " " + Arrays.toString(xs[i].shape()) + " differs at flat index "
                                + j + ": analytic " + a[j] + ", numeric " + numeric[j] + "\nanalytic " + Arrays.toString(a)
                                + "\nnumeric  " + Arrays.toString(numeric));
                    }
                }
            }
        }
    }

    private static double loss(Function<Variable[], Variable> f, Variable[] vars, Tensor[] xs, int i, int j, double value, Tensor v) {
        set(xs[i], j, value);
        try (Scope s = Scope.open(); var ng = GradMode.noGrad()) {
            Tensor y = f.apply(vars).data();
            return y.to(DType.FLOAT64).mul(v).sum().item();
        }
    }

    /** Writes element j (flat, row-major) of the contiguous float64 tensor x. */
    private static void set(Tensor x, int j, double value) {
        x.reshape(-1).narrow(0, j, 1).fill_(value);
    }
}
