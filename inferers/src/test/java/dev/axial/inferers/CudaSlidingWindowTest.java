package dev.axial.inferers;

import dev.axial.tensor.Backends;
import dev.axial.tensor.Device;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Sliding-window inference of cuda:0 inputs runs on the device (windows, blending, padding) and equals the CPU's. */
class CudaSlidingWindowTest {
    @Test void constantAndGaussianBlendingMatchTheCpu() {
        Device cuda = Device.cuda(0);
        assumeTrue(Backends.isAvailable(cuda), () -> "no CUDA backend: " + Backends.status().get("cuda"));
        Function<Tensor, Tensor> predictor = w -> Tensor.cat(1, w.sigmoid(), w.mul(2));
        for (String mode : new String[]{"constant", "gaussian"}) {
            try (Scope s = Scope.open()) {
                Tensor x = Tensor.randn(new Generator(3), 2, 1, 9, 7, 11);
                long[] roi = {4, 8, 5};   // the 8 pads dim 1
                Tensor c = SlidingWindow.slidingWindowInference(x, roi, 3, predictor, new double[]{0.25}, mode, new double[]{0.125},
                        "constant", 0, false);
                Tensor g = SlidingWindow.slidingWindowInference(x.to(cuda), roi, 3, predictor, new double[]{0.25}, mode, new double[]{0.125},
                        "constant", 0, false);
                assertEquals(cuda, g.device());
                assertArrayEquals(c.shape(), g.shape());
                assertArrayEquals(c.toFloatArray(), g.to(Device.CPU).toFloatArray(), 1e-5f, mode);
            }
        }
    }
}
