package dev.axial.optim;

import dev.axial.autograd.Variable;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.cpu.CpuStorage;
import dev.axial.tensor.cpu.Parallel;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Resuming from a state dict, bad state dicts, parameter groups, memory over many steps, speed and determinism. */
class OptimizerTest {
    private static Variable param(long seed, long... shape) {
        return Variable.param(Scope.release(Tensor.randn(new Generator(seed), shape)));
    }

    /** loss = sum(p² · 0.5 + p·0.3): gradient p + 0.3. */
    private static void backward(Variable p) {
        try (Scope s = Scope.open()) { p.mul(p).mul(0.5).add(p.mul(0.3)).sum().backward(); }
    }

    private static void steps(Optimizer opt, Variable p, int n) {
        for (int i = 0; i < n; i++) {
            opt.zeroGrad();
            backward(p);
            opt.step();
        }
    }

    @Test void resumingFromAStateDictContinuesTheSameTrajectory() {
        try (Scope s = Scope.open()) {
            Variable a = param(1, 40), b = param(1, 40);
            try (Adam oa = new Adam(List.of(a)).lr(0.05).amsgrad(true); Adam ob = new Adam(List.of(b)).lr(0.05).amsgrad(true)) {
                steps(oa, a, 3);
                steps(ob, b, 3);
                Map<String, Tensor> sd = oa.stateDict();
                assertEquals(List.of("state.0.step", "state.0.exp_avg", "state.0.exp_avg_sq", "state.0.max_exp_avg_sq",
                        "param_groups.0.lr", "param_groups.0.weight_decay"), List.copyOf(sd.keySet()));
                assertEquals(3.0, sd.get("state.0.step").item());
                // a fresh optimizer on a copy of the parameter, resumed, goes on exactly as the original
                Variable c = Variable.param(Scope.release(a.data().copy()));
                try (Adam oc = new Adam(List.of(c)).lr(0.9).amsgrad(true)) {
                    oc.loadStateDict(sd);
                    assertEquals(0.05, oc.lr(oc.paramGroups().get(0)), 0);
                    steps(oc, c, 4);
                    steps(oa, a, 4);
                    assertArrayEquals(a.data().toFloatArray(), c.data().toFloatArray());
                }
                c.close();
                c.data().close();
            }
            for (Variable v : List.of(a, b)) { v.close(); v.data().close(); }
        }
    }

