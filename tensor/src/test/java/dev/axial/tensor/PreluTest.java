package dev.axial.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.*;

/**
 * torch.prelu and its one-pass gradients against a plain reference: one slope and one per channel, 5-D, 2-D, 1-D and
 * 0-D inputs, offset views, rows long enough for the CPU's vector path, NaN and 0 (the gradient at 0 goes to the
 * slope, as ATen's _prelu_kernel_backward), and the errors.
 */
class PreluTest {
    private record Case(long[] shape, int slopes, boolean view) {}

    private static final Case[] CASES = {
            new Case(new long[]{2, 3, 4, 5, 7}, 3, false), new Case(new long[]{2, 3, 4, 5, 7}, 1, false),
            new Case(new long[]{3, 70}, 70, false), new Case(new long[]{2, 4, 37}, 4, true), new Case(new long[]{5}, 5, false),
            new Case(new long[]{}, 1, false), new Case(new long[]{1, 2, 67}, 1, true)};

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void forwardAndGradientsMatchTheReference(Device dev) {
        for (DType t : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            for (Case c : CASES) {
                try (Scope s = Scope.open()) {
                    Generator g = new Generator(3);
                    Tensor x = c.view ? wider(g, t, dev, c.shape) : Tensor.normal(g, t, dev, 0, 1, c.shape);
                    if (x.numel() > 3) {   // a NaN and two exact zeros
                        Tensor flat = x.contiguous();
                        double[] v = flat.toDoubleArray();
                        v[0] = Double.NaN;
                        v[1] = 0;
                        v[v.length - 1] = -0.0;
                        x = Tensor.of(v).to(t).reshape(c.shape).to(dev);
                    }
                    Tensor w = Tensor.uniform(g, t, dev, -0.5, 1.5, c.slopes);
                    Tensor dy = Tensor.normal(g, t, dev, 0, 1, c.shape);
                    double[] xs = x.contiguous().toDoubleArray(), ws = w.toDoubleArray(), gs = dy.toDoubleArray();
                    int cdim = c.shape.length >= 2 ? 1 : 0;
                    long inner = 1;
                    for (int d = cdim + 1; d < c.shape.length; d++) inner *= c.shape[d];
                    double[] y = new double[xs.length], gx = new double[xs.length], gw = new double[c.slopes];
                    for (int i = 0; i < xs.length; i++) {
                        int ch = c.slopes == 1 ? 0 : (int) ((i / inner) % c.slopes);
                        boolean pos = xs[i] > 0;
                        y[i] = pos ? xs[i] : ws[ch] * xs[i];
                        gx[i] = pos ? gs[i] : ws[ch] * gs[i];
                        gw[ch] += pos ? 0 : xs[i] * gs[i];
                    }
                    String what = "prelu " + t + " " + Shapes.str(c.shape) + " slopes " + c.slopes + (c.view ? " (view)" : "") + " on " + dev;
                    double tol = t == DType.FLOAT32 ? 1e-5 : 1e-12;
                    Tensor out = x.prelu(w);
                    assertArrayEquals(c.shape, out.shape(), what);
                    Conformance.assertClose(y, out.toDoubleArray(), tol, tol, what);
                    Tensor[] d = x.preluBackward(dy, w);
                    assertArrayEquals(c.shape, d[0].shape(), what + " gradInput shape");
                    assertArrayEquals(w.shape(), d[1].shape(), what + " gradWeight shape");
                    Conformance.assertClose(gx, d[0].toDoubleArray(), tol, tol, what + " gradInput");
                    Conformance.assertClose(gw, d[1].toDoubleArray(), 1e-4, 1e-4, what + " gradWeight");
                }
            }
        }
    }

    /** A tensor of {@code shape} that is a narrowed view of a wider one (its rows do not merge, its offset is not 0). */
    private static Tensor wider(Generator g, DType t, Device dev, long[] shape) {
        long[] big = shape.clone();
        big[big.length - 1] += 5;
        return Tensor.normal(g, t, dev, 0, 1, big).narrow(big.length - 1, 2, shape[shape.length - 1]);
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void badInputIsNamed(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(DType.FLOAT32, dev, 2, 3, 4);
            TensorException channels = assertThrows(TensorException.class, () -> x.prelu(Tensor.ones(DType.FLOAT32, dev, 4)));
            assertTrue(channels.getMessage().contains("prelu") && channels.getMessage().contains("4 slopes need 4 channels in dim 1"),
                    channels.getMessage());
            TensorException rank = assertThrows(TensorException.class, () -> x.prelu(Tensor.ones(DType.FLOAT32, dev, 3, 1)));
            assertTrue(rank.getMessage().contains("1-D"), rank.getMessage());
            TensorException dtype = assertThrows(TensorException.class, () -> x.prelu(Tensor.ones(DType.FLOAT64, dev, 3)));
            assertTrue(dtype.getMessage().contains("floating"), dtype.getMessage());
            TensorException ints = assertThrows(TensorException.class,
                    () -> Tensor.zeros(DType.INT32, dev, 3).prelu(Tensor.ones(DType.INT32, dev, 1)));
            assertTrue(ints.getMessage().contains("floating"), ints.getMessage());
            TensorException grad = assertThrows(TensorException.class,
                    () -> x.preluBackward(Tensor.zeros(DType.FLOAT32, dev, 2, 3), Tensor.ones(DType.FLOAT32, dev, 3)));
            assertTrue(grad.getMessage().contains("preluBackward") && grad.getMessage().contains("shape"), grad.getMessage());
        }
    }
}
