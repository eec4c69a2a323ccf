package dev.axial.tensor.cuda;

import dev.axial.tensor.Conformance;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Shapes;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.imaging.NormGrads;
import dev.axial.tensor.imaging.NormResult;
import dev.axial.tensor.imaging.Normalization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.stream.Stream;

/**
 * Group norm, layer norm and local response norm, forward and backward, on every device against the CPU backend:
 * rows shorter and longer than a block, S = 1, a large mean (the two-pass statistics), with and without affine
 * parameters, gradients wanted in part (through the backend directly), float32 and float64.
 */
class CudaNormTest {
    static Stream<Arguments> cases() {
        return Conformance.devices().flatMap(d -> Stream.of(Arguments.of(d, DType.FLOAT32), Arguments.of(d, DType.FLOAT64)));
    }

    private static double[] random(Random r, int n, double mean) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = mean + r.nextGaussian();
        return a;
    }

    private static int numel(long[] s) { return Math.toIntExact(Shapes.numel(s)); }

    private static void close(Tensor want, Tensor got, DType dt, String what) {
        if (want == null) return;
        double tol = dt == DType.FLOAT32 ? 3e-5 : 1e-10;
        Conformance.assertClose(want.toDoubleArray(), got.cpu().toDoubleArray(), tol, tol, what);
    }

    private static Tensor on(Device dev, Tensor t) { return t == null ? null : t.to(dev); }

    private static Tensor param(Random r, DType dt, boolean present, long... shape) {
        return present ? Tensor.of(random(r, numel(shape), 0.5), shape).to(dt) : null;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void groupNorm(Device dev, DType dt) {
        Random r = new Random(5);
        // the last two have rows longer than CudaNorm.SPLIT: split over blocks (and over S in the backward of the last)
        long[][] shapes = {{2, 6, 5, 3}, {3, 4}, {2, 4, 300}, {1, 8, 2, 2, 2}, {2, 4, 9000}, {1, 2, 40000}};
        int[] groups = {3, 2, 2, 8, 1, 1};
        for (int i = 0; i < shapes.length; i++) {
            long[] xs = shapes[i];
            long c = xs[1];
            for (boolean affine : new boolean[]{true, false}) {
                try (Scope s = Scope.open()) {
                    Tensor x = Tensor.of(random(r, numel(xs), i == 2 || i == 5 ? 1000 : 0), xs).to(dt), gy = Tensor.of(random(r, numel(xs), 0), xs).to(dt);
                    Tensor w = param(r, dt, affine, c), b = param(r, dt, affine, c);
                    String at = dev + " " + dt + " " + java.util.Arrays.toString(xs) + " affine=" + affine + " ";
                    NormResult want = Normalization.groupNorm(x, groups[i], w, b, 1e-5);
                    NormResult got = Normalization.groupNorm(x.to(dev), groups[i], on(dev, w), on(dev, b), 1e-5);
                    close(want.output(), got.output(), dt, at + "y");
                    close(want.mean(), got.mean(), dt, at + "mean");
                    close(want.invstd(), got.invstd(), dt, at + "rstd");
                    NormGrads gw = Normalization.groupNormBackward(gy, x, want.mean(), want.invstd(), w, groups[i]);
                    NormGrads gg = Normalization.groupNormBackward(gy.to(dev), x.to(dev), got.mean(), got.invstd(), on(dev, w), groups[i]);
                    close(gw.gradInput(), gg.gradInput(), dt, at + "grad input");
                    close(gw.gradWeight(), gg.gradWeight(), dt, at + "grad weight");
                    close(gw.gradBias(), gg.gradBias(), dt, at + "grad bias");
                    // parts only: weight gradient alone, input gradient alone
                    Tensor xd = x.to(dev), gyd = gy.to(dev), wd = on(dev, w);
                    Tensor dW = Tensor.empty(dt, dev, c), dX = Tensor.empty(dt, dev, xs);
                    xd.backend().groupNormBackward(null, dW, null, gyd, xd, got.mean(), got.invstd(), wd, groups[i]);
                    close(gw.gradWeight(), dW, dt, at + "grad weight alone");
                    xd.backend().groupNormBackward(dX, null, null, gyd, xd, got.mean(), got.invstd(), wd, groups[i]);
                    close(gw.gradInput(), dX, dt, at + "grad input alone");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void layerNorm(Device dev, DType dt) {
        Random r = new Random(6);
        // {70, 1000}: more than CudaNorm.PARTIALS elements, so the parameter gradients sum chunks of 2 rows
        long[][] shapes = {{4, 3, 70}, {300, 3}, {70, 1000}, {60, 7, 10}, {5}, {2, 40000}};
        long[][] norm = {{3, 70}, {3}, {1000}, {7, 10}, {5}, {40000}};
        for (int i = 0; i < shapes.length; i++) {
            long[] xs = shapes[i], ns = norm[i];
            for (boolean affine : new boolean[]{true, false}) {
                try (Scope s = Scope.open()) {
                    Tensor x = Tensor.of(random(r, numel(xs), i == 2 || i == 5 ? -500 : 0), xs).to(dt), gy = Tensor.of(random(r, numel(xs), 0), xs).to(dt);
                    Tensor w = param(r, dt, affine, ns), b = param(r, dt, affine, ns);
                    String at = dev + " " + dt + " " + java.util.Arrays.toString(xs) + " affine=" + affine + " ";
                    NormResult want = Normalization.layerNorm(x, ns, w, b, 1e-5);
                    NormResult got = Normalization.layerNorm(x.to(dev), ns, on(dev, w), on(dev, b), 1e-5);
                    close(want.output(), got.output(), dt, at + "y");
                    close(want.mean(), got.mean(), dt, at + "mean");
                    close(want.invstd(), got.invstd(), dt, at + "rstd");
                    NormGrads gw = Normalization.layerNormBackward(gy, x, ns, want.mean(), want.invstd(), w);
                    // through the backend (the frontend's zeros for the parameter gradients need fill on the device)
                    long cols = numel(ns), rows = numel(xs) / cols;
                    Tensor xd = x.to(dev), gyd = gy.to(dev), wd = on(dev, w);
                    Tensor dX = Tensor.empty(dt, dev, xs), dW = Tensor.empty(dt, dev, cols), dB = Tensor.empty(dt, dev, cols);
                    xd.backend().layerNormBackward(dX, dW, dB, gyd, xd, got.mean(), got.invstd(), wd, rows, cols);
                    close(gw.gradInput(), dX, dt, at + "grad input");
                    close(gw.gradWeight().reshape(cols), dW, dt, at + "grad weight");
                    close(gw.gradBias().reshape(cols), dB, dt, at + "grad bias");
                    Tensor dB2 = Tensor.empty(dt, dev, cols);
                    xd.backend().layerNormBackward(null, null, dB2, gyd, xd, got.mean(), got.invstd(), wd, rows, cols);
                    close(gw.gradBias().reshape(cols), dB2, dt, at + "grad bias alone");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void localResponseNorm(Device dev, DType dt) {
        Random r = new Random(7);
        long[][] shapes = {{2, 7, 4, 3}, {3, 5, 6}, {1, 2, 2, 2, 3}};
        for (long[] xs : shapes) {
            for (int size : new int[]{1, 3, 4, 10}) {
                try (Scope s = Scope.open()) {
                    Tensor x = Tensor.of(random(r, numel(xs), 0), xs).to(dt), gy = Tensor.of(random(r, numel(xs), 0), xs).to(dt);
                    String at = dev + " " + dt + " " + java.util.Arrays.toString(xs) + " size=" + size + " ";
                    double alpha = 0.3, beta = 0.75, k = 1.5;
                    close(Normalization.localResponseNorm(x, size, alpha, beta, k),
                            Normalization.localResponseNorm(x.to(dev), size, alpha, beta, k), dt, at + "y");
                    close(Normalization.localResponseNormBackward(gy, x, size, alpha, beta, k),
                            Normalization.localResponseNormBackward(gy.to(dev), x.to(dev), size, alpha, beta, k), dt, at + "grad");
                }
            }
        }
    }
}
