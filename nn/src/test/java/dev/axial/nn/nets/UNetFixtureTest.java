package dev.axial.nn.nets;

import dev.axial.autograd.GradMode;
import dev.axial.autograd.Variable;
import dev.axial.nn.layers.factories.LayerSpec;
import dev.axial.tensor.Device;
import dev.axial.tensor.Fixtures;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * MONAI's UNet with given weights (tools/fixtures/gen_unet.py: a seeded torch init with non-trivial norm and PReLU
 * values) loaded strictly: eval-mode output and d(sum output)/d(input) match MONAI's within float32 tolerance, and a
 * train-mode forward with batch norm gives MONAI's output and running statistics after.
 */
class UNetFixtureTest {
    static final double ATOL = 2e-5, RTOL = 1e-4;

    /** Loads the fixture's state dict by this net's keys (strict: the load itself checks keys and shapes). */
    static void load(UNet net, Fixtures fx, String prefix) {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        for (String k : net.stateDict().keySet()) {
            String key = prefix + ".sd." + k;
            // NOTE: Fixtures.tensor makes a 0-dim entry (num_batches_tracked) 1-D [1]; give it its stored shape back
            sd.put(k, fx.tensor(key, Device.CPU).reshape(fx.shape(key)));
        }
        assertTrue(net.loadStateDict(sd, true).isClean());
    }

    static void close(Tensor want, Tensor got, String what) {
        assertArrayEquals(want.shape(), got.shape(), what + ": shape");
        float[] w = want.toFloatArray(), g = got.toFloatArray();
        double worst = 0;
        int at = -1;
        for (int i = 0; i < w.length; i++) {
            double err = Math.abs(w[i] - g[i]) - (ATOL + RTOL * Math.abs(w[i]));
            if (err > worst) {
                worst = err;
                at = i;
            }
        }
        if (at >= 0) fail(what + ": element " + at + " is " + g[at] + ", MONAI " + w[at]);
    }

    void evalCase(String name, UNet net) {
        Fixtures fx = Fixtures.load("unet_" + name);
        try (net; Scope s = Scope.open()) {
            load(net, fx, name);
            net.eval();
            Variable x = Variable.leaf(fx.float32(name + ".x", Device.CPU), true);
            Variable y = net.forward(x);
            close(fx.float32(name + ".y", Device.CPU), y.data(), name + " eval output");
            y.sum().backward();
            close(fx.float32(name + ".gx", Device.CPU), x.grad(), name + " input gradient");
            if (fx.has(name + ".train.y")) {
                net.train();
                try (var ng = GradMode.noGrad()) {
                    Variable yt = net.forward(Variable.of(fx.float32(name + ".x", Device.CPU)));
                    close(fx.float32(name + ".train.y", Device.CPU), yt.data(), name + " train output");
                }
                for (var e : net.stateDict().entrySet()) {
                    Tensor want = fx.tensor(name + ".after.sd." + e.getKey(), Device.CPU);
                    if (e.getKey().endsWith("num_batches_tracked")) assertEquals(want.item(), e.getValue().item(), e.getKey());
                    else close(want.to(dev.axial.tensor.DType.FLOAT32), e.getValue(), name + " after train: " + e.getKey());
                }
            }
        }
    }

    @Test void res3dInstanceNorm() {
        evalCase("res3d", UNet.builder(3, 1, 2, new int[]{4, 8, 16}, new int[]{2, 2}).numResUnits(2).build());
    }

    @Test void bn2dPlainConvolutionsEvalAndTrain() {
        evalCase("bn2d", UNet.builder(2, 1, 2, new int[]{4, 8, 16}, new int[]{2, 2}).norm("BATCH").build());
    }

    @Test void bnres3dOneSubunitEvalAndTrain() {
        evalCase("bnres3d", UNet.builder(3, 2, 3, new int[]{4, 8, 8}, new int[]{2, 1}).numResUnits(1).norm("BATCH").build());
    }

    @Test void opts2dLeakyReluAffineInstanceKernel5AdnOrdering() {
        evalCase("opts2d", UNet.builder(2, 2, 1, new int[]{4, 6, 8}, new int[]{2, 1}).kernelSize(5).upKernelSize(3).numResUnits(1)
                .act(LayerSpec.of("leakyrelu", Map.of("negative_slope", 0.1))).norm(LayerSpec.of("instance", Map.of("affine", true)))
                .adnOrdering("ADN").bias(false).build());
    }
}
