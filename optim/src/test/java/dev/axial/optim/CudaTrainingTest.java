package dev.axial.optim;

import dev.axial.autograd.Variable;
import dev.axial.nn.losses.DiceLoss;
import dev.axial.nn.nets.UNet;
import dev.axial.tensor.Backends;
import dev.axial.tensor.Device;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.cuda.CudaMemory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The training step on cuda:0 (in tests: the CPU emulator) equals the CPU's: a MONAI UNet forward + backward +
 * Adam steps, the fused SGD and Novograd kernels against the CPU's fused loops, and device memory flat over steps.
 */
class CudaTrainingTest {
    static final Device CUDA = Device.cuda(0);

    @BeforeAll static void cuda() {
        assumeTrue(Backends.isAvailable(CUDA), () -> "no CUDA backend: " + Backends.status().get("cuda"));
    }

    static UNet unet(long seed) {
        return UNet.builder(3, 1, 1, new int[]{4, 8, 16}, new int[]{2, 2}).numResUnits(1).norm("instance").generator(new Generator(seed)).build();
    }

    static void assertClose(Tensor cpu, Tensor cuda, double tol, String what) {
        float[] a = cpu.to(dev.axial.tensor.DType.FLOAT32).toFloatArray(), b = cuda.to(Device.CPU).to(dev.axial.tensor.DType.FLOAT32).toFloatArray();
        assertEquals(a.length, b.length, what);
        double scale = 0;
        for (float v : a) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < a.length; i++)
            assertEquals(a[i], b[i], tol * Math.max(1, scale), what + " [" + i + "] of " + a.length);
    }

    /** Losses of {@code steps} steps of forward, DiceLoss(sigmoid), backward and the optimizer on {@code device}. */
    static double[] train(UNet net, Device device, Tensor x, Tensor y, int steps, Function<List<Variable>, Optimizer> opt) {
        net.to(device);
        double[] losses = new double[steps];
        try (Optimizer o = opt.apply(net.parameters()); Scope s = Scope.open()) {
            Variable xv = Variable.of(x.to(device)), yv = Variable.of(y.to(device));
            DiceLoss loss = new DiceLoss().sigmoid(true);
            for (int i = 0; i < steps; i++) {
                try (Scope step = Scope.open()) {
                    Variable l = loss.forward(net.forward(xv), yv);
                    l.backward();
                    o.step();
                    net.zeroGrad();
                    losses[i] = l.item();
                }
            }
        }
        return losses;
    }

    @Test void unetForwardBackwardAndAdamMatchTheCpu() {
        try (Scope s = Scope.open(); UNet cpu = unet(3); UNet gpu = unet(3)) {
            Generator g = new Generator(5);
            Tensor x = Tensor.randn(g, 2, 1, 16, 16, 16);
            Tensor y = Tensor.rand(g, 2, 1, 16, 16, 16).gt(0.6).to(x.dtype());
            // one forward + backward: the loss and every gradient
            gpu.to(CUDA);
            for (UNet net : List.of(cpu, gpu)) {
                Device d = net == cpu ? Device.CPU : CUDA;
                try (Scope step = Scope.open()) {
                    Variable l = new DiceLoss().sigmoid(true).forward(net.forward(Variable.of(x.to(d))), Variable.of(y.to(d)));
                    l.backward();
                }
            }
            Map<String, Variable> pc = cpu.namedParameters(), pg = gpu.namedParameters();
            for (String k : pc.keySet()) assertClose(pc.get(k).grad(), pg.get(k).grad(), 1e-4, "grad " + k);
            cpu.zeroGrad();
            gpu.zeroGrad();
            // three Adam steps: losses and parameters
            double[] lc = train(cpu, Device.CPU, x, y, 3, p -> new Adam(p).lr(1e-2).weightDecay(1e-4));
            double[] lg = train(gpu, CUDA, x, y, 3, p -> new Adam(p).lr(1e-2).weightDecay(1e-4));
            assertArrayEquals(lc, lg, 1e-5, "losses");
            // NOTE: Adam divides by sqrt(v): an element whose gradient is tiny moves by about lr whatever its size, so
            // float32 noise in a gradient that is tiny next to its tensor's largest (equal within 1e-4 of that above)
            // can shift it by a fraction of lr. Bound: every element within 0.1 lr per step, the mean 100x tighter.
            double lr = 1e-2, worst = 0, sum = 0;
            long n = 0;
            for (String k : pc.keySet()) {
                assertEquals(CUDA, pg.get(k).device(), k);
                float[] a = pc.get(k).data().toFloatArray(), b = pg.get(k).data().to(Device.CPU).toFloatArray();
                for (int i = 0; i < a.length; i++) {
                    double d = Math.abs(a[i] - b[i]);
                    worst = Math.max(worst, d);
                    sum += d;
                }
                n += a.length;
            }
            assertTrue(worst <= 0.1 * lr * 3 && sum / n <= 1e-3 * lr * 3, "parameters after 3 Adam steps: max |cpu - cuda| " + worst + ", mean " + sum / n);
            Map<String, Tensor> bc = cpu.namedBuffers(), bg = gpu.namedBuffers();
            for (String k : bc.keySet()) assertEquals(CUDA, bg.get(k).device(), "buffer " + k + " moved");
        }
    }

    /** p, g and state on the device and on the CPU: the fused kernels against the CPU's fused loops. */
    private static void compareUpdate(String name, int steps, Function<List<Variable>, Optimizer> opt) {
        try (Scope s = Scope.open()) {
            Generator gen = new Generator(name.hashCode());
            Tensor p0 = Tensor.randn(gen, 1000, 3), g0 = Tensor.randn(gen, 1000, 3);
            Variable pc = Variable.param(p0.copy()), pg = Variable.param(p0.to(CUDA));
            try (Optimizer oc = opt.apply(List.of(pc)); Optimizer og = opt.apply(List.of(pg))) {
                for (int i = 0; i < steps; i++) {
                    Tensor gi = g0.mul(1 + 0.25 * i);
                    pc.setGrad(gi.copy());
                    pg.setGrad(gi.to(CUDA));
                    oc.step();
                    og.step();
                    assertTrue(FusedUpdates.on(pg.data(), pg.grad()) == FusedUpdates.CUDA, "the CUDA row takes device tensors");
                    assertClose(pc.data(), pg.data(), 2e-6, name + " step " + (i + 1));
                }
                oc.stateDict().forEach((k, v) -> assertClose(v, og.stateDict().get(k), 2e-6, name + " state " + k));
            } finally {
                pc.zeroGrad();
                pg.zeroGrad();
            }
        }
    }

    @Test void sgdKernelsMatchTheCpu() {
        compareUpdate("sgd", 3, p -> new SGD(p, 0.1));
        compareUpdate("sgd momentum wd", 3, p -> new SGD(p, 0.1).momentum(0.9).dampening(0.1).weightDecay(1e-2));
        compareUpdate("sgd nesterov", 3, p -> new SGD(p, 0.1).momentum(0.9).nesterov(true));
    }

    @Test void adamAndNovogradKernelsMatchTheCpu() {
        compareUpdate("adam amsgrad", 3, p -> new Adam(p).lr(1e-2).weightDecay(1e-2).amsgrad(true));
        compareUpdate("adamw", 3, p -> new AdamW(p).lr(1e-2).weightDecay(1e-2));
        compareUpdate("novograd", 3, p -> new Novograd(p).lr(1e-2).weightDecay(1e-3));
        compareUpdate("novograd averaging amsgrad", 3, p -> new Novograd(p).lr(1e-2).gradAveraging(true).amsgrad(true));
    }

    /** Allocated device bytes after steps 2 and 20 of a training loop: equal (no per-step growth). */
    @Test void deviceMemoryIsFlatOverSteps() {
        long[] at = flatLoop(CUDA, 20, new int[]{2, 4}, 8);
        assertEquals(at[0], at[1], "allocated device bytes after step 2 and after the last step");
    }

    /**
     * {@code steps} steps of a 3D UNet (channels, input edge) with Adam on {@code device}; returns the allocated
     * device bytes after step 2 and after the last one.
     */
    static long[] flatLoop(Device device, int steps, int[] channels, int edge) {
        long[] at = new long[2];
        int[] strides = new int[channels.length - 1];
        java.util.Arrays.fill(strides, 2);
        try (Scope s = Scope.open();
             UNet net = UNet.builder(3, 1, 1, channels, strides).numResUnits(1).norm("batch").generator(new Generator(1)).build()) {
            net.to(device);
            Generator g = new Generator(2);
            Tensor x = Tensor.randn(g, 2, 1, edge, edge, edge).to(device);
            Tensor y = x.gt(0.5).to(x.dtype());
            DiceLoss loss = new DiceLoss().sigmoid(true);
            try (Adam opt = new Adam(net.parameters()).lr(1e-3)) {
                for (int i = 1; i <= steps; i++) {
                    try (Scope step = Scope.open()) {
                        Variable l = loss.forward(net.forward(Variable.of(x)), Variable.of(y));
                        l.backward();
                        opt.step();
                        net.zeroGrad();
                        assertTrue(Double.isFinite(l.item()), "loss at step " + i);
                    }
                    if (i == 2) at[0] = CudaMemory.allocatedBytes(device);
                }
                at[1] = CudaMemory.allocatedBytes(device);
            }
        }
        return at;
    }
}