    @Test void optimizerStateSurvivesASafetensorsFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        try (Scope s = Scope.open()) {
            Variable a = param(8, 12), c = Variable.param(Scope.release(a.data().copy()));
            java.nio.file.Path f = dir.resolve("opt.safetensors");
            try (Novograd na = new Novograd(List.of(a)).lr(0.05).weightDecay(0.01)) {
                steps(na, a, 2);
                dev.axial.nn.checkpoint.SafeTensors.write(f, na.stateDict());
                try (Novograd nc = new Novograd(List.of(c)).lr(0.05).weightDecay(0.01)) {
                    steps(nc, c, 2);
                    nc.loadStateDict(dev.axial.nn.checkpoint.SafeTensors.read(f));
                    steps(na, a, 3);
                    steps(nc, c, 3);
                    assertArrayEquals(a.data().toFloatArray(), c.data().toFloatArray());
                }
            }
            for (Variable v : List.of(a, c)) { v.close(); v.data().close(); }
        }
    }

    @Test void badStateDictsNameTheKeyAndChangeNothing() {
        try (Scope s = Scope.open()) {
            Variable a = param(2, 4, 5);
            try (Adam opt = new Adam(List.of(a))) {
                steps(opt, a, 1);
                Map<String, Tensor> bad = new HashMap<>(opt.stateDict());
                bad.put("state.0.exp_avg", Tensor.zeros(5, 4));
                var e = assertThrows(IllegalArgumentException.class, () -> opt.loadStateDict(bad));
                assertTrue(e.getMessage().contains("state.0.exp_avg") && e.getMessage().contains("[5, 4]") && e.getMessage().contains("[4, 5]"), e.getMessage());
                var e2 = assertThrows(IllegalArgumentException.class, () -> opt.loadStateDict(Map.of("state.3.exp_avg", Tensor.zeros(4, 5))));
                assertTrue(e2.getMessage().contains("state.3.exp_avg") && e2.getMessage().contains("has 1"), e2.getMessage());
                var e3 = assertThrows(IllegalArgumentException.class, () -> opt.loadStateDict(Map.of("state.0.momentum_buffer", Tensor.zeros(4, 5))));
                assertTrue(e3.getMessage().contains("momentum_buffer"), e3.getMessage());
                assertEquals(1.0, opt.stateDict().get("state.0.step").item());
            }
            a.close();
            a.data().close();
        }
    }

    @Test void groupsHaveTheirOwnLearningRateAndParametersWithoutGradientsAreSkipped() {
        try (Scope s = Scope.open()) {
            Variable a = param(3, 6), b = param(4, 6), frozen = param(5, 6);
            float[] frozenBefore = frozen.data().toFloatArray();
            try (SGD opt = new SGD(List.of(a), 0.1)) {
                opt.addParamGroup(new Optimizer.ParamGroup(List.of(b, frozen)).lr(0.0));
                float[] b0 = b.data().toFloatArray(), a0 = a.data().toFloatArray();
                backward(a);
                backward(b);
                opt.step();
                assertArrayEquals(b0, b.data().toFloatArray());              // lr 0 in its group
                assertArrayEquals(frozenBefore, frozen.data().toFloatArray()); // no gradient
                float[] a1 = a.data().toFloatArray();
                for (int i = 0; i < 6; i++) assertEquals(a0[i] - 0.1f * (a0[i] + 0.3f), a1[i], 1e-6);
                assertThrows(IllegalArgumentException.class, () -> opt.addParamGroup(new Optimizer.ParamGroup(List.of(a))));
                opt.zeroGrad();
                assertNull(a.grad());
            }
            for (Variable v : List.of(a, b, frozen)) { v.close(); v.data().close(); }
        }
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of()).betas(1.0, 0.9));
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of()).lr(-1));
    }

    @Test void hundredsOfStepsKeepLiveMemoryFlatAndCloseFreesTheState() {
        Variable a = param(6, 100, 30), b = param(7, 30);
        long before = CpuStorage.liveBytes();
        long live10 = -1;
        try (Novograd nv = new Novograd(List.of(a)).amsgrad(true); Adam ad = new Adam(List.of(b)).amsgrad(true)) {
            for (int i = 0; i < 300; i++) {
                nv.zeroGrad();
                ad.zeroGrad();
                backward(a);
                backward(b);
                nv.step();
                ad.step();
                if (i == 10) live10 = CpuStorage.liveBytes();
            }
            assertTrue(CpuStorage.liveBytes() <= live10, "live bytes grew from " + live10 + " to " + CpuStorage.liveBytes());
            nv.zeroGrad();
            ad.zeroGrad();
        }
        assertTrue(CpuStorage.liveBytes() <= before, "close frees the state: " + before + " -> " + CpuStorage.liveBytes());
        for (Variable v : List.of(a, b)) { v.close(); v.data().close(); }
    }

    /** Warms the fused loop up (the Vector API is slow until C2 compiles it), as any training run does. */
    static void warmUp() {
        try (Scope s = Scope.open()) {
            Variable w = Variable.param(Tensor.randn(new Generator(3), 4096));
            try (Adam opt = new Adam(List.of(w)).weightDecay(1e-4)) {
                backward(w);
                for (int i = 0; i < 3000; i++) opt.step();
            }
            w.close();
        }
    }

    @Test void fusedAdamIsTheSameWhateverTheThreadCount() {
        warmUp();
        int n = 5_000_000;
        int threads = Parallel.threads();
        float[][] results = new float[2][];
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 2; run++) {
            Parallel.setThreads(run == 0 ? 1 : Math.max(2, threads));
            try (Scope s = Scope.open()) {
                Variable p = Variable.param(Tensor.randn(new Generator(9), n));
                try (Adam opt = new Adam(List.of(p)).weightDecay(1e-4)) {
                    backward(p);
                    for (int i = 0; i < 10; i++) {
                        long t0 = System.nanoTime();
                        opt.step();
                        if (run == 1) best = Math.min(best, System.nanoTime() - t0);
                    }
                }
                results[run] = p.data().toFloatArray();
                p.close();
            } finally {
                Parallel.setThreads(threads);
            }
        }
        assertArrayEquals(results[0], results[1]);
        System.out.printf("Adam step, 5M float32 parameters: %.2f ms (best of 10, %d threads)%n", best / 1e6, Math.max(2, threads));
    }
}
