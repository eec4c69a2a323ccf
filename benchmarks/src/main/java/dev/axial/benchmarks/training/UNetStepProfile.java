package dev.axial.benchmarks.training;

import dev.axial.apps.TrainingConfig;
import dev.axial.autograd.OpProfile;
import dev.axial.autograd.Variable;
import dev.axial.nn.losses.DiceLoss;
import dev.axial.nn.nets.UNet;
import dev.axial.optim.Adam;
import dev.axial.tensor.Backends;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.cuda.CudaContext;

import java.util.Locale;

/**
 * One training step of issue 5's MONAI configuration (UNet 16-32-64-128-256, batch 2 x 4 crops = 8 of 96³,
 * DiceLoss(sigmoid), Adam) on the GPU, or with a fourth argument {@code cpu} of the CPU demo's configuration
 * ({@link TrainingConfig#cpu()}: UNet 16-32-64-128, 8 crops of 48³) on the CPU, without the data pipeline: the step's time, its forward / backward /
 * optimizer split, the batch upload, and two op-by-op tables ({@link OpProfile}): wall time with a sync at every op,
 * and (GPU only) device time between CUDA events at each op's boundaries (no syncs, so the steps run as they do in training). Its PyTorch counterpart is
 * {@code benchmarks/monai/unet_step_profile.py}; run both on the same GPU. The {@code warm} untimed steps first let
 * the JIT compile the step's Java (a method's first few hundred calls run interpreted; the first version warmed 3).
 *
 * <pre>{@code bash .gpu/run.sh main dev.axial.benchmarks.training.UNetStepProfile [steps=20] [rows=30] [warm=15] [cuda|cpu]}</pre>
 */
public final class UNetStepProfile {
    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int warm = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        boolean cpu = args.length > 3 && args[3].equals("cpu");
        Device dev = cpu ? Device.CPU : Device.cuda(0);
        Backends.get(dev);
        Runnable sync = cpu ? () -> {} : CudaContext.get(0)::synchronize;
        TrainingConfig c = cpu ? TrainingConfig.cpu() : TrainingConfig.monai();
        int b = c.batchSize() * c.samples(), s = c.crop();
        try (Scope root = Scope.open(); UNet net = c.unet().build(new Generator(0))) {
            net.to(dev);
            net.train();
            Generator g = new Generator(1);
            Tensor hostX = Tensor.normal(g, DType.FLOAT32, Device.CPU, 0, 1, b, 1, s, s, s);
            Tensor hostY = Tensor.uniform(g, DType.FLOAT32, Device.CPU, 0, 1, b, 1, s, s, s).gt(0.7).to(DType.FLOAT32);
            DiceLoss loss = new DiceLoss().sigmoid(true);
            try (Adam opt = new Adam(net.parameters()).lr(c.learningRate())) {
                double[] fwd = new double[steps], bwd = new double[steps], upd = new double[steps], up = new double[steps];
                for (int i = -warm; i < steps; i++) {
                    try (Scope step = Scope.open()) {
                        sync.run();
                        long t0 = System.nanoTime();
                        Variable x = Variable.of(hostX.to(dev));
                        Variable y = Variable.of(hostY.to(dev));
                        sync.run();
                        long t1 = System.nanoTime();
                        Variable l = loss.forward(net.forward(x), y);
                        sync.run();
                        long t2 = System.nanoTime();
                        l.backward();
                        sync.run();
                        long t3 = System.nanoTime();
                        opt.step();
                        net.zeroGrad();
                        l.item();
                        long t4 = System.nanoTime();
                        if (i >= 0) {
                            up[i] = (t1 - t0) / 1e6;
                            fwd[i] = (t2 - t1) / 1e6;
                            bwd[i] = (t3 - t2) / 1e6;
                            upd[i] = (t4 - t3) / 1e6;
                        }
                    }
                }
                System.out.printf(Locale.ROOT, "Axial UNet step on %s, batch %d x 1 x %d³, %d steps (medians, ms): upload %.2f  forward+loss %.2f  "
                        + "backward %.2f  adam+zero_grad %.2f  compute total %.2f%n", dev, b, s, steps, Medians.of(up), Medians.of(fwd), Medians.of(bwd),
                        Medians.of(upd), Medians.of(fwd) + Medians.of(bwd) + Medians.of(upd));
                // the step as the demo runs it: one host sync (the loss value) per step
                int n = Math.max(5, steps / 2);
                sync.run();
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    try (Scope step = Scope.open()) {
                        Variable l = loss.forward(net.forward(Variable.of(hostX.to(dev))), Variable.of(hostY.to(dev)));
                        l.backward();
                        opt.step();
                        net.zeroGrad();
                        l.item();
                    }
                }
                System.out.printf(Locale.ROOT, "unsynchronized steps (upload included): %.2f ms/step%n", (System.nanoTime() - t0) / 1e6 / n);
                profile(cpu ? "op profile, 3 steps:" : "op profile, 3 steps, a device sync at every op:", OpProfile.start(sync), rows,
                        net, loss, opt, hostX, hostY, dev);
                if (cpu)
                    return;
                CudaContext ctx = CudaContext.get(0);
                OpProfile.Clock events = new OpProfile.Clock() {
                    @Override public long stamp() { return ctx.recordEvent(); }

                    @Override public long nanos(long from, long to) { return Math.round(ctx.elapsedMillis(from, to) * 1e6); }

                    @Override public void release(long event) { ctx.destroyEvent(event); }
                };
                // the same steps without syncs: each op charged the device time between CUDA events at its boundaries
                profile("op profile, 3 steps, device time between CUDA events at each op's boundaries (no syncs):",
                        OpProfile.start(events), rows, net, loss, opt, hostX, hostY, dev);
            }
        }
    }

    /** Three profiled steps (upload, forward + loss + backward by op, Adam, zero_grad), then the table; closes {@code p}. */
    private static void profile(String title, OpProfile p, int rows, UNet net, DiceLoss loss, Adam opt, Tensor hostX, Tensor hostY,
                                Device dev) {
        try (p) {
            for (int i = 0; i < 3; i++) {
                try (Scope step = Scope.open()) {
                    Variable x = Variable.of(hostX.to(dev));
                    Variable y = Variable.of(hostY.to(dev));
                    p.charge("upload");
                    Variable l = loss.forward(net.forward(x), y);
                    l.backward();
                    p.mark();
                    opt.step();
                    p.charge("adam");
                    net.zeroGrad();
                    p.charge("zero_grad");
                }
            }
            System.out.println(title);
            System.out.print(p.table(rows));
        }
    }
}
