package dev.axial.nn;

import dev.axial.autograd.Variable;
import dev.axial.nn.losses.DiceCELoss;
import dev.axial.nn.losses.DiceLoss;
import dev.axial.nn.losses.Loss;
import dev.axial.nn.nets.UNet;
import dev.axial.tensor.Backends;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Module.to(cuda) moves parameters, gradients and buffers (identity kept), and DiceLoss/DiceCELoss on cuda:0 equal the CPU's. */
class CudaModuleTest {
    static final Device CUDA = Device.cuda(0);

    @BeforeAll static void cuda() {
        assumeTrue(Backends.isAvailable(CUDA), () -> "no CUDA backend: " + Backends.status().get("cuda"));
    }

    static void assertClose(Tensor a, Tensor b, double tol, String what) {
        float[] x = a.to(Device.CPU, DType.FLOAT32).toFloatArray(), y = b.to(Device.CPU, DType.FLOAT32).toFloatArray();
        assertEquals(x.length, y.length, what);
        for (int i = 0; i < x.length; i++) assertEquals(x[i], y[i], tol * Math.max(1, Math.abs(x[i])), what + " [" + i + "]");
    }

    @Test void toMovesParametersGradientsAndBuffersAndBack() {
        try (Scope s = Scope.open();
             UNet net = UNet.builder(2, 1, 2, new int[]{2, 4}, new int[]{2}).norm("batch").generator(new Generator(1)).build()) {
            List<Variable> params = net.parameters();
            Map<String, Tensor> before = new java.util.LinkedHashMap<>();
            net.stateDict().forEach((k, v) -> before.put(k, v.copy()));
            Variable w = params.getFirst();
            w.setGrad(Scope.release(w.data().onesLike()));
            assertSame(net, net.to(CUDA));
            assertEquals(params, net.parameters(), "parameters keep their identity");
            for (Variable p : params) assertEquals(CUDA, p.device());
            net.namedBuffers().forEach((k, b) -> assertEquals(CUDA, b.device(), k));
            assertEquals(CUDA, w.grad().device(), "the gradient moves with its parameter");
            assertClose(w.data().onesLike(), w.grad(), 0, "the gradient's values");
            net.to(CUDA);   // already there: nothing changes
            net.to(Device.CPU);
            net.stateDict().forEach((k, v) -> assertClose(before.get(k), v, 0, k));
            assertEquals(Device.CPU, w.grad().device());
        }
    }

    @Test void diceLossesAndTheirGradientsMatchTheCpu() {
        List<Loss> losses = List.of(new DiceLoss().sigmoid(true), new DiceLoss().softmax(true).toOnehotY(true).includeBackground(false),
                new DiceLoss().sigmoid(true).squaredPred(true).jaccard(true).batch(true), new DiceLoss().softmax(true).reduction("none"),
                new DiceCELoss().softmax(true).toOnehotY(true));
        for (Loss loss : losses) {
            try (Scope s = Scope.open()) {
                Generator g = new Generator(4);
                Tensor logits = Tensor.randn(g, 2, 3, 6, 5, 4);
                Tensor label = Tensor.randint(g, 0, 3, 2, 1, 6, 5, 4).to(DType.FLOAT32);
                Tensor target = loss == losses.get(1) || loss == losses.get(4) ? label : Tensor.rand(g, 2, 3, 6, 5, 4).gt(0.5).to(DType.FLOAT32);
                Variable xc = Variable.leaf(logits, true), xg = Variable.leaf(logits.to(CUDA), true);
                Variable lc = loss.forward(xc, Variable.of(target)), lg = loss.forward(xg, Variable.of(target.to(CUDA)));
                assertEquals(CUDA, lg.device());
                assertClose(lc.data(), lg.data(), 1e-5, "loss");
                lc.sum().backward();
                lg.sum().backward();
                assertClose(xc.grad(), xg.grad(), 1e-4, "gradient");
                xc.zeroGrad();
                xg.zeroGrad();
            }
        }
    }
}
