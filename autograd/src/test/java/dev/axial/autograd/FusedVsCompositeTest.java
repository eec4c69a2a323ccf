package dev.axial.autograd;

import dev.axial.autograd.ops.NormOps;
import dev.axial.tensor.DType;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The house rule for fused kernels: a composite op (softmax, the norms) may run a fused forward and backward only if
 * the fused backward equals the composite written from primitives. Each case runs both on the same float64 inputs
 * and compares the output and every input gradient.
 */
class FusedVsCompositeTest {
    private static final double EPS = 1e-5;

    /** Runs f on fresh leaves made from {@code inputs}, backward with {@code seed}; returns [output, grads...]. */
    private static Tensor[] run(Function<Variable[], Variable> f, Tensor seed, Tensor... inputs) {
        Variable[] v = new Variable[inputs.length];
        for (int i = 0; i < v.length; i++) v[i] = Variable.param(inputs[i].copy());
        Variable y = f.apply(v);
        y.backward(seed);
        Tensor[] out = new Tensor[v.length + 1];
        out[0] = y.data();
        for (int i = 0; i < v.length; i++) {
            out[i + 1] = v[i].grad().copy();
            v[i].close();
        }
        return out;
    }

    private static void assertSame(String what, Function<Variable[], Variable> fused, Function<Variable[], Variable> composite,
                                   long[] outShape, Tensor... inputs) {
        try (Scope s = Scope.open()) {
            Tensor seed = Tensor.randn(new Generator(99), outShape).to(DType.FLOAT64);
            Tensor[] a = run(fused, seed, inputs), b = run(composite, seed, inputs);
            for (int i = 0; i < a.length; i++) {
                assertArrayEquals(b[i].shape(), a[i].shape(), what + " shape " + i);
                double[] x = a[i].toDoubleArray(), y = b[i].toDoubleArray();
                for (int j = 0; j < x.length; j++)
                    assertEquals(y[j], x[j], 1e-9 * (1 + Math.abs(y[j])), what + (i == 0 ? " output" : " grad of input " + (i - 1)) + " at " + j);
            }
        }
    }

    private static Tensor randn(Generator g, long... shape) { return Tensor.randn(g, shape).to(DType.FLOAT64); }

    /** (x - mean) / sqrt(biased var + eps) over {@code dims}, from primitives. */
    private static Variable normalize(Variable x, int[] dims) {
        Variable centered = x.sub(x.mean(dims, true));
        Variable var = centered.square().mean(dims, true);
        return centered.mul(var.add(EPS).rsqrt());
    }

    @Test void batchNormTraining() {
        Generator g = new Generator(1);
        long[] shape = {3, 4, 5, 6};
        assertSame("batch_norm",
                v -> NormOps.batchNorm(v[0], null, null, v[1], v[2], true),
                v -> normalize(v[0], new int[]{0, 2, 3}).mul(v[1].reshape(1, 4, 1, 1)).add(v[2].reshape(1, 4, 1, 1)),
                shape, randn(g, shape).mul(3).add(2), randn(g, 4), randn(g, 4));
    }

    @Test void batchNormEvalUsesRunningStatistics() {
        Generator g = new Generator(2);
        long[] shape = {2, 3, 7};
        try (Scope s = Scope.open()) {
            Tensor rm = randn(g, 3), rv = Tensor.rand(g, 3).to(DType.FLOAT64).add(0.5);
            assertSame("batch_norm eval",
                    v -> NormOps.batchNorm(v[0], rm, rv, v[1], v[2], false),
                    v -> v[0].sub(rm.reshape(1, 3, 1)).mul(rv.add(EPS).rsqrt().reshape(1, 3, 1)).mul(v[1].reshape(1, 3, 1)).add(v[2].reshape(1, 3, 1)),
                    shape, randn(g, shape), randn(g, 3), randn(g, 3));
        }
    }

    /** prelu against where(x > 0, x, w x), with exact zeros in x (both send their gradient to the slope side). */
    @Test void prelu() {
        Generator g = new Generator(6);
        long[] shape = {2, 3, 4, 5};
        try (Scope s = Scope.open()) {
            Tensor x = randn(g, shape);
            x = x.where(x.abs().gt(0.3), 0.0);   // about a quarter exact zeros
            Tensor xs = x;
            assertSame("prelu per channel", v -> v[0].prelu(v[1]),
                    v -> v[0].where(xs.gt(0), v[0].mul(v[1].reshape(3, 1, 1))), shape, x, randn(g, 3));
            assertSame("prelu one slope", v -> v[0].prelu(v[1]), v -> v[0].where(xs.gt(0), v[0].mul(v[1])), shape, x, randn(g, 1));
        }
    }

    @Test void instanceNorm() {
        Generator g = new Generator(3);
        long[] shape = {2, 3, 4, 4, 3};
        assertSame("instance_norm", v -> NormOps.instanceNorm(v[0]), v -> normalize(v[0], new int[]{2, 3, 4}), shape, randn(g, shape));
    }

    @Test void groupNorm() {
        Generator g = new Generator(4);
        long[] shape = {2, 6, 5, 3};
        assertSame("group_norm",
                v -> NormOps.groupNorm(v[0], 3, v[1], v[2]),
                v -> normalize(v[0].reshape(2, 3, -1), new int[]{2}).reshape(shape).mul(v[1].reshape(1, 6, 1, 1)).add(v[2].reshape(1, 6, 1, 1)),
                shape, randn(g, shape), randn(g, 6), randn(g, 6));
    }

    @Test void layerNorm() {
        Generator g = new Generator(5);
        long[] shape = {3, 4, 5};
        assertSame("layer_norm",
                v -> NormOps.layerNorm(v[0], new long[]{4, 5}, v[1], v[2]),
                v -> normalize(v[0], new int[]{1, 2}).mul(v[1]).add(v[2]),
                shape, randn(g, shape), randn(g, 4, 5), randn(g, 4, 5));
    }

    @Test void softmaxAndLogSoftmax() {
        Generator g = new Generator(6);
        long[] shape = {3, 5, 4};
        assertSame("softmax", v -> v[0].softmax(1), v -> {
            Variable e = v[0].sub(v[0].amax(new int[]{1}, true)).exp();
            return e.div(e.sum(new int[]{1}, true));
        }, shape, randn(g, shape).mul(4));
        assertSame("log_softmax", v -> v[0].logSoftmax(-1), v -> {
            Variable z = v[0].sub(v[0].amax(new int[]{-1}, true));
            return z.sub(z.exp().sum(new int[]{-1}, true).log());
        }, shape, randn(g, shape).mul(4));
    }
}
