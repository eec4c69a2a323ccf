package dev.axial.tensor.imaging;

import dev.axial.tensor.Conformance;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;
import dev.axial.tensor.cpu.Parallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Forward convolutions against {@link ConvRef}: random 1/2/3-D shapes, "same", unbatched, transposed, tiling, bad input. */
class ConvTest {

    /** A random convolution: shapes batched, per-dim ints. */
    record Case(int rank, long[] x, long[] w, int[] s, int[] p, int[] d, int groups, int[] op) {
        ConvOptions opts() { return ConvOptions.of().stride(s).padding(p).dilation(d).groups(groups).outputPadding(op); }
    }

    static Case randomCase(Random r, int rank, boolean transposed) {
        int groups = 1 + r.nextInt(3), cig = 1 + r.nextInt(3), cog = 1 + r.nextInt(3);
        long n = r.nextInt(5) == 0 ? 0 : 1 + r.nextInt(2);
        long[] x = new long[rank + 2], w = new long[rank + 2];
        int[] s = new int[rank], p = new int[rank], d = new int[rank], op = new int[rank];
        x[0] = n;
        x[1] = (long) groups * cig;
        w[0] = transposed ? (long) groups * cig : (long) groups * cog;
        w[1] = transposed ? cog : cig;
        for (int i = 0; i < rank; i++) {
            w[2 + i] = 1 + r.nextInt(3);
            s[i] = 1 + r.nextInt(2);
            d[i] = 1 + r.nextInt(2);
            p[i] = r.nextInt(2);
            long eff = d[i] * (w[2 + i] - 1) + 1;
            x[2 + i] = Math.max(1, eff - 2L * p[i]) + r.nextInt(rank == 3 ? 3 : 5);
            if (transposed) {
                op[i] = r.nextInt(Math.max(s[i], d[i]));
                while ((x[2 + i] - 1) * s[i] - 2L * p[i] + (long) d[i] * (w[2 + i] - 1) + op[i] + 1 < 1) x[2 + i]++;
            }
        }
        return new Case(rank, x, w, s, p, d, groups, op);
    }

    static double[] rnd(Random r, long n) {
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = r.nextDouble() * 2 - 1;
        return v;
    }

    static long numel(long[] s) {
        long n = 1;
        for (long v : s) n *= v;
        return n;
    }

    static Tensor conv(int rank, Tensor x, Tensor w, Tensor b, ConvOptions o) {
        return switch (rank) {
            case 1 -> Convolution.conv1d(x, w, b, o);
            case 2 -> Convolution.conv2d(x, w, b, o);
            default -> Convolution.conv3d(x, w, b, o);
        };
    }

    static Tensor convT(int rank, Tensor x, Tensor w, Tensor b, ConvOptions o) {
        return switch (rank) {
            case 1 -> Convolution.convTranspose1d(x, w, b, o);
            case 2 -> Convolution.convTranspose2d(x, w, b, o);
            default -> Convolution.convTranspose3d(x, w, b, o);
        };
    }

