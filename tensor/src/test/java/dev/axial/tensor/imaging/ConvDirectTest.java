package dev.axial.tensor.imaging;

import dev.axial.tensor.Conformance;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.cpu.Parallel;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The direct float32 path (cpu/CpuConvDirect; stride 1 and, through the polyphase split, strided): forward against {@link ConvRef}; backward data and filter
 * against the float64 vol2col + GEMM path (itself checked against finite differences in {@link ConvBackwardTest});
 * channel counts off the 8-channel blocking, sizes off the vector width, dilation, groups, bias, batches; and
 * bitwise independence of the thread count.
 */
class ConvDirectTest {

    private static int[] fill(int rank, java.util.function.IntSupplier f) {
        int[] v = new int[rank];
        for (int i = 0; i < rank; i++) v[i] = f.getAsInt();
        return v;
    }

    @Test
    void directMatchesReferenceAndFloat64Path() {
        Random r = new Random(31);
        int[] cins = {1, 2, 3, 5, 9, 17}, couts = {1, 3, 8, 9, 13, 17};
        for (int rank = 1; rank <= 3; rank++)
            for (int t = 0; t < 10; t++) {
                int groups = t % 4 == 3 ? 2 : 1;
                int cin = cins[r.nextInt(cins.length)] * groups, cout = couts[r.nextInt(couts.length)] * groups;
                int n = 1 + r.nextInt(3);
                int[] d = fill(rank, () -> 1 + r.nextInt(2)), p = fill(rank, () -> r.nextInt(3));
                int[] st = t < 5 ? fill(rank, () -> 1) : fill(rank, () -> 1 + r.nextInt(3));
                long[] xs = new long[rank + 2], ws = new long[rank + 2];
                xs[0] = n;
                xs[1] = cin;
                ws[0] = cout;
                ws[1] = cin / groups;
                for (int i = 0; i < rank; i++) {
                    ws[2 + i] = 1 + r.nextInt(3);
                    long eff = d[i] * (ws[2 + i] - 1) + 1;
                    xs[2 + i] = Math.max(1, eff - 2L * p[i]) + r.nextInt(rank == 3 ? 9 : 40);
                }
                ConvOptions o = ConvOptions.of().stride(st).padding(p).dilation(d).groups(groups);
                String what = "conv" + rank + "d x" + Arrays.toString(xs) + " w" + Arrays.toString(ws) + " " + o;
                double[] xv = Conformance.roundTo(DType.FLOAT32, ConvTest.rnd(r, ConvTest.numel(xs)));
                double[] wv = Conformance.roundTo(DType.FLOAT32, ConvTest.rnd(r, ConvTest.numel(ws)));
                double[] bv = t % 2 == 0 ? Conformance.roundTo(DType.FLOAT32, ConvTest.rnd(r, cout)) : null;
                long[] ys = ConvRef.convOut(xs, ws, st, p, p, d);
                double[] ref = ConvRef.conv(xv, ConvRef.lift(xs), wv, ConvRef.lift(ws), bv, ConvRef.lift(ys),
                        ConvRef.lift(st, 1), ConvRef.lift(p, 0), ConvRef.lift(d, 1), groups);
                double[] gv = Conformance.roundTo(DType.FLOAT32, ConvTest.rnd(r, ConvTest.numel(ys)));
                try (Scope s = Scope.open()) {
                    Tensor x = Conformance.tensor(Device.CPU, DType.FLOAT32, xv, t % 3 == 1, xs);
                    Tensor w = Conformance.tensor(Device.CPU, DType.FLOAT32, wv, ws);
                    Tensor b = bv == null ? null : Conformance.tensor(Device.CPU, DType.FLOAT32, bv, cout);
                    Tensor y = ConvTest.conv(rank, x, w, b, o);
                    assertArrayEquals(ys, y.shape(), what);
                    Conformance.assertClose(ref, y.toDoubleArray(), 1e-5, 1e-5, "forward " + what);
                    Tensor g = Conformance.tensor(Device.CPU, DType.FLOAT32, gv, ys);
                    Tensor x64 = Conformance.tensor(Device.CPU, DType.FLOAT64, xv, xs), w64 = Conformance.tensor(Device.CPU, DType.FLOAT64, wv, ws);
                    Tensor g64 = Conformance.tensor(Device.CPU, DType.FLOAT64, gv, ys);
                    Conformance.assertClose(Convolution.convBackwardInput(g64, w64, xs, o).toDoubleArray(),
                            Convolution.convBackwardInput(g, w, xs, o).toDoubleArray(), 1e-5, 1e-5, "backward input " + what);
                    Conformance.assertClose(Convolution.convBackwardWeight(g64, x64, ws, o).toDoubleArray(),
                            Convolution.convBackwardWeight(g, x, ws, o).toDoubleArray(), 1e-5, 1e-4, "backward weight " + what);
                }
            }
    }

