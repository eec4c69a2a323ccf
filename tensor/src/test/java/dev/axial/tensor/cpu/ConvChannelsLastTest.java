package dev.axial.tensor.cpu;

import dev.axial.tensor.Conformance;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.imaging.ConvOptions;
import dev.axial.tensor.imaging.Convolution;
import dev.axial.tensor.spi.ConvParams;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The channels-last float32 kernels ({@link CpuConvChannelsLast}: small volumes, 16+ channels) against the float64
 * vol2col + GEMM path (itself checked against finite differences in ConvBackwardTest): forward, data and filter
 * gradients for channel counts that fill one vector, two, two plus one, and leave lanes empty; strides, padding
 * (tiles skip the taps that only reach it, down to positions that see nothing else),
 * dilation, 1-3 spatial dims, bias; copies made a few images at a time; bitwise independence of the thread count.
 * Each shape first asserts that the path under test is the one that runs, and {@link #ruleTakesTheWastefulShapes}
 * pins which shapes that is.
 */
class ConvChannelsLastTest {

    private static double[] rnd(Random r, long[] shape) {
        long n = 1;
        for (long s : shape) n *= s;
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = r.nextDouble() * 2 - 1;
        return Conformance.roundTo(DType.FLOAT32, v);
    }

    private static int[] fill(int rank, int v) {
        int[] a = new int[rank];
        Arrays.fill(a, v);
        return a;
    }

    private record Case(long[] xs, long[] ws, int stride, int pad, int dil) {
        ConvOptions options() {
            int r = xs.length - 2;
            return ConvOptions.of().stride(fill(r, stride)).padding(fill(r, pad)).dilation(fill(r, dil));
        }

        ConvParams params() {
            int r = xs.length - 2;
            return new ConvParams(fill(r, pad), fill(r, stride), fill(r, dil), 1);
        }
    }

    private static Tensor conv(Tensor x, Tensor w, Tensor b, ConvOptions o) {
        return switch (x.shape().length) {
            case 3 -> Convolution.conv1d(x, w, b, o);
            case 4 -> Convolution.conv2d(x, w, b, o);
            default -> Convolution.conv3d(x, w, b, o);
        };
    }

    private static final Case[] CASES = {
            new Case(new long[]{2, 16, 6, 6, 6}, new long[]{16, 16, 3, 3, 3}, 1, 1, 1),     // one vector
            new Case(new long[]{3, 8, 7, 5, 6}, new long[]{32, 8, 3, 3, 3}, 1, 1, 1),      // two vectors
            new Case(new long[]{2, 5, 9, 8, 7}, new long[]{48, 5, 3, 3, 3}, 2, 1, 1),      // two + one, stride 2
            new Case(new long[]{2, 13, 6, 7, 5}, new long[]{24, 13, 3, 2, 3}, 1, 2, 1),     // lanes past 24 empty
            new Case(new long[]{1, 17, 9, 9, 9}, new long[]{40, 17, 3, 3, 3}, 1, 2, 2),     // dilation 2
            new Case(new long[]{2, 64, 6, 6, 6}, new long[]{128, 64, 3, 3, 3}, 1, 1, 1),   // two 4-vector blocks
            new Case(new long[]{2, 9, 7, 6, 5}, new long[]{80, 9, 3, 3, 3}, 1, 1, 1),      // 4 vectors + 1, 6-position tiles
            new Case(new long[]{2, 3, 15, 14}, new long[]{33, 3, 3, 3}, 3, 1, 1),           // 2-D, stride 3
            new Case(new long[]{3, 4, 9}, new long[]{16, 4, 5}, 2, 2, 1),                   // 1-D
            new Case(new long[]{2, 16, 4, 4, 4}, new long[]{16, 16, 3, 3, 3}, 1, 3, 1),     // border positions with every tap in the padding
            new Case(new long[]{1, 16, 7, 7, 7}, new long[]{32, 16, 5, 5, 5}, 1, 2, 1),     // 5³ kernel: tap ranges of 3, 4 and 5
    };

    /** Strided, 16+ input channels: the data gradient per stride phase (phases with one tap, several, none). */
    private static final Case[] STRIDED_DATA = {
            new Case(new long[]{2, 32, 12, 12, 12}, new long[]{16, 32, 3, 3, 3}, 2, 1, 1),   // two vectors
            new Case(new long[]{2, 96, 8, 9, 7}, new long[]{16, 96, 3, 3, 3}, 2, 1, 1),      // 4 vectors + 2
            new Case(new long[]{2, 16, 9, 10, 11}, new long[]{24, 16, 3, 3, 3}, 2, 1, 1),    // odd sizes
            new Case(new long[]{1, 48, 8, 8, 8}, new long[]{8, 48, 2, 2, 2}, 2, 0, 1),       // one tap per phase
            new Case(new long[]{2, 24, 7, 7, 7}, new long[]{16, 24, 1, 1, 1}, 2, 0, 1),      // phases without taps
            new Case(new long[]{2, 20, 13, 14}, new long[]{16, 20, 3, 3}, 3, 2, 2),          // 2-D, stride 3, dilation 2
            new Case(new long[]{3, 16, 40}, new long[]{5, 16, 4}, 2, 1, 1),                  // 1-D, even kernel
    };

    @Test
    void stridedDataGradientMatchesTheFloat64Path() {
        Random r = new Random(44);
        try (Scope s = Scope.open()) {
            for (Case c : STRIDED_DATA) {
                String what = "x" + Arrays.toString(c.xs()) + " w" + Arrays.toString(c.ws()) + " " + c.options();
                double[] wv = rnd(r, c.ws());
                Tensor w = Conformance.tensor(Device.CPU, DType.FLOAT32, wv, c.ws()), w64 = Conformance.tensor(Device.CPU, DType.FLOAT64, wv, c.ws());
                long[] ys = conv(Tensor.zeros(DType.FLOAT32, Device.CPU, c.xs()), w, null, c.options()).shape();
                double[] gv = rnd(r, ys);
                Tensor gy = Conformance.tensor(Device.CPU, DType.FLOAT32, gv, ys), gy64 = Conformance.tensor(Device.CPU, DType.FLOAT64, gv, ys);
                assertTrue(CpuConvChannelsLast.appliesData(CpuConvColumns.of(Tensor.zeros(DType.FLOAT32, Device.CPU, c.xs()), gy, w, c.params())),
                        "the channels-last path takes " + what);
                Tensor dx = Convolution.convBackwardInput(gy, w, c.xs(), c.options());
                Conformance.assertClose(Convolution.convBackwardInput(gy64, w64, c.xs(), c.options()).toDoubleArray(), dx.toDoubleArray(),
                        1e-5, 1e-6 * Math.sqrt(c.ws()[0] * 27) * 4, "data " + what);
                int threads = Parallel.threads();
                try {
                    Parallel.setThreads(3);
                    assertArrayEquals(dx.toFloatArray(), Convolution.convBackwardInput(gy, w, c.xs(), c.options()).toFloatArray(), "3 threads " + what);
                    Parallel.setThreads(1);
                    assertArrayEquals(dx.toFloatArray(), Convolution.convBackwardInput(gy, w, c.xs(), c.options()).toFloatArray(), "1 thread " + what);
                } finally {
                    Parallel.setThreads(threads);
                }
                long saved = CpuConvChannelsLast.copyFloats;
                try {
                    CpuConvChannelsLast.copyFloats = 1;
                    assertArrayEquals(dx.toFloatArray(), Convolution.convBackwardInput(gy, w, c.xs(), c.options()).toFloatArray(), "one image per copy " + what);
                } finally {
                    CpuConvChannelsLast.copyFloats = saved;
                }
            }
        }
    }

    /** The rule: small outputs whose padded grid would waste a quarter or more (the demo's 6-12³ levels), not 24³. */
    @Test
    void ruleTakesTheWastefulShapes() {
        long[][][] taken = {{{8, 64, 6, 6, 6}, {64, 64, 3, 3, 3}}, {{8, 32, 12, 12, 12}, {64, 32, 3, 3, 3}}};
        long[][][] left = {{{8, 16, 24, 24, 24}, {32, 16, 3, 3, 3}}, {{8, 16, 24, 24, 24}, {16, 16, 3, 3, 3}},
                {{8, 1, 48, 48, 48}, {16, 1, 3, 3, 3}}};
        int[] takenStride = {1, 2}, leftStride = {2, 1, 2};
        for (int i = 0; i < taken.length; i++) assertTrue(forwardRule(taken[i], takenStride[i]), Arrays.deepToString(taken[i]));
        for (int i = 0; i < left.length; i++) assertTrue(!forwardRule(left[i], leftStride[i]), Arrays.deepToString(left[i]));
    }

    private static boolean forwardRule(long[][] xw, int stride) {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(DType.FLOAT32, Device.CPU, xw[0]), w = Tensor.zeros(DType.FLOAT32, Device.CPU, xw[1]);
            long out = (xw[0][2] + 2 - 3) / stride + 1;
            Tensor y = Tensor.zeros(DType.FLOAT32, Device.CPU, xw[0][0], xw[1][0], out, out, out);
            return CpuConvChannelsLast.appliesForward(CpuConvColumns.of(x, y, w, new ConvParams(fill(3, 1), fill(3, stride), fill(3, 1), 1)));
        }
    }

    @Test
    void matchesTheFloat64Path() {
        Random r = new Random(41);
        try (Scope s = Scope.open()) {
            for (Case c : CASES) check(r, c);
        }
    }

    /** Copies made one image at a time (several passes, the filter gradient's partials spanning them). */
    @Test
    void severalCopyPassesGiveTheSameBits() {
        long saved = CpuConvChannelsLast.copyFloats;
        Random r = new Random(43);
        try (Scope s = Scope.open()) {
            for (Case c : new Case[]{CASES[1], CASES[2], CASES[6], CASES[8]}) {
                Tensor x = Conformance.tensor(Device.CPU, DType.FLOAT32, rnd(r, c.xs()), c.xs());
                Tensor w = Conformance.tensor(Device.CPU, DType.FLOAT32, rnd(r, c.ws()), c.ws());
                ConvOptions o = c.options();
                Tensor y = conv(x, w, null, o);
                Tensor dw = Convolution.convBackwardWeight(y, x, c.ws(), o);
                CpuConvChannelsLast.copyFloats = 1;
                assertArrayEquals(y.toFloatArray(), conv(x, w, null, o).toFloatArray(), "forward " + c);
                assertArrayEquals(dw.toFloatArray(), Convolution.convBackwardWeight(y, x, c.ws(), o).toFloatArray(), "filter " + c);
                CpuConvChannelsLast.copyFloats = saved;
            }
        } finally {
            CpuConvChannelsLast.copyFloats = saved;
        }
    }

    @Test
    void resultsDoNotDependOnThreadCount() {
        Random r = new Random(42);
        int threads = Parallel.threads();
        try (Scope s = Scope.open()) {
            for (Case c : CASES) {
                Tensor x = Conformance.tensor(Device.CPU, DType.FLOAT32, rnd(r, c.xs()), c.xs());
                Tensor w = Conformance.tensor(Device.CPU, DType.FLOAT32, rnd(r, c.ws()), c.ws());
                ConvOptions o = c.options();
                Parallel.setThreads(1);
                Tensor y = conv(x, w, null, o);
                Tensor dx = Convolution.convBackwardInput(y, w, c.xs(), o), dw = Convolution.convBackwardWeight(y, x, c.ws(), o);
                Parallel.setThreads(3);
                assertArrayEquals(y.toFloatArray(), conv(x, w, null, o).toFloatArray(), "forward " + c);
                assertArrayEquals(dx.toFloatArray(), Convolution.convBackwardInput(y, w, c.xs(), o).toFloatArray(), "data " + c);
                assertArrayEquals(dw.toFloatArray(), Convolution.convBackwardWeight(y, x, c.ws(), o).toFloatArray(), "filter " + c);
                Parallel.setThreads(threads);
            }
        } finally {
            Parallel.setThreads(threads);
        }
    }

    private static void check(Random r, Case c) {
        String what = "x" + Arrays.toString(c.xs()) + " w" + Arrays.toString(c.ws()) + " " + c.options();
        long cout = c.ws()[0];
        double[] xv = rnd(r, c.xs()), wv = rnd(r, c.ws()), bv = rnd(r, new long[]{cout});
        Tensor x = Conformance.tensor(Device.CPU, DType.FLOAT32, xv, c.xs()), w = Conformance.tensor(Device.CPU, DType.FLOAT32, wv, c.ws());
        Tensor b = Conformance.tensor(Device.CPU, DType.FLOAT32, bv, cout);
        Tensor x64 = Conformance.tensor(Device.CPU, DType.FLOAT64, xv, c.xs()), w64 = Conformance.tensor(Device.CPU, DType.FLOAT64, wv, c.ws());
        Tensor b64 = Conformance.tensor(Device.CPU, DType.FLOAT64, bv, cout);
        ConvOptions o = c.options();
        Tensor y = conv(x, w, b, o), y64 = conv(x64, w64, b64, o);
        CpuConvColumns g = CpuConvColumns.of(x, y, w, c.params());
        assertTrue(CpuConvChannelsLast.appliesForward(g) && CpuConvChannelsLast.appliesFilter(g), "the channels-last path takes " + what);
        double atol = 1e-6 * Math.sqrt(c.ws()[1] * 27) * 4;
        Conformance.assertClose(y64.toDoubleArray(), y.toDoubleArray(), 1e-5, atol, "forward " + what);
        double[] gv = rnd(r, y.shape());
        Tensor gy = Conformance.tensor(Device.CPU, DType.FLOAT32, gv, y.shape()), gy64 = Conformance.tensor(Device.CPU, DType.FLOAT64, gv, y.shape());
        Conformance.assertClose(Convolution.convBackwardInput(gy64, w64, c.xs(), o).toDoubleArray(),
                Convolution.convBackwardInput(gy, w, c.xs(), o).toDoubleArray(), 1e-5, atol, "data " + what);
        Conformance.assertClose(Convolution.convBackwardWeight(gy64, x64, c.ws(), o).toDoubleArray(),
                Convolution.convBackwardWeight(gy, x, c.ws(), o).toDoubleArray(), 1e-5, 1e-4, "filter " + what);
    }
}
