package dev.axial.nn.losses;

import dev.axial.autograd.GradCheck;
import dev.axial.autograd.Variable;
import dev.axial.tensor.Device;
import dev.axial.tensor.Fixtures;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/** DiceLoss and DiceCELoss against MONAI 1.5 (tools/fixtures/gen_dice.py), finite differences, and bad input. */
class DiceLossTest {
    private static final Fixtures FX = Fixtures.load("dice_loss");

    private record Case(Supplier<Loss> loss, String input, String target) {}

    private static Map<String, Case> diceCases() {
        Map<String, Case> m = new LinkedHashMap<>();
        m.put("default", new Case(DiceLoss::new, "p3", "oh3"));
        m.put("sigmoid", new Case(() -> new DiceLoss().sigmoid(true), "x1", "t1"));
        m.put("sigmoid_c3", new Case(() -> new DiceLoss().sigmoid(true), "x3", "oh3"));
        m.put("softmax_onehot", new Case(() -> new DiceLoss().softmax(true).toOnehotY(true), "x3", "lab3"));
        m.put("softmax_nobg", new Case(() -> new DiceLoss().softmax(true).toOnehotY(true).includeBackground(false), "x3", "lab3"));
        m.put("squared", new Case(() -> new DiceLoss().sigmoid(true).squaredPred(true), "x3", "oh3"));
        m.put("jaccard", new Case(() -> new DiceLoss().softmax(true).jaccard(true), "x3", "oh3"));
        m.put("jaccard_squared", new Case(() -> new DiceLoss().sigmoid(true).jaccard(true).squaredPred(true), "x3", "oh3"));
        m.put("batch", new Case(() -> new DiceLoss().softmax(true).batch(true), "x3", "oh3"));
        m.put("none", new Case(() -> new DiceLoss().softmax(true).reduction("none"), "x3", "oh3"));
        m.put("none_batch", new Case(() -> new DiceLoss().sigmoid(true).reduction("none").batch(true), "x3", "oh3"));
        m.put("sum", new Case(() -> new DiceLoss().sigmoid(true).reduction("sum"), "x3", "oh3"));
        m.put("weight", new Case(() -> new DiceLoss().softmax(true).weight(new double[]{0.2, 1.0, 3.0}), "x3", "oh3"));
        m.put("weight_scalar", new Case(() -> new DiceLoss().softmax(true).weight(0.7).reduction("none"), "x3", "oh3"));
        m.put("weight_nobg", new Case(() -> new DiceLoss().softmax(true).toOnehotY(true).includeBackground(false)
                .weight(new double[]{2.0, 0.5}), "x3", "lab3"));
        m.put("weight_c1_ignored", new Case(() -> new DiceLoss().sigmoid(true).weight(3.0), "x1", "t1"));
        m.put("other_act_tanh", new Case(() -> new DiceLoss().otherAct(Variable::tanh), "x3", "oh3"));
        m.put("smooth", new Case(() -> new DiceLoss().sigmoid(true).smoothNr(0).smoothDr(1e-3), "x3", "oh3"));
        m.put("soft_label", new Case(() -> new DiceLoss().sigmoid(true).softLabel(true), "x3", "soft3"));
        m.put("soft_label_targets_plain", new Case(() -> new DiceLoss().sigmoid(true), "x3", "soft3"));
        return m;
    }

    private static Map<String, Case> diceCeCases() {
        Map<String, Case> m = new LinkedHashMap<>();
        m.put("default_onehot", new Case(() -> new DiceCELoss().softmax(true).toOnehotY(true), "x3", "lab3"));
        m.put("onehot_target", new Case(() -> new DiceCELoss().softmax(true), "x3", "oh3"));
        m.put("lambdas_sum", new Case(() -> new DiceCELoss().softmax(true).toOnehotY(true).lambdaDice(0.3).lambdaCe(1.7).reduction("sum"), "x3", "lab3"));
        m.put("weight_nobg", new Case(() -> new DiceCELoss().softmax(true).toOnehotY(true).includeBackground(false)
                .weight(new double[]{0.5, 1.0, 2.0}), "x3", "lab3"));
        m.put("label_smoothing", new Case(() -> new DiceCELoss().softmax(true).toOnehotY(true).labelSmoothing(0.1), "x3", "lab3"));
        m.put("bce", new Case(() -> new DiceCELoss().sigmoid(true), "x1", "t1"));
        m.put("bce_pos_weight", new Case(() -> new DiceCELoss().sigmoid(true).weight(new double[]{2.0}), "x1", "t1"));
        return m;
    }

    @Test void diceLossMatchesMonai() { runCases("dice", diceCases()); }

    @Test void diceCeLossMatchesMonai() { runCases("dicece", diceCeCases()); }

