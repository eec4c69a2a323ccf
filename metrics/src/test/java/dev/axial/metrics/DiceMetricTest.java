package dev.axial.metrics;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Fixtures;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/** DiceMetric and do_metric_reduction against MONAI 1.5 (tools/fixtures/gen_dice.py), plus buffer lifecycle and errors. */
class DiceMetricTest {
    private static final Fixtures FX = Fixtures.load("dice_metric");

    @Test void metricReductionReferenceCase() {
        try (Scope s = Scope.open()) {
            Tensor f = Tensor.of(new float[]{.5f, Float.NaN, 1, .2f, .4f, Float.NaN}, 2, 3);
            assertEquals(0.525, MetricUtils.doMetricReduction(f, "mean").f().item(), 1e-6);
            assertArrayEquals(new double[]{.35, .4, 1}, MetricUtils.doMetricReduction(f, "mean_batch").f().toDoubleArray(), 1e-6);
            assertTrue(Double.isNaN(f.getDouble(0, 1)), "the input is left as it was");
        }
    }

    @Test void metricReductionMatchesMonai() {
        try (Scope s = Scope.open()) {
            Tensor data = FX.float32("reduction.data", Device.CPU);
            for (String red : MetricUtils.REDUCTIONS) {
                MetricUtils.Reduced r = MetricUtils.doMetricReduction(data, red);
                assertClose(red + ".f", FX.values("reduction." + red + ".f"), r.f());
                assertArrayEquals(FX.shape("reduction." + red + ".f"), r.f().shape(), red);
                assertClose(red + ".not_nans", FX.values("reduction." + red + ".not_nans"), r.notNans());
            }
            var ex = assertThrows(IllegalArgumentException.class, () -> MetricUtils.doMetricReduction(data, "median"));
            assertTrue(ex.getMessage().contains("median") && ex.getMessage().contains("mean_batch"), ex.getMessage());
        }
    }

    @Test void diceMetricMatchesMonai() {
        Map<String, Supplier<DiceMetric>> cases = new LinkedHashMap<>();
        cases.put("default", DiceMetric::new);
        cases.put("nobg", () -> new DiceMetric().includeBackground(false));
        cases.put("keep_empty", () -> new DiceMetric().ignoreEmpty(false));
        cases.put("keep_empty_nobg", () -> new DiceMetric().ignoreEmpty(false).includeBackground(false));
        cases.put("mean_batch", () -> new DiceMetric().reduction("mean_batch"));
        cases.put("sum", () -> new DiceMetric().reduction("sum"));
        cases.put("none", () -> new DiceMetric().reduction("none"));
        try (Scope s = Scope.open()) {
            Tensor yp = FX.float32("y_pred", Device.CPU), y = FX.float32("y", Device.CPU);
            for (var e : cases.entrySet()) {
                String key = "metric." + e.getKey();
                try (DiceMetric m = e.getValue().get()) {
                    Tensor r1 = m.call(yp.narrow(0, 0, 2), y.narrow(0, 0, 2));
                    Tensor r2 = m.call(yp.narrow(0, 2, 1), y.narrow(0, 2, 1));
                    assertClose(key + ".raw", FX.values(key + ".raw"), Tensor.cat(0, r1, r2));
                    assertEquals(3, m.size());
                    assertClose(key + ".agg", FX.values(key + ".agg"), m.aggregate());
                }
            }
            // label maps with numClasses, and a single binary channel
            Tensor predLab = FX.tensor("pred_lab", Device.CPU), gtLab = FX.tensor("gt_lab", Device.CPU);
            try (DiceMetric m = new DiceMetric().numClasses(3).includeBackground(false)) {
                assertClose("labelmap.raw", FX.values("metric.labelmap_nc3_nobg.raw"), m.call(predLab, gtLab));
                assertClose("labelmap.agg", FX.values("metric.labelmap_nc3_nobg.agg"), m.aggregate());
            }
            try (DiceMetric m = new DiceMetric()) {
                assertClose("binary.raw", FX.values("metric.binary.raw"), m.call(predLab.eq(1).to(DType.FLOAT32), gtLab.eq(1).to(DType.FLOAT32)));
                assertClose("binary.agg", FX.values("metric.binary.agg"), m.aggregate());
            }
            try (DiceMetric m = new DiceMetric().reduction("mean_batch")) {
                m.call(yp, y);
                MetricUtils.Reduced r = m.aggregateWithNotNans();
                assertClose("not_nans.agg", FX.values("metric.not_nans.agg"), r.f());
                assertClose("not_nans.count", FX.values("metric.not_nans.count"), r.notNans());
            }
            // one-hot built in Java equals MONAI's one_hot
            assertClose("oneHot", FX.values("y_pred"), MetricUtils.oneHot(predLab, 3));
        }
    }

    @Test void bufferLifecycleAndLists() {
        try (Scope s = Scope.open(); DiceMetric m = new DiceMetric().reduction("mean_batch").returnWithLabel(true)) {
            Tensor yp = FX.float32("y_pred", Device.CPU), y = FX.float32("y", Device.CPU);
            Tensor listScores = m.call(List.of(yp.select(0, 0), yp.select(0, 1)), List.of(y.select(0, 0), y.select(0, 1)));
            assertArrayEquals(new long[]{2, 3}, listScores.shape());
            assertClose("list", java.util.Arrays.copyOf(FX.values("metric.default.raw"), 6), listScores);
            Map<String, Double> byLabel = m.aggregateWithLabels();
            assertEquals(List.of("label_0", "label_1", "label_2"), List.copyOf(byLabel.keySet()));
            m.reset();
            assertEquals(0, m.size());
            assertNull(m.getBuffer());
            assertThrows(IllegalStateException.class, m::aggregate);
            Tensor t = MetricUtils.threshold(Tensor.of(new float[]{.2f, .5f, .9f}, 3), .5);
            assertArrayEquals(new double[]{0, 1, 1}, t.toDoubleArray());
        }
    }

    @Test void badInputGetsClearErrors() {
        try (Scope s = Scope.open(); DiceMetric m = new DiceMetric()) {
            var ex = assertThrows(IllegalArgumentException.class, () -> m.call(Tensor.zeros(2, 3), Tensor.zeros(2, 3)));
            assertTrue(ex.getMessage().contains("3 dimensions"), ex.getMessage());
            ex = assertThrows(IllegalArgumentException.class, () -> m.call(Tensor.zeros(2, 3, 4, 4), Tensor.zeros(2, 3, 4, 5)));
            assertTrue(ex.getMessage().contains("[2, 3, 4, 5]"), ex.getMessage());
            ex = assertThrows(IllegalArgumentException.class, () -> m.call(Tensor.zeros(2, 3, 4, 4), Tensor.zeros(2, 2, 4, 4)));
            assertTrue(ex.getMessage().contains("channels"), ex.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new DiceMetric().reduction("avg"));
            assertThrows(IllegalArgumentException.class, () -> MetricUtils.oneHot(Tensor.zeros(2, 3, 4), 3));
        }
    }

    static void assertClose(String what, double[] want, Tensor got) {
        double[] g = got.toDoubleArray();
        assertEquals(want.length, g.length, what + " numel");
        for (int i = 0; i < g.length; i++) {
            if (Double.isNaN(want[i])) assertTrue(Double.isNaN(g[i]), what + " element " + i + " should be NaN, got " + g[i]);
            else assertEquals(want[i], g[i], 1e-6 + 1e-6 * Math.abs(want[i]), what + " element " + i);
        }
    }
}