    static double tol(DType dt) { return dt == DType.FLOAT64 ? 1e-12 : 1e-5; }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void randomConvMatchesReference(Device dev) {
        Random r = new Random(11);
        for (int rank = 1; rank <= 3; rank++)
            for (int t = 0; t < 12; t++) {
                Case c = randomCase(r, rank, false);
                DType dt = t % 2 == 0 ? DType.FLOAT64 : DType.FLOAT32;
                double[] xv = Conformance.roundTo(dt, rnd(r, numel(c.x()))), wv = Conformance.roundTo(dt, rnd(r, numel(c.w())));
                double[] bv = t % 3 == 0 ? null : Conformance.roundTo(dt, rnd(r, c.w()[0]));
                long[] ys = ConvRef.convOut(c.x(), c.w(), c.s(), c.p(), c.p(), c.d());
                double[] ref = ConvRef.conv(xv, ConvRef.lift(c.x()), wv, ConvRef.lift(c.w()), bv, ConvRef.lift(ys),
                        ConvRef.lift(c.s(), 1), ConvRef.lift(c.p(), 0), ConvRef.lift(c.d(), 1), c.groups());
                try (Scope s = Scope.open()) {
                    Tensor x = Conformance.tensor(dev, dt, xv, t % 4 == 1, c.x());
                    Tensor w = Conformance.tensor(dev, dt, wv, t % 4 == 2, c.w());
                    Tensor b = bv == null ? null : Conformance.tensor(dev, dt, bv, c.w()[0]);
                    Tensor y = conv(rank, x, w, b, c.opts());
                    assertArrayEquals(ys, y.shape(), c.toString());
                    Conformance.assertClose(ref, y.toDoubleArray(), tol(dt), tol(dt), "conv" + rank + "d " + c);
                }
            }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void randomTransposedMatchesReference(Device dev) {
        Random r = new Random(12);
        for (int rank = 1; rank <= 3; rank++)
            for (int t = 0; t < 12; t++) {
                Case c = randomCase(r, rank, true);
                DType dt = t % 2 == 0 ? DType.FLOAT64 : DType.FLOAT32;
                double[] xv = Conformance.roundTo(dt, rnd(r, numel(c.x()))), wv = Conformance.roundTo(dt, rnd(r, numel(c.w())));
                long cout = c.w()[1] * c.groups();
                double[] bv = t % 3 == 0 ? null : Conformance.roundTo(dt, rnd(r, cout));
                long[] ys = c.x().clone();
                ys[1] = cout;
                for (int i = 0; i < rank; i++)
                    ys[2 + i] = (c.x()[2 + i] - 1) * c.s()[i] - 2L * c.p()[i] + (long) c.d()[i] * (c.w()[2 + i] - 1) + c.op()[i] + 1;
                double[] ref = ConvRef.convTranspose(xv, ConvRef.lift(c.x()), wv, ConvRef.lift(c.w()), bv, ConvRef.lift(ys),
                        ConvRef.lift(c.s(), 1), ConvRef.lift(c.p(), 0), ConvRef.lift(c.d(), 1), c.groups());
                try (Scope s = Scope.open()) {
                    Tensor x = Conformance.tensor(dev, dt, xv, t % 4 == 1, c.x());
                    Tensor w = Conformance.tensor(dev, dt, wv, c.w());
                    Tensor b = bv == null ? null : Conformance.tensor(dev, dt, bv, cout);
                    Tensor y = convT(rank, x, w, b, c.opts());
                    assertArrayEquals(ys, y.shape(), c.toString());
                    Conformance.assertClose(ref, y.toDoubleArray(), tol(dt), tol(dt), "convTranspose" + rank + "d " + c);
                }
            }
    }

    @Test
    void samePaddingEvenKernelPadsRight() {
        Random r = new Random(13);
        for (int rank = 1; rank <= 3; rank++) {
            long[] xs = new long[rank + 2], ws = new long[rank + 2];
            xs[0] = 2;
            xs[1] = 2;
            ws[0] = 3;
            ws[1] = 2;
            int[] d = new int[rank], lo = new int[rank], hi = new int[rank], one = new int[rank];
            for (int i = 0; i < rank; i++) {
                xs[2 + i] = 5 + i;
                ws[2 + i] = 2 + i;   // even and odd kernels
                d[i] = 1 + i % 2;
                one[i] = 1;
                long total = d[i] * (ws[2 + i] - 1);
                lo[i] = (int) (total / 2);
                hi[i] = (int) (total - lo[i]);
            }
            double[] xv = rnd(r, numel(xs)), wv = rnd(r, numel(ws));
            try (Scope s = Scope.open()) {
                Tensor x = Conformance.tensor(Device.CPU, DType.FLOAT64, xv, xs), w = Conformance.tensor(Device.CPU, DType.FLOAT64, wv, ws);
                Tensor y = conv(rank, x, w, null, ConvOptions.of().padding("same").dilation(d));
                long[] expect = xs.clone();
                expect[1] = 3;
                assertArrayEquals(expect, y.shape());
                Conformance.assertClose(ConvRef.conv(xv, ConvRef.lift(xs), wv, ConvRef.lift(ws), null, ConvRef.lift(expect),
                        ConvRef.lift(one, 1), ConvRef.lift(lo, 0), ConvRef.lift(d, 1), 1), y.toDoubleArray(), 1e-12, 1e-12, "same " + rank);
                Tensor v = conv(rank, x, w, null, ConvOptions.of().padding("valid"));
                for (int i = 0; i < rank; i++) assertEquals(xs[2 + i] - ws[2 + i] + 1, v.size(2 + i));
            }
        }
    }

    @Test
    void unbatchedInputAndEmptyBatch() {
        Random r = new Random(14);
        double[] xv = rnd(r, 3 * 6 * 7), wv = rnd(r, 4 * 3 * 9);
        try (Scope s = Scope.open()) {
            Tensor x = Conformance.tensor(Device.CPU, DType.FLOAT32, xv, 3, 6, 7);
            Tensor w = Conformance.tensor(Device.CPU, DType.FLOAT32, wv, 4, 3, 3, 3);
            Tensor y = Convolution.conv2d(x, w, null, ConvOptions.of().padding(1));
            assertArrayEquals(new long[]{4, 6, 7}, y.shape());
            Tensor yb = Convolution.conv2d(x.unsqueeze(0), w, null, ConvOptions.of().padding(1));
            assertArrayEquals(yb.toFloatArray(), y.toFloatArray());
            Tensor e = Convolution.conv2d(Tensor.zeros(0, 3, 6, 7), w);
            assertArrayEquals(new long[]{0, 4, 4, 5}, e.shape());
            Tensor et = Convolution.convTranspose2d(Tensor.zeros(0, 4, 4, 5), w);
            assertArrayEquals(new long[]{0, 3, 6, 7}, et.shape());
            Tensor gw = Convolution.convBackwardWeight(Tensor.zeros(0, 4, 4, 5), Tensor.zeros(0, 3, 6, 7), w.shape(), ConvOptions.of());
            assertTrue(Arrays.stream(gw.toDoubleArray()).allMatch(v -> v == 0));
        }
    }

    /** A shape big enough to split the column buffer within a plane, into several slabs and backward phases; and thread independence. */
    @Test
    void tiledShapeMatchesReferenceForAnyThreadCount() {
        Random r = new Random(15);
        long[] xs = {1, 32, 5, 20, 20}, ws = {4, 32, 3, 3, 3};
        double[] xv = Conformance.roundTo(DType.FLOAT32, rnd(r, numel(xs))), wv = Conformance.roundTo(DType.FLOAT32, rnd(r, numel(ws)));
        int[] one = {1, 1, 1};
        double[] ref = ConvRef.conv(xv, xs, wv, ws, null, new long[]{1, 4, 5, 20, 20}, one, one, one, 1);
        int threads = Parallel.threads();
        try (Scope s = Scope.open()) {
            Tensor x = Conformance.tensor(Device.CPU, DType.FLOAT32, xv, xs), w = Conformance.tensor(Device.CPU, DType.FLOAT32, wv, ws);
            ConvOptions o = ConvOptions.of().padding(1);
            Tensor y = Convolution.conv3d(x, w, null, o);
            Conformance.assertClose(ref, y.toDoubleArray(), 1e-4, 1e-4, "tiled conv3d");
            Tensor dx = Convolution.convBackwardInput(y, w, xs, o), dw = Convolution.convBackwardWeight(y, x, ws, o);
            Parallel.setThreads(3);
            assertArrayEquals(y.toFloatArray(), Convolution.conv3d(x, w, null, o).toFloatArray());
            assertArrayEquals(dx.toFloatArray(), Convolution.convBackwardInput(y, w, xs, o).toFloatArray());
            assertArrayEquals(dw.toFloatArray(), Convolution.convBackwardWeight(y, x, ws, o).toFloatArray());
            // the same backward in float64 through the reference's adjoint: <conv(x), y> = <x, dx>
            double lhs = 0, rhs = 0;
            double[] yv = y.toDoubleArray(), dxv = dx.toDoubleArray();
            for (int i = 0; i < yv.length; i++) lhs += ref[i] * yv[i];
            for (int i = 0; i < xv.length; i++) rhs += xv[i] * dxv[i];
            assertEquals(lhs, rhs, 1e-3 * Math.abs(lhs));
            // strided in H, W only: backward data through col2vol in phases (stride 1 goes through a forward conv)
            ConvOptions o2 = ConvOptions.of().stride(1, 2, 2).padding(1);
            Tensor y2 = Convolution.conv3d(x, w, null, o2);
            Tensor dx2 = Convolution.convBackwardInput(y2, w, xs, o2);
            Parallel.setThreads(1);
            assertArrayEquals(dx2.toFloatArray(), Convolution.convBackwardInput(y2, w, xs, o2).toFloatArray());
            double l2 = 0, r2 = 0;
            double[] y2v = y2.toDoubleArray(), dx2v = dx2.toDoubleArray();
            for (double v : y2v) l2 += v * v;
            for (int i = 0; i < xv.length; i++) r2 += xv[i] * dx2v[i];
            assertEquals(l2, r2, 1e-3 * Math.abs(l2));
        } finally {
            Parallel.setThreads(threads);
        }
    }

    @Test
    void badInputNamesOpAndShapes() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(1, 4, 8, 8), w = Tensor.zeros(6, 2, 3, 3);
            assertMsg(() -> Convolution.conv2d(Tensor.zeros(4, 8), w), "conv2d", "[4, 8]");
            assertMsg(() -> Convolution.conv3d(x, w), "conv3d", "5-D weight");
            assertMsg(() -> Convolution.conv2d(Tensor.zeros(1, 3, 8, 8), Tensor.zeros(6, 1, 3, 3), null, ConvOptions.of().groups(3 * 2)),
                    "conv2d", "not divisible by groups");
            assertMsg(() -> Convolution.conv2d(x, w), "conv2d", "[6, 2, 3, 3]");
            assertMsg(() -> Convolution.conv2d(x, Tensor.zeros(6, 4, 9, 3)), "conv2d", "larger than the padded input");
            assertMsg(() -> Convolution.conv2d(x, Tensor.zeros(6, 4, 3, 3), Tensor.zeros(5), ConvOptions.of()), "conv2d", "bias");
            assertMsg(() -> Convolution.conv2d(x, Tensor.zeros(6, 4, 3, 3), null, ConvOptions.of().padding("same").stride(2)), "conv2d", "strided");
            assertMsg(() -> Convolution.conv2d(x, Tensor.zeros(6, 4, 3, 3), null, ConvOptions.of().stride(1, 2, 3)), "conv2d", "stride");
            assertMsg(() -> Convolution.conv2d(x, Tensor.zeros(DType.FLOAT64, Device.CPU, 6, 4, 3, 3)), "conv2d", "dtype");
            assertMsg(() -> Convolution.conv2d(Tensor.zeros(DType.INT64, Device.CPU, 1, 4, 8, 8), Tensor.zeros(DType.INT64, Device.CPU, 6, 4, 3, 3)),
                    "conv2d", "float32");
            assertMsg(() -> Convolution.convTranspose2d(x, w), "convTranspose2d", "expects 6 input channels");
            assertMsg(() -> Convolution.convTranspose2d(x, Tensor.zeros(4, 2, 3, 3), null, ConvOptions.of().stride(2).outputPadding(2)),
                    "convTranspose2d", "output padding");
            assertMsg(() -> Convolution.convBackwardInput(Tensor.zeros(1, 6, 5, 5), Tensor.zeros(6, 4, 3, 3), x.shape(), ConvOptions.of()),
                    "convBackwardInput", "gradOut must have shape [1, 6, 6, 6]");
        }
    }

    private static void assertMsg(Runnable r, String... parts) {
        TensorException e = assertThrows(TensorException.class, r::run);
        for (String p : parts) assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' lacks '" + p + "'");
    }
}
