package dev.axial.tensor.imaging;

import dev.axial.tensor.FiniteDifferences;
import dev.axial.tensor.Conformance;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Backward ops against central finite differences of the forward in float64: L = sum(forward(x, w, b) * g) for a
 * fixed random upstream gradient g; each backward must equal dL/dx, dL/dw, dL/db.
 */
class ConvBackwardTest {
    private static final double H = 1e-4;

    static Tensor t(double[] v, long[] shape) { return Conformance.tensor(Device.CPU, DType.FLOAT64, v, shape); }

    static double[] run(Function<Tensor[], Tensor> f, double[] x, long[] xs, double[] w, long[] ws, double[] b) {
        try (Scope s = Scope.open()) {
            return f.apply(new Tensor[]{t(x, xs), t(w, ws), b == null ? null : t(b, new long[]{b.length})}).toDoubleArray();
        }
    }

    private static void check(String what, double[] expected, Tensor actual) {
        Conformance.assertClose(expected, actual.toDoubleArray(), 1e-6, 1e-7, what);
    }

    @Test
    void convGradientsMatchFiniteDifferences() {
        Random r = new Random(21);
        for (int rank = 1; rank <= 3; rank++)
            for (int c = 0; c < 4; c++) {
                ConvTest.Case k = ConvTest.randomCase(r, rank, false);
                if (k.x()[0] == 0) continue;
                ConvOptions o = c == 3 ? ConvOptions.of().padding("same").dilation(k.d()).groups(k.groups()) : k.opts();
                if (c == 3) for (int i = 0; i < rank; i++) k.w()[2 + i] = 2;   // even kernel: asymmetric "same"
                int rk = rank;
                Function<Tensor[], Tensor> f = a -> ConvTest.conv(rk, a[0], a[1], a[2], o);
                gradients("conv" + rank + "d " + k + " " + o, f, k.x(), k.w(), r, false, o);
            }
    }

    @Test
    void transposedGradientsMatchFiniteDifferences() {
        Random r = new Random(22);
        for (int rank = 1; rank <= 3; rank++)
            for (int c = 0; c < 3; c++) {
                ConvTest.Case k = ConvTest.randomCase(r, rank, true);
                if (k.x()[0] == 0) continue;
                int rk = rank;
                Function<Tensor[], Tensor> f = a -> ConvTest.convT(rk, a[0], a[1], a[2], k.opts());
                gradients("convTranspose" + rank + "d " + k, f, k.x(), k.w(), r, true, k.opts());
            }
    }

    @Test
    void unbatchedBackward() {
        Random r = new Random(23);
        long[] xs = {2, 5, 4}, ws = {3, 2, 2, 3};
        ConvOptions o = ConvOptions.of().padding(1).stride(2, 1);
        Function<Tensor[], Tensor> f = a -> Convolution.conv2d(a[0], a[1], a[2], o);
        gradients("unbatched conv2d", f, xs, ws, r, false, o);
        Function<Tensor[], Tensor> ft = a -> Convolution.convTranspose2d(a[0], a[1], a[2], o);
        gradients("unbatched convTranspose2d", ft, xs, new long[]{2, 3, 2, 3}, r, true, o);
    }

    private static void gradients(String what, Function<Tensor[], Tensor> f, long[] xs, long[] ws, Random r, boolean transposed, ConvOptions o) {
        double[] x = ConvTest.rnd(r, ConvTest.numel(xs)), w = ConvTest.rnd(r, ConvTest.numel(ws));
        long[] ys;
        try (Scope s = Scope.open()) {
            ys = f.apply(new Tensor[]{t(x, xs), t(w, ws), null}).shape();
        }
        boolean batched = xs.length == ws.length;
        double[] b = ConvTest.rnd(r, ys[batched ? 1 : 0]);
        double[] g = ConvTest.rnd(r, ConvTest.numel(ys));
        double[] gx = FiniteDifferences.vjp(v -> run(f, v, xs, w, ws, b), x, g, H);
        double[] gw = FiniteDifferences.vjp(v -> run(f, x, xs, v, ws, b), w, g, H);
        double[] gb = FiniteDifferences.vjp(v -> run(f, x, xs, w, ws, v), b, g, H);
        try (Scope s = Scope.open()) {
            Tensor gt = t(g, ys), xt = t(x, xs), wt = t(w, ws);
            Tensor dx = transposed ? Convolution.convTransposeBackwardInput(gt, wt, xs, o) : Convolution.convBackwardInput(gt, wt, xs, o);
            Tensor dw = transposed ? Convolution.convTransposeBackwardWeight(gt, xt, ws, o) : Convolution.convBackwardWeight(gt, xt, ws, o);
            Tensor db = Convolution.convBackwardBias(gt, ws.length - 2);
            assertArrayEquals(xs, dx.shape(), what);
            check(what + " dInput", gx, dx);
            check(what + " dWeight", gw, dw);
            check(what + " dBias", gb, db);
        }
    }
}
