package dev.axial.benchmarks.training;

import dev.axial.tensor.Backends;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.cuda.CudaContext;
import dev.axial.tensor.imaging.ConvOptions;
import dev.axial.tensor.imaging.Convolution;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * Every convolution of issue 5's UNet (16-32-64-128-256, two residual units, batch 8 of 96³) on the GPU, each
 * direction alone: forward, backward data, backward filter, backward bias. Per direction two medians of {@code reps}
 * calls: wall ms of a synchronized call (what PyTorch's side measures too) and device ms between two events around
 * the call (the kernels alone, launch and sync latency left out). Its PyTorch counterpart is
 * {@code benchmarks/torch/conv_layers.py} (same rows, same columns); {@code -Daxial.cudnn.log=true} prints the
 * engines cuDNN was asked to time.
 *
 * <p>A warm-up pass runs every row first ({@code warm} calls per direction, at most a second each): the JVM
 * interprets a method's first few hundred calls before its JIT compiles it, and on the emulator a small convolution's
 * 4th-14th calls took 0.5-1.7 ms against 0.07 ms from the 1,000th on. Timing each row right after its own three
 * warm calls, as this class's first version did, charged that to the first rows (the H100 logs of 2026-11-23:
 * 0.15-0.25 ms over the kernels' event time on the first layers, 0.03 on the last).
 *
 * <p>With a third argument {@code cpu} it times the CPU demo's network instead ({@code TrainingConfig.cpu()}: UNet
 * 16-32-64-128, batch 8 of 48³) on the CPU, wall ms only, with a column for how many times each shape runs in one
 * forward pass and a {@code step} row weighting each row by it (the network's convolution time per training step;
 * layer 1's data gradient is included though training skips it). PyTorch's side: {@code conv_layers.py --cpu}.
 *
 * <pre>{@code bash .gpu/run.sh main dev.axial.benchmarks.training.ConvLayerTiming [reps=20] [warm=200] [cuda|cpu]}</pre>
 */
public final class ConvLayerTiming {
    /** cin, cout, input size, stride, kernel, transposed (0/1): the rows of conv_layers.py. */
    static final int[][] LAYERS = {
            {1, 16, 96, 2, 3, 0}, {16, 16, 48, 1, 3, 0}, {16, 32, 48, 2, 3, 0}, {32, 32, 24, 1, 3, 0},
            {32, 64, 24, 2, 3, 0}, {64, 64, 12, 1, 3, 0}, {64, 128, 12, 2, 3, 0}, {128, 128, 6, 1, 3, 0},
            {128, 256, 6, 1, 3, 0}, {256, 256, 6, 1, 3, 0}, {128, 256, 6, 1, 1, 0},
            {384, 64, 6, 2, 3, 1}, {128, 32, 12, 2, 3, 1}, {64, 16, 24, 2, 3, 1}, {32, 1, 48, 2, 3, 1}, {1, 1, 96, 1, 3, 0}};
    /** The CPU demo's network: the same columns plus how many convolutions of the shape one forward pass runs. */
    static final int[][] CPU_LAYERS = {
            {1, 16, 48, 2, 3, 0, 2}, {16, 16, 24, 1, 3, 0, 2}, {16, 32, 24, 2, 3, 0, 2}, {32, 32, 12, 1, 3, 0, 2},
            {32, 64, 12, 2, 3, 0, 2}, {64, 64, 6, 1, 3, 0, 1}, {64, 128, 6, 1, 3, 0, 1}, {128, 128, 6, 1, 3, 0, 1},
            {64, 128, 6, 1, 1, 0, 1}, {192, 32, 6, 2, 3, 1, 1}, {64, 16, 12, 2, 3, 1, 1}, {32, 1, 24, 2, 3, 1, 1},
            {1, 1, 48, 1, 3, 0, 1}};

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int warm = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        if (args.length > 2 && args[2].equals("cpu")) {
            cpu(reps, warm);
            return;
        }
        Device dev = Device.cuda(0);
        Backends.get(dev);
        CudaContext ctx = CudaContext.get(0);
        for (int[] l : LAYERS) layer(ctx, dev, l, warm, 0);
        System.out.printf("%-26s %9s %9s %9s %9s | %9s %9s %9s %9s%n", "layer (batch 8), ms", "fwd", "bwd data", "bwd filt",
                "bwd bias", "dev fwd", "dev data", "dev filt", "dev bias");
        double[] sum = new double[8];
        for (int[] l : LAYERS) {
            double[] t = layer(ctx, dev, l, 3, reps);
            for (int i = 0; i < 8; i++) sum[i] += t[i];
            System.out.printf(Locale.ROOT, "%-26s %9.3f %9.3f %9.3f %9.3f | %9.3f %9.3f %9.3f %9.3f%n",
                    name(l),
                    t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]);
        }
        System.out.printf(Locale.ROOT, "%-26s %9.3f %9.3f %9.3f %9.3f | %9.3f %9.3f %9.3f %9.3f%n", "sum",
                sum[0], sum[1], sum[2], sum[3], sum[4], sum[5], sum[6], sum[7]);
    }

    private static void cpu(int reps, int warm) {
        for (int[] l : CPU_LAYERS) layer(null, Device.CPU, l, warm, 0);
        System.out.printf("%-26s %9s %9s %9s %9s %3s%n", "layer (batch 8), ms", "fwd", "bwd data", "bwd filt", "bwd bias", "n");
        double[] sum = new double[4];
        for (int[] l : CPU_LAYERS) {
            double[] t = layer(null, Device.CPU, l, 3, reps);
            for (int i = 0; i < 4; i++) sum[i] += l[6] * t[i];
            System.out.printf(Locale.ROOT, "%-26s %9.3f %9.3f %9.3f %9.3f %3d%n", name(l), t[0], t[1], t[2], t[3], l[6]);
        }
        System.out.printf(Locale.ROOT, "%-26s %9.3f %9.3f %9.3f %9.3f   total %.1f%n", "step (rows x n)", sum[0], sum[1], sum[2], sum[3],
                sum[0] + sum[1] + sum[2] + sum[3]);
    }

    private static String name(int[] l) {
        return (l[5] == 1 ? "convT " : "conv ") + l[0] + "->" + l[1] + " " + l[2] + "^3 s" + l[3] + " k" + l[4];
    }

    /** One row: per direction, {@code warm} untimed calls (at most a second's worth), then wall and (GPU only) device medians. */
    private static double[] layer(CudaContext ctx, Device dev, int[] l, int warm, int reps) {
        int cin = l[0], cout = l[1], size = l[2], stride = l[3], k = l[4];
        boolean tr = l[5] == 1;
        try (Scope s = Scope.open()) {
            Generator g = new Generator(7);
            ConvOptions o = ConvOptions.of().stride(stride).padding(k / 2);
            if (tr) o = o.outputPadding(stride - 1);
            int out = tr ? size * stride : (size + 2 * (k / 2) - k) / stride + 1;
            Tensor x = Tensor.normal(g, DType.FLOAT32, dev, 0, 1, 8, cin, size, size, size);
            long[] wShape = tr ? new long[]{cin, cout, k, k, k} : new long[]{cout, cin, k, k, k};
            Tensor w = Tensor.normal(g, DType.FLOAT32, dev, 0, 0.1, wShape);
            Tensor b = Tensor.normal(g, DType.FLOAT32, dev, 0, 1, cout);
            Tensor dy = Tensor.normal(g, DType.FLOAT32, dev, 0, 1, 8, cout, out, out, out);
            ConvOptions oo = o;
            java.util.List<Supplier<Tensor>> calls = java.util.List.of(
                    () -> tr ? Convolution.convTranspose3d(x, w, b, oo) : Convolution.conv3d(x, w, b, oo),
                    () -> tr ? Convolution.convTransposeBackwardInput(dy, w, x.shape(), oo)
                            : Convolution.convBackwardInput(dy, w, x.shape(), oo),
                    () -> tr ? Convolution.convTransposeBackwardWeight(dy, x, wShape, oo)
                            : Convolution.convBackwardWeight(dy, x, wShape, oo),
                    () -> Convolution.convBackwardBias(dy));
            double[] t = new double[8];
            for (int d = 0; d < 4; d++) {
                Supplier<Tensor> f = calls.get(d);
                Runnable synced = () -> {
                    try (Tensor r = f.get()) {
                        if (ctx != null) ctx.synchronize();
                    }
                };
                if (ctx != null) ctx.synchronize();
                long until = System.nanoTime() + 1_000_000_000L;
                for (int i = 0; i < warm && (i < 3 || System.nanoTime() < until); i++) synced.run();
                if (reps == 0) continue;
                t[d] = Medians.millis(0, reps, synced);
                if (ctx == null) continue;
                double[] device = new double[reps];
                for (int i = 0; i < reps; i++) device[i] = ctx.time(() -> f.get().close());
                t[4 + d] = Medians.of(device);
            }
            return t;
        }
    }
}
