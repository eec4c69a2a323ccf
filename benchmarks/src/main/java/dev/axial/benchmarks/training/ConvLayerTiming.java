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
 * direction alone: forward, backward data, backward filter, backward bias, median ms of {@code reps} synchronized calls.
 * Its PyTorch counterpart is {@code benchmarks/torch/conv_layers.py} (same rows); {@code -Daxial.cudnn.log=true}
 * prints the algorithms cuDNN was asked to run.
 *
 * <pre>{@code bash .gpu/run.sh main dev.axial.benchmarks.training.ConvLayerTiming [reps=10]}</pre>
 */
public final class ConvLayerTiming {
    /** cin, cout, input size, stride, kernel, transposed (0/1): the rows of conv_layers.py. */
    static final int[][] LAYERS = {
            {1, 16, 96, 2, 3, 0}, {16, 16, 48, 1, 3, 0}, {16, 32, 48, 2, 3, 0}, {32, 32, 24, 1, 3, 0},
            {32, 64, 24, 2, 3, 0}, {64, 64, 12, 1, 3, 0}, {64, 128, 12, 2, 3, 0}, {128, 128, 6, 1, 3, 0},
            {128, 256, 6, 1, 3, 0}, {256, 256, 6, 1, 3, 0}, {128, 256, 6, 1, 1, 0},
            {384, 64, 6, 2, 3, 1}, {128, 32, 12, 2, 3, 1}, {64, 16, 24, 2, 3, 1}, {32, 1, 48, 2, 3, 1}, {1, 1, 96, 1, 3, 0}};

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Device dev = Device.cuda(0);
        Backends.get(dev);
        CudaContext ctx = CudaContext.get(0);
        System.out.printf("%-26s %9s %9s %9s %9s%n", "layer (batch 8)", "fwd", "bwd data", "bwd filt", "bwd bias");
        double[] sum = new double[4];
        for (int[] l : LAYERS) {
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
                double[] t = {
                        time(ctx, reps, () -> tr ? Convolution.convTranspose3d(x, w, b, oo) : Convolution.conv3d(x, w, b, oo)),
                        time(ctx, reps, () -> tr ? Convolution.convTransposeBackwardInput(dy, w, x.shape(), oo)
                                : Convolution.convBackwardInput(dy, w, x.shape(), oo)),
                        time(ctx, reps, () -> tr ? Convolution.convTransposeBackwardWeight(dy, x, wShape, oo)
                                : Convolution.convBackwardWeight(dy, x, wShape, oo)),
                        time(ctx, reps, () -> Convolution.convBackwardBias(dy))};
                for (int i = 0; i < 4; i++) sum[i] += t[i];
                System.out.printf(Locale.ROOT, "%-26s %9.3f %9.3f %9.3f %9.3f%n",
                        (tr ? "convT " : "conv ") + cin + "->" + cout + " " + size + "^3 s" + stride + " k" + k, t[0], t[1], t[2], t[3]);
            }
        }
        System.out.printf(Locale.ROOT, "%-26s %9.3f %9.3f %9.3f %9.3f%n", "sum", sum[0], sum[1], sum[2], sum[3]);
    }

    private static double time(CudaContext ctx, int reps, Supplier<Tensor> f) {
        ctx.synchronize();
        return Medians.millis(3, reps, () -> {
            try (Tensor r = f.get()) {
                ctx.synchronize();
            }
        });
    }
}
