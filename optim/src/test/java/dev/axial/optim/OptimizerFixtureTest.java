package dev.axial.optim;

import dev.axial.autograd.Variable;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Fixtures;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Five steps of each optimizer on tools/fixtures/gen_optim.py's quadratic problem match torch.optim and MONAI's
 * Novograd, through the fused float32 loops and through the composite float64 path.
 */
class OptimizerFixtureTest {
    private static final Fixtures FX = Fixtures.load("optim");
    private static final String[] NAMES = {"w", "b"};

    static Stream<Arguments> configs() {
        Map<String, Function<List<Variable>, Optimizer>> m = new java.util.LinkedHashMap<>();
        m.put("sgd_momentum", ps -> new SGD(ps, 0.1).momentum(0.9).dampening(0.1).weightDecay(0.01));
        m.put("sgd_nesterov", ps -> new SGD(ps, 0.1).momentum(0.9).nesterov(true).weightDecay(0.01));
        m.put("adam", ps -> new Adam(ps).lr(0.1));
        m.put("adam_wd", ps -> new Adam(ps).lr(0.1).weightDecay(0.1));
        m.put("adam_amsgrad", ps -> new Adam(ps).lr(0.1).betas(0.8, 0.9).weightDecay(0.05).amsgrad(true));
        m.put("adamw", ps -> new AdamW(ps).lr(0.1));
        m.put("adamw_wd", ps -> new AdamW(ps).lr(0.1).weightDecay(0.3).amsgrad(true));
        m.put("novograd", ps -> new Novograd(ps).lr(0.1));
        m.put("novograd_wd_avg", ps -> new Novograd(ps).lr(0.1).weightDecay(0.01).gradAveraging(true));
        m.put("novograd_amsgrad", ps -> new Novograd(ps).lr(0.1).betas(0.7, 0.9).weightDecay(0.02).amsgrad(true));
        return m.entrySet().stream().flatMap(e -> Stream.of(
                Arguments.of(e.getKey(), e.getValue(), DType.FLOAT32), Arguments.of(e.getKey(), e.getValue(), DType.FLOAT64)));
    }

    @ParameterizedTest(name = "{0} {2}") @MethodSource("configs")
    void fiveStepsMatchPyTorch(String config, Function<List<Variable>, Optimizer> make, DType dtype) {
        try (Scope outer = Scope.open()) {
            Variable[] ps = new Variable[NAMES.length];
            Tensor[] c = new Tensor[NAMES.length], k = new Tensor[NAMES.length];
            for (int i = 0; i < NAMES.length; i++) {
                ps[i] = Variable.param(FX.tensor("init." + NAMES[i], Device.CPU).to(dtype));
                c[i] = FX.tensor("c." + NAMES[i], Device.CPU).to(dtype);
                k[i] = FX.tensor("k." + NAMES[i], Device.CPU).to(dtype);
            }
            try (Optimizer opt = make.apply(List.of(ps))) {
                for (int step = 1; step <= 5; step++) {
                    opt.zeroGrad();
                    try (Scope s = Scope.open()) {
                        Variable loss = null;
                        for (int i = 0; i < NAMES.length; i++) {
                            Variable li = ps[i].mul(ps[i]).mul(Variable.of(c[i])).mul(0.5).add(ps[i].mul(Variable.of(k[i]))).sum();
                            loss = loss == null ? li : loss.add(li);
                        }
                        loss.backward();
                    }
                    opt.step();
                    for (int i = 0; i < NAMES.length; i++)
                        assertClose(config + ".step" + step + "." + NAMES[i], FX.values(config + ".step" + step + "." + NAMES[i]), ps[i].data());
                }
                if (config.endsWith("amsgrad")) {
                    Map<String, Tensor> sd = opt.stateDict();
                    for (String key : new String[] {"state.0.step", "state.0.exp_avg", "state.1.exp_avg_sq", "state.1.max_exp_avg_sq"})
                        assertClose(config + "." + key, FX.values(config + "." + key), sd.get(key));
                }
            }
            for (Variable p : ps) p.close();
        }
    }

    @Test void novogradMatchesMonaiMapReference() {
        try (Scope s = Scope.open()) {
            Variable p = Variable.param(Tensor.of(new float[] {1, -2, 3}, 3));
            try (Novograd opt = new Novograd(List.of(p)).lr(0.1).weightDecay(0.01)) {
                for (int step = 1; step <= 3; step++) {
                    opt.zeroGrad();
                    try (Scope s2 = Scope.open()) { p.mul(p).sum().backward(); }
                    opt.step();
                    assertClose("monai.step" + step, FX.values("monai.step" + step), p.data());
                }
            }
            float[] v = p.data().toFloatArray();
            // monai-map's rounded figures
            assertEquals(0.84805, v[0], 1e-5);
            assertEquals(-1.69609, v[1], 1e-5);
            assertEquals(2.54414, v[2], 1e-5);
            p.close();
        }
    }

    static void assertClose(String what, double[] want, Tensor got) {
        double[] g = got.to(DType.FLOAT64).toDoubleArray();
        assertEquals(want.length, g.length, what + ": length");
        for (int i = 0; i < want.length; i++)
            assertTrue(Math.abs(want[i] - g[i]) <= 1e-5 + 1e-5 * Math.abs(want[i]),
                    what + "[" + i + "]: expected " + want[i] + ", got " + g[i]);
    }
}
