package dev.axial.cli;

import dev.axial.autograd.GradMode;
import dev.axial.autograd.Variable;
import dev.axial.autograd.ops.ConvOps;
import dev.axial.autograd.ops.NormOps;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.imaging.ConvOptions;
import dev.axial.tensor.imaging.Convolution;
import dev.axial.tensor.imaging.GridSampling;

import java.util.List;
import java.util.Locale;

/** The self-check rows for the imaging ops and autograd: 3-D convolution, grid_sample, a few training steps. */
final class SelfCheckImaging {
    private SelfCheckImaging() {}

    private static final int C = 32, S = 48;
    private static final ConvOptions SAME = ConvOptions.of().padding(1);

    private static double convFlops() { return 2.0 * C * C * 27 * S * S * S; }

    /** conv3d 32 -> 32 channels at 48^3 (a MONAI UNet layer), sampled outputs against a float64 direct sum. */
    static SelfCheck.Row conv3d(Device dev, Generator g) {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.randn(g, 1, C, S, S, S).to(dev), w = Tensor.randn(g, C, C, 3, 3, 3).mul(0.1).to(dev);
            double sec = SelfCheck.time(3, true, () -> Convolution.conv3d(x, w, null, SAME));
            float[] xv = x.toFloatArray(), wv = w.toFloatArray(), yv = Convolution.conv3d(x, w, null, SAME).toFloatArray();
            double err = 0;
            for (int k = 0; k < 64; k++) {
                int co = (k * 7) % C, z = (k * 13) % S, yy = (k * 29) % S, xx = (k * 31) % S;
                double ref = 0;
                for (int ci = 0; ci < C; ci++)
                    for (int a = 0; a < 3; a++)
                        for (int b = 0; b < 3; b++)
                            for (int c = 0; c < 3; c++) {
                                int iz = z + a - 1, iy = yy + b - 1, ix = xx + c - 1;
                                if (iz < 0 || iy < 0 || ix < 0 || iz >= S || iy >= S || ix >= S) continue;
                                ref += (double) wv[((co * C + ci) * 3 + a) * 9 + b * 3 + c] * xv[((ci * S + iz) * S + iy) * S + ix];
                            }
                err = Math.max(err, Math.abs(yv[((co * S + z) * S + yy) * S + xx] - ref) / (1 + Math.abs(ref)));
            }
            return new SelfCheck.Row("conv3d 3x3x3", "1x32x48^3->32", sec, gflops(convFlops(), sec), SelfCheck.check(err, 1e-5), err < 1e-5);
        }
    }

    /**
     * The two backward passes of the same layer (grad of input, grad of weight), checked by the adjoint identity
     * <dy, conv(x)> = <conv_backward_input(dy), x>, which holds exactly in real arithmetic.
     */
    static SelfCheck.Row conv3dBackward(Device dev, Generator g) {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.randn(g, 1, C, S, S, S).to(dev), w = Tensor.randn(g, C, C, 3, 3, 3).mul(0.1).to(dev);
            Tensor dy = Tensor.randn(g, 1, C, S, S, S).to(dev);
            long[] xs = x.shape(), ws = w.shape();
            double sec = SelfCheck.time(3, true, () -> {
                Convolution.convBackwardInput(dy, w, xs, SAME);
                return Convolution.convBackwardWeight(dy, x, ws, SAME);
            });
            double lhs = dot(dy, Convolution.conv3d(x, w, null, SAME));
            double rhs = dot(Convolution.convBackwardInput(dy, w, xs, SAME), x);
            double rhsW = dot(Convolution.convBackwardWeight(dy, x, ws, SAME), w);
            double err = Math.max(Math.abs(lhs - rhs), Math.abs(lhs - rhsW)) / Math.abs(lhs);
            return new SelfCheck.Row("conv3d backward", "data + filter", sec, gflops(2 * convFlops(), sec),
                    String.format(Locale.ROOT, "adjoint err %.1e (tol 1e-4)", err), err < 1e-4);
        }
    }

    /**
     * grid_sample 3-D trilinear of a 128^3 volume on an identity grid (align_corners): must give the input back, up to
     * float32 coordinates (an ulp of 127 is 7.6e-6 voxel).
     */
    static SelfCheck.Row gridSample3d(Device dev, Generator g) {
        int n = 128;
        try (Scope s = Scope.open()) {
            Tensor vol = Tensor.rand(g, 1, 1, n, n, n).to(dev);
            Tensor theta = Tensor.of(new float[]{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0}, 1, 3, 4).to(dev);
            Tensor grid = GridSampling.affineGrid(theta, new long[]{1, 1, n, n, n}, true);
            double sec = SelfCheck.time(3, true, () -> GridSampling.gridSample(vol, grid, "bilinear", "zeros", true));
            double err = GridSampling.gridSample(vol, grid, "bilinear", "zeros", true).sub(vol).abs().max().item();
            return new SelfCheck.Row("grid_sample 3-D", "128^3 trilinear", sec,
                    String.format(Locale.ROOT, "%.0f Mvox/s", (double) n * n * n / sec / 1e6), SelfCheck.check(err, 1e-4), err < 1e-4);
        }
    }

    /** 200 steps of SGD on a two-layer conv net with batch norm (autograd): the loss must drop below a third. */
    static SelfCheck.Row trainConvNet(Device dev, Generator g) {
        int steps = 200;
        Variable w1 = Variable.param(Scope.release(Tensor.randn(g, 8, 1, 3, 3).mul(0.3).to(dev)));
        Variable gamma = Variable.param(Scope.release(Tensor.ones(8).to(dev)));
        Variable beta = Variable.param(Scope.release(Tensor.zeros(8).to(dev)));
        Variable w2 = Variable.param(Scope.release(Tensor.randn(g, 1, 8, 3, 3).mul(0.3).to(dev)));
        List<Variable> params = List.of(w1, gamma, beta, w2);
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.randn(g, 8, 1, 32, 32).to(dev);
            Tensor target = x.gt(0.5).to(x.dtype());
            double first = 0, last = 0;
            long t = System.nanoTime();
            for (int step = 0; step < steps; step++) {
                try (Scope st = Scope.open()) {
                    Variable h = NormOps.batchNorm(ConvOps.conv2d(Variable.of(x), w1, null, SAME), null, null, gamma, beta, true).relu();
                    Variable loss = ConvOps.conv2d(h, w2, null, SAME).sigmoid().sub(target).square().mean();
                    loss.backward();
                    if (step == 0) first = loss.item();
                    last = loss.item();
                    try (var ng = GradMode.noGrad()) {
                        for (Variable p : params) p.data().sub_(p.grad().mul(1.0));
                    }
                    for (Variable p : params) p.zeroGrad();
                }
            }
            double sec = (System.nanoTime() - t) / 1e9;
            boolean ok = last < first / 3;
            return new SelfCheck.Row("train conv net", steps + " SGD steps", sec / steps,
                    String.format(Locale.ROOT, "%.0f steps/s", steps / sec),
                    String.format(Locale.ROOT, "loss %.3f -> %.3f", first, last), ok);
        } finally {
            for (Variable p : params) p.data().close();
        }
    }

    /** sum(a * b) in float64. */
    private static double dot(Tensor a, Tensor b) { return a.to(DType.FLOAT64).mul(b.to(DType.FLOAT64)).sum().item(); }

    private static String gflops(double flops, double sec) { return String.format(Locale.ROOT, "%.1f GFLOP/s", flops / sec / 1e9); }
}