    private static void runCases(String prefix, Map<String, Case> cases) {
        assertTrue(cases.size() >= 7);
        for (var e : cases.entrySet()) {
            String key = prefix + "." + e.getKey();
            try (Scope s = Scope.open()) {
                Case c = e.getValue();
                Variable x = Variable.param(FX.float32(c.input(), Device.CPU));
                Variable loss = c.loss().get().forward(x, Variable.of(FX.float32(c.target(), Device.CPU)));
                assertArrayEquals(FX.shape(key + ".loss"), loss.shape(), key + " shape");
                loss.sum().backward();
                assertClose(key + ".loss", FX.values(key + ".loss"), loss.data());
                assertClose(key + ".grad", FX.values(key + ".grad"), x.grad());
                x.close();
            }
        }
    }

    @Test void gradCheckFloat64() {
        Generator g = new Generator(7);
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.randn(g, 2, 3, 3, 4);
            Tensor oh = Tensor.randint(g, 0, 3, 2, 1, 3, 4).squeeze(1).oneHot(3).movedim(-1, 1).to(dev.axial.tensor.DType.FLOAT64);
            Tensor soft = Tensor.rand(g, 2, 3, 3, 4).to(dev.axial.tensor.DType.FLOAT64);
            Map<String, Supplier<DiceLoss>> opts = new LinkedHashMap<>();
            opts.put("sigmoid", () -> new DiceLoss().sigmoid(true));
            opts.put("softmax_nobg", () -> new DiceLoss().softmax(true).includeBackground(false));
            opts.put("squared_jaccard", () -> new DiceLoss().sigmoid(true).squaredPred(true).jaccard(true));
            opts.put("batch_weight_none", () -> new DiceLoss().softmax(true).batch(true).weight(new double[]{1, 2, 0.5}).reduction("none"));
            opts.put("soft_label", () -> new DiceLoss().sigmoid(true).softLabel(true));
            for (var e : opts.entrySet()) {
                Tensor t = e.getKey().equals("soft_label") ? soft : oh;
                GradCheck.check("DiceLoss " + e.getKey(), v -> e.getValue().get().forward(v[0], Variable.of(t)), x);
            }
            GradCheck.check("DiceCELoss", v -> new DiceCELoss().softmax(true).toOnehotY(true).weight(new double[]{1, 2, 0.5}).labelSmoothing(0.2)
                    .forward(v[0], Variable.of(oh.argmax(1, true).to(dev.axial.tensor.DType.FLOAT64))), x);
        }
    }

    @Test void badInputGetsClearErrors() {
        var ex = assertThrows(IllegalArgumentException.class, () -> new DiceLoss().sigmoid(true).softmax(true));
        assertTrue(ex.getMessage().contains("sigmoid") && ex.getMessage().contains("softmax"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DiceLoss().softmax(true).otherAct(Variable::tanh));
        assertThrows(IllegalArgumentException.class, () -> new DiceLoss().reduction("avg"));
        assertThrows(IllegalArgumentException.class, () -> new DiceCELoss().reduction("none"));
        assertThrows(IllegalArgumentException.class, () -> new DiceCELoss().lambdaCe(-1));
        try (Scope s = Scope.open()) {
            Variable x = Variable.param(Tensor.zeros(2, 3, 4, 4));
            Variable lab = Variable.of(Tensor.zeros(2, 1, 4, 4));
            ex = assertThrows(IllegalArgumentException.class, () -> new DiceLoss().forward(x, lab));
            assertTrue(ex.getMessage().contains("[2, 1, 4, 4]") && ex.getMessage().contains("[2, 3, 4, 4]"), ex.getMessage());
            ex = assertThrows(IllegalArgumentException.class, () -> new DiceLoss().weight(new double[]{1, 2}).forward(x, Variable.of(Tensor.zeros(2, 3, 4, 4))));
            assertTrue(ex.getMessage().contains("weight"), ex.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new DiceLoss().weight(-1).forward(x, Variable.of(Tensor.zeros(2, 3, 4, 4))));
            assertThrows(IllegalArgumentException.class, () -> new DiceLoss().forward(x, Variable.of(Tensor.zeros(2, 4, 4))));
            assertThrows(IllegalArgumentException.class, () -> new DiceCELoss().forward(x, Variable.of(Tensor.zeros(2, 2, 4, 4))));
        }
    }

    static void assertClose(String what, double[] want, Tensor got) {
        double[] g = got.toDoubleArray();
        assertEquals(want.length, g.length, what + " numel");
        for (int i = 0; i < g.length; i++)
            assertEquals(want[i], g[i], 2e-6 + 2e-5 * Math.abs(want[i]), what + " element " + i);
    }
}
