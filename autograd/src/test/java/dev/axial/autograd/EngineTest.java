package dev.axial.autograd;

import dev.axial.tensor.DType;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.cpu.CpuStorage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class EngineTest {
    static void assertValues(double[] expected, Tensor t, double tol) {
        double[] got = t.toDoubleArray();
        assertEquals(expected.length, got.length, "numel");
        for (int i = 0; i < got.length; i++) assertEquals(expected[i], got[i], tol, "element " + i);
    }

    @Test void chainRuleAndSharedInputs() {
        try (Scope s = Scope.open()) {
            Variable a = Variable.param(Tensor.of(new double[]{1, 2, 3}, 3));
            Variable b = Variable.param(Tensor.of(new double[]{4, 5, 6}, 3));
            // y = sum(a*b + a*a) -> dy/da = b + 2a, dy/db = a
            Variable y = a.mul(b).add(a.mul(a)).sum();
            assertEquals(4 + 10 + 18 + 1 + 4 + 9, y.item(), 1e-12);
            y.backward();
            assertValues(new double[]{6, 9, 12}, a.grad(), 1e-12);
            assertValues(new double[]{1, 2, 3}, b.grad(), 1e-12);
            a.close();
            b.close();
        }
    }

    @Test void broadcastingIsSummedBack() {
        try (Scope s = Scope.open()) {
            Variable a = Variable.param(Tensor.of(new double[]{1, 2, 3}, 3, 1));
            Variable b = Variable.param(Tensor.of(new double[]{10, 20, 30, 40}, 4));
            a.add(b).mul(b).sum().backward();
            assertArrayEquals(new long[]{3, 1}, a.grad().shape());
            assertValues(new double[]{100, 100, 100}, a.grad(), 1e-12);
            // d/db sum_i (a_i + b_j) b_j = sum_i (a_i + 2 b_j)
            assertValues(new double[]{66, 126, 186, 246}, b.grad(), 1e-12);
            a.close();
            b.close();
        }
    }

    @Test void diamondGraphRunsEachNodeOnce() {
        try (Scope s = Scope.open()) {
            Variable x = Variable.param(Tensor.of(new double[]{0.5, -1}, 2));
            Variable h = x.exp();                 // shared by two branches
            Variable y = h.mul(h).add(h).sum();   // dy/dx = (2h + 1) h
            y.backward();
            double[] e = {Math.exp(0.5), Math.exp(-1)};
            assertValues(new double[]{(2 * e[0] + 1) * e[0], (2 * e[1] + 1) * e[1]}, x.grad(), 1e-12);
            x.close();
        }
    }

    @Test void gradientsAccumulateAcrossBackwardCalls() {
        try (Scope s = Scope.open()) {
            Variable x = Variable.param(Tensor.of(new double[]{1, 2}, 2));
            x.mul(3).sum().backward();
            x.mul(3).sum().backward();
            assertValues(new double[]{6, 6}, x.grad(), 0);
            x.zeroGrad();
            assertNull(x.grad());
        }
    }

    @Test void secondBackwardNeedsRetainGraph() {
        try (Scope s = Scope.open()) {
            Variable x = Variable.param(Tensor.of(new double[]{1, 2}, 2));
            Variable y = x.exp().sum();
            y.backward(Tensor.scalar(DType.FLOAT64, x.device(), 1), true);
            y.backward(Tensor.scalar(DType.FLOAT64, x.device(), 1), false);
            assertValues(new double[]{2 * Math.exp(1), 2 * Math.exp(2)}, x.grad(), 1e-12);
            IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
            assertTrue(e.getMessage().contains("second time") && e.getMessage().contains("retainGraph"), e.getMessage());
            x.close();
        }
    }

    @Test void nonScalarNeedsASeed() {
        try (Scope s = Scope.open()) {
            Variable x = Variable.param(Tensor.of(new double[]{1, 2}, 2));
            Variable y = x.mul(2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, y::backward);
            assertTrue(e.getMessage().contains("one-element") && e.getMessage().contains("[2]"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> y.backward(Tensor.ones(DType.FLOAT64, x.device(), 3)));
            y.backward(Tensor.of(new double[]{1, -1}, 2));
            assertValues(new double[]{2, -2}, x.grad(), 0);
            x.close();
        }
    }

    @Test void constantsAndNoGradRecordNothing() {
        try (Scope s = Scope.open()) {
            Variable c = Variable.of(Tensor.of(new double[]{1, 2}, 2));
            assertFalse(c.mul(2).requiresGrad());
            assertThrows(IllegalStateException.class, () -> c.sum().backward());
            Variable x = Variable.param(Tensor.of(new double[]{1, 2}, 2));
            try (var ng = GradMode.noGrad()) {
                assertFalse(GradMode.isEnabled());
                Variable y = x.mul(2);
                assertFalse(y.requiresGrad());
                assertTrue(y.isLeaf());
                try (var eg = GradMode.enableGrad()) {
                    assertTrue(x.mul(2).requiresGrad());
                }
                assertFalse(GradMode.isEnabled());
            }
            assertTrue(GradMode.isEnabled());
            assertFalse(x.detach().requiresGrad());
            assertThrows(IllegalArgumentException.class, () -> Variable.param(Tensor.of(new int[]{1}, 1)));
        }
    }

    @Test void noGradIsThreadConfined() throws Exception {
        try (var ng = GradMode.noGrad()) {
            boolean[] other = new boolean[1];
            Thread t = new Thread(() -> other[0] = GradMode.isEnabled());
            t.start();
            t.join();
            assertTrue(other[0], "a worker thread does not inherit no-grad mode");
        }
    }

    @Test void hooksSeeTheTotalGradientOnce() {
        try (Scope s = Scope.open()) {
            Variable x = Variable.param(Tensor.of(new double[]{1, 2}, 2));
            int[] calls = {0};
            x.registerHook(g -> {
                calls[0]++;
                return g.mul(10);
            });
            x.mul(2).add(x.mul(3)).sum().backward();
            assertEquals(1, calls[0]);
            assertValues(new double[]{50, 50}, x.grad(), 0);
            Variable y = x.mul(2);
            assertThrows(IllegalStateException.class, () -> y.registerHook(g -> g));
            x.close();
        }
    }

    @Test void retainGradKeepsAnIntermediateGradient() {
        try (Scope s = Scope.open()) {
            Variable x = Variable.param(Tensor.of(new double[]{1, 2}, 2));
            Variable h = x.mul(3).retainGrad();
            Variable other = x.mul(4);
            h.mul(h).sum().backward();
            assertValues(new double[]{6, 12}, h.grad(), 0);
            assertNull(other.grad());
            assertValues(new double[]{18, 36}, x.grad(), 0);
            h.close();
            x.close();
        }
    }

    @Test void branchWithoutGradientStillReleasesItsNodes() {
        try (Scope s = Scope.open()) {
            Variable x = Variable.param(Tensor.of(new double[]{1, 2}, 2));
            Variable h = x.exp();
            Variable unused = h.mul(2);   // consumes h but is not part of y
            Variable y = h.sum();
            y.backward();
            assertValues(new double[]{Math.exp(1), Math.exp(2)}, x.grad(), 1e-12);
            x.close();
        }
    }

    @Test void matmulAndReductionsMatchFiniteDifferences() {
        Generator g = new Generator(7);
        try (Scope s = Scope.open()) {
            GradCheck.check("matmul 2x2", v -> v[0].matmul(v[1]), Tensor.randn(g, 3, 4), Tensor.randn(g, 4, 2));
            GradCheck.check("matmul batched broadcast", v -> v[0].matmul(v[1]), Tensor.randn(g, 2, 3, 4), Tensor.randn(g, 4, 5));
            GradCheck.check("matmul vec", v -> v[0].matmul(v[1]), Tensor.randn(g, 4), Tensor.randn(g, 2, 4, 3));
            GradCheck.check("matmul dot", v -> v[0].matmul(v[1]), Tensor.randn(g, 4), Tensor.randn(g, 4));
            GradCheck.check("div", v -> v[0].div(v[1]), Tensor.randn(g, 3, 4), Tensor.rand(g, 4).add(0.5));
            GradCheck.check("sum dims", v -> v[0].sum(new int[]{0, 2}, false).exp(), Tensor.randn(g, 2, 3, 4));
            GradCheck.check("transposed view", v -> v[0].transpose(0, 1).reshape(-1).mul(v[1]), Tensor.randn(g, 3, 4), Tensor.randn(g, 12));
            GradCheck.Failure f = assertThrows(GradCheck.Failure.class,
                    () -> GradCheck.check("wrong", v -> MathOpsWithWrongGradient.square(v[0]), Tensor.randn(g, 3)));
            assertTrue(f.getMessage().contains("wrong"), f.getMessage());
        }
    }

    /** A deliberately wrong formula, to prove gradcheck fails. */
    static final class MathOpsWithWrongGradient {
        static Variable square(Variable a) {
            Tensor x = a.data();
            return Graph.record("square", x.mul(x), (g, need) -> Graph.grads(g.mul(x)), a);   // should be 2 g x
        }
    }

    @Test void memoryStaysFlatOverTrainingSteps() {
        Generator g = new Generator(3);
        Variable w1 = Variable.param(Scope.release(Tensor.randn(g, 16, 32).mul(0.1)));
        Variable w2 = Variable.param(Scope.release(Tensor.randn(g, 32, 1).mul(0.1)));
        Tensor x = Tensor.randn(g, 8, 16);
        long before = -1;
        for (int step = 0; step < 10_000; step++) {
            try (Scope s = Scope.open()) {
                Variable loss = Variable.of(x).matmul(w1).relu().matmul(w2).mul(Variable.of(x).sum()).mean();
                loss.backward();
                try (var ng = GradMode.noGrad()) {
                    w1.data().sub_(w1.grad().mul(1e-4));
                    w2.data().sub_(w2.grad().mul(1e-4));
                }
                w1.zeroGrad();
                w2.zeroGrad();
            }
            if (step == 10) before = CpuStorage.liveBytes();
        }
        // NOTE: <=, not ==: the GC may free a tensor leaked by another test meanwhile, never add one of ours
        assertTrue(CpuStorage.liveBytes() <= before, "live bytes grew from " + before + " to " + CpuStorage.liveBytes() + " over 10,000 steps");
        w1.data().close();
        w2.data().close();
        x.close();
    }
}