    /**
     * Deep volumes: the direct kernels work per slab of output d-planes (at least 16 slabs per batch), so these
     * have many slabs, a short last slab, slabs whose planes reach into the d padding, and stride-2 and -3 splits
     * (the vector stride-2 W split with W odd and even); against the float64 vol2col + GEMM path, forward and both
     * gradients.
     */
    @Test
    void slabsMatchFloat64Path() {
        Random r = new Random(33);
        // the last three: output channels per group a multiple of 32, the broadcast-tile filter gradient
        // (cpu/CpuConvDirectFilter), with groups, a kernel volume that leaves a partial 8-row block, stride 2
        long[][] xShapes = {{2, 3, 37, 12, 10}, {1, 9, 41, 11, 13}, {3, 2, 29, 7, 20}, {2, 5, 33, 9, 8},
                {2, 5, 19, 9, 11}, {1, 6, 21, 8, 7}, {2, 3, 17, 10, 9}};
        long[][] wShapes = {{5, 3, 3, 3, 3}, {8, 9, 3, 3, 3}, {9, 2, 2, 3, 3}, {4, 5, 3, 1, 3},
                {32, 5, 3, 3, 3}, {64, 3, 3, 2, 3}, {64, 3, 3, 3, 3}};
        int[] strides = {1, 2, 3, 2, 1, 1, 2}, groups = {1, 1, 1, 1, 1, 2, 1};
        try (Scope s = Scope.open()) {
            for (int c = 0; c < xShapes.length; c++) {
                long[] xs = xShapes[c], ws = wShapes[c];
                ConvOptions o = ConvOptions.of().stride(strides[c]).padding(1 + c % 2).groups(groups[c]);
                String what = "x" + Arrays.toString(xs) + " w" + Arrays.toString(ws) + " " + o;
                double[] xv = Conformance.roundTo(DType.FLOAT32, ConvTest.rnd(r, ConvTest.numel(xs)));
                double[] wv = Conformance.roundTo(DType.FLOAT32, ConvTest.rnd(r, ConvTest.numel(ws)));
                Tensor x = Conformance.tensor(Device.CPU, DType.FLOAT32, xv, xs), w = Conformance.tensor(Device.CPU, DType.FLOAT32, wv, ws);
                Tensor x64 = Conformance.tensor(Device.CPU, DType.FLOAT64, xv, xs), w64 = Conformance.tensor(Device.CPU, DType.FLOAT64, wv, ws);
                Tensor y = Convolution.conv3d(x, w, null, o), y64 = Convolution.conv3d(x64, w64, null, o);
                // float32 sums of up to 32 * 27 terms of unit size: an absolute tolerance a little over sqrt(terms) ulps
                double atol = 1e-6 * Math.sqrt(ws[0] * ws[1] * 27);
                Conformance.assertClose(y64.toDoubleArray(), y.toDoubleArray(), 1e-5, atol, "forward " + what);
                double[] gv = Conformance.roundTo(DType.FLOAT32, ConvTest.rnd(r, ConvTest.numel(y.shape())));
                Tensor g = Conformance.tensor(Device.CPU, DType.FLOAT32, gv, y.shape());
                Tensor g64 = Conformance.tensor(Device.CPU, DType.FLOAT64, gv, y.shape());
                Conformance.assertClose(Convolution.convBackwardInput(g64, w64, xs, o).toDoubleArray(),
                        Convolution.convBackwardInput(g, w, xs, o).toDoubleArray(), 1e-5, atol, "backward input " + what);
                Conformance.assertClose(Convolution.convBackwardWeight(g64, x64, ws, o).toDoubleArray(),
                        Convolution.convBackwardWeight(g, x, ws, o).toDoubleArray(), 1e-5, 1e-4 + atol * 10, "backward weight " + what);
            }
        }
    }

    /** Shapes with several forward work items and filter-gradient chunks: the same bits on 1 and 3 threads. */
    @Test
    void resultsDoNotDependOnThreadCount() {
        Random r = new Random(32);
        long[][] xShapes = {{2, 5, 9, 23, 21}, {3, 9, 61, 47}, {2, 3, 9000}, {2, 4, 19, 22, 37}, {2, 3, 37, 12, 11},
                {2, 3, 21, 13, 9}};
        long[][] wShapes = {{7, 5, 3, 3, 3}, {10, 9, 3, 2}, {11, 3, 5}, {9, 4, 3, 3, 3}, {9, 3, 3, 3, 3}, {32, 3, 3, 3, 3}};
        int threads = Parallel.threads();
        try (Scope s = Scope.open()) {
            for (int c = 0; c < xShapes.length; c++) {
                long[] xs = xShapes[c], ws = wShapes[c];
                int rank = xs.length - 2;
                int dil = 1 + c % 2;
                int str = c >= 3 ? 2 : 1;
                ConvOptions o = ConvOptions.of().stride(fill(rank, () -> str)).padding(fill(rank, () -> 1)).dilation(fill(rank, () -> dil));
                Tensor x = Conformance.tensor(Device.CPU, DType.FLOAT32, ConvTest.rnd(r, ConvTest.numel(xs)), xs);
                Tensor w = Conformance.tensor(Device.CPU, DType.FLOAT32, ConvTest.rnd(r, ConvTest.numel(ws)), ws);
                Tensor b = Conformance.tensor(Device.CPU, DType.FLOAT32, ConvTest.rnd(r, ws[0]), ws[0]);
                Parallel.setThreads(1);
                Tensor y = ConvTest.conv(rank, x, w, b, o);
                Tensor dx = Convolution.convBackwardInput(y, w, xs, o), dw = Convolution.convBackwardWeight(y, x, ws, o);
                Parallel.setThreads(3);
                assertArrayEquals(y.toFloatArray(), ConvTest.conv(rank, x, w, b, o).toFloatArray());
                assertArrayEquals(dx.toFloatArray(), Convolution.convBackwardInput(y, w, xs, o).toFloatArray(), "dx " + Arrays.toString(xs));
                assertArrayEquals(dw.toFloatArray(), Convolution.convBackwardWeight(y, x, ws, o).toFloatArray(), "dw " + Arrays.toString(xs));
                Parallel.setThreads(threads);
            }
        } finally {
            Parallel.setThreads(threads);
        }
    }
}
