package dev.axial.metrics;

import dev.axial.tensor.Backends;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** DiceMetric on cuda:0 computes on the device and equals the CPU's scores, NaNs and aggregate. */
class CudaDiceMetricTest {
    @Test void diceOnTheDeviceEqualsTheCpu() {
        Device cuda = Device.cuda(0);
        assumeTrue(Backends.isAvailable(cuda), () -> "no CUDA backend: " + Backends.status().get("cuda"));
        for (boolean ignoreEmpty : new boolean[]{true, false}) {
            try (Scope s = Scope.open(); DiceMetric mc = new DiceMetric().ignoreEmpty(ignoreEmpty);
                 DiceMetric mg = new DiceMetric().ignoreEmpty(ignoreEmpty)) {
                Generator g = new Generator(9);
                Tensor pred = Tensor.rand(g, 3, 2, 5, 6, 7).gt(0.5).to(DType.FLOAT32);
                Tensor label = Tensor.rand(g, 3, 2, 5, 6, 7).gt(0.7).to(DType.FLOAT32);
                label.narrow(0, 2, 1).narrow(1, 1, 1).fill_(0);   // an empty ground truth: NaN or 0/1
                Tensor c = mc.call(pred, label), d = mg.call(pred.to(cuda), label.to(cuda));
                assertEquals(cuda, d.device(), "scores stay on the device");
                assertArrayEquals(c.toFloatArray(), d.to(Device.CPU).toFloatArray(), 1e-6f);
                assertEquals(mc.aggregate().item(), mg.aggregate().item(), 1e-6);
            }
        }
    }
}
