package dev.axial.autograd;

import dev.axial.autograd.ops.NormOps;
import dev.axial.tensor.DType;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gradcheck of every differentiable norm; inputs (2, 4, 3) transposed inside the function to (2, 3, 4), non-contiguous. */
class NormOpsTest {
    private static Tensor pos(Generator g, long... shape) { return Tensor.rand(g, shape).add(0.5); }

    @Test
    void batchNorm() {
        Generator g = new Generator(21);
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.randn(g, 2, 4, 3), w = pos(g, 3), b = Tensor.randn(g, 3);
            GradCheck.check("batchNorm train", v -> NormOps.batchNorm(v[0].transpose(1, 2), null, null, v[1], v[2], true), x, w, b);
            GradCheck.check("batchNorm train, no affine", v -> NormOps.batchNorm(v[0].transpose(1, 2), null, null, null, null, true), x);
            Tensor rm = Tensor.randn(g, 3).to(DType.FLOAT64), rv = pos(g, 3).to(DType.FLOAT64);
            GradCheck.check("batchNorm eval", v -> NormOps.batchNorm(v[0].transpose(1, 2), rm, rv, v[1], v[2], false), x, w, b);
            GradCheck.check("batchNorm (N, C)", v -> NormOps.batchNorm(v[0], null, null, v[1], null, true), Tensor.randn(g, 5, 3), w);
        }
    }

    @Test
    void batchNormUpdatesRunningStatsWhichGetNoGradient() {
        try (Scope s = Scope.open()) {
            Variable x = Variable.param(Tensor.of(new double[]{1, 2, 3, 5}, 4, 1));
            Tensor rm = Tensor.zeros(DType.FLOAT64, x.device(), 1), rv = Tensor.ones(DType.FLOAT64, x.device(), 1);
            Variable y = NormOps.batchNorm(x, rm, rv, null, null, true);
            y.mul(y).sum().backward();
            assertEquals(0.1 * 2.75, rm.item(), 1e-12);
            // unbiased variance of {1, 2, 3, 5}: 2.9166...
            assertEquals(0.9 + 0.1 * (3.0625 + 0.5625 + 0.0625 + 5.0625) / 3, rv.item(), 1e-12);
            assertTrue(x.grad() != null);
            x.close();
        }
    }

    @Test
    void instanceNorm() {
        Generator g = new Generator(22);
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.randn(g, 2, 4, 3), w = pos(g, 3), b = Tensor.randn(g, 3);
            GradCheck.check("instanceNorm", v -> NormOps.instanceNorm(v[0].transpose(1, 2), null, null, v[1], v[2], true, 0.1, 1e-5), x, w, b);
            GradCheck.check("instanceNorm defaults", v -> NormOps.instanceNorm(v[0]), Tensor.randn(g, 2, 3, 2, 2));
            Tensor rm = Tensor.randn(g, 3).to(DType.FLOAT64), rv = pos(g, 3).to(DType.FLOAT64);
            GradCheck.check("instanceNorm running stats", v -> NormOps.instanceNorm(v[0].transpose(1, 2), rm, rv, v[1], v[2], false, 0.1, 1e-5), x, w, b);
        }
    }

    @Test
    void groupAndLayerNorm() {
        Generator g = new Generator(23);
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.randn(g, 2, 3, 4), w = pos(g, 4), b = Tensor.randn(g, 4);
            GradCheck.check("groupNorm", v -> NormOps.groupNorm(v[0].transpose(1, 2), 2, v[1], v[2]), x, w, b);
            GradCheck.check("groupNorm no affine, 3-D", v -> NormOps.groupNorm(v[0], 3, null, null), Tensor.randn(g, 2, 6, 2, 1, 2));
            Tensor lw = pos(g, 4, 3), lb = Tensor.randn(g, 4, 3);
            GradCheck.check("layerNorm", v -> NormOps.layerNorm(v[0].transpose(1, 2), new long[]{4, 3}, v[1], v[2]), Tensor.randn(g, 2, 3, 4), lw, lb);
            GradCheck.check("layerNorm last dim", v -> NormOps.layerNorm(v[0], new long[]{5}, v[1], null), Tensor.randn(g, 3, 5), pos(g, 5));
        }
    }

    @Test
    void localResponseNorm() {
        Generator g = new Generator(24);
        try (Scope s = Scope.open()) {
            for (int size : new int[]{1, 2, 3, 5})
                GradCheck.check("localResponseNorm size " + size, v -> NormOps.localResponseNorm(v[0].transpose(1, 2), size, 0.5, 0.75, 1.5),
                        Tensor.randn(g, 2, 3, 4));
        }
    }

    @Test
    void stepsLeaveNothingBehind() {
        try (Scope outer = Scope.open()) {
            Generator g = new Generator(25);
            Variable x = Variable.param(Tensor.randn(g, 2, 3, 4)), w = Variable.param(pos(g, 3));
            Tensor rm = Tensor.zeros(3), rv = Tensor.ones(3);
            int before = outer.ownedCount();
            for (int step = 0; step < 5; step++) {
                try (Scope s = Scope.open()) {
                    NormOps.batchNorm(x, rm, rv, w, null, true).sum().backward();
                    NormOps.groupNorm(x, 3, w, null).sum().backward();
                    NormOps.instanceNorm(x).sum().backward();
                }
                x.zeroGrad();
                w.zeroGrad();
            }
            assertEquals(before, outer.ownedCount());
        }
    }

    @Test
    void noGraphWithoutGradAndBadInput() {
        try (Scope s = Scope.open()) {
            Variable y = NormOps.groupNorm(Variable.of(Tensor.randn(new Generator(1), 2, 4, 3)), 2, null, null);
            assertNull(y.gradFnName());
            TensorException e = assertThrows(TensorException.class,
                    () -> NormOps.groupNorm(Variable.param(Tensor.zeros(2, 4, 3)), 3, null, null));
            assertTrue(e.getMessage().startsWith("groupNorm:") && e.getMessage().contains("[2, 4, 3]"), e.getMessage());
        }
    }
}
