package dev.axial.metrics;

import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.cpu.CpuStorage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Epochs of per-batch calls, aggregate and reset keep live memory flat: the buffer is freed by reset. */
class MetricMemoryTest {
    @Test void callAggregateResetKeepsMemoryFlat() {
        Generator g = new Generator(9);
        Tensor pred = Scope.release(MetricUtils.oneHot(Tensor.randint(g, 0, 3, 2, 1, 8, 8, 8), 3));
        Tensor label = Scope.release(MetricUtils.oneHot(Tensor.randint(g, 0, 3, 2, 1, 8, 8, 8), 3));
        long live2 = -1;
        try (DiceMetric m = new DiceMetric().includeBackground(false)) {
            for (int epoch = 0; epoch < 30; epoch++) {
                try (Scope s = Scope.open()) {
                    for (int b = 0; b < 10; b++) m.call(pred, label);
                    assertTrue(m.aggregate().item() > 0);
                }
                m.reset();
                if (epoch == 2) live2 = CpuStorage.liveBytes();
            }
        }
        long end = CpuStorage.liveBytes();
        assertTrue(end <= live2, "live bytes grew from " + live2 + " to " + end);
        pred.close();
        label.close();
    }
}
