package dev.axial.tensor.cuda;

import dev.axial.tensor.Backends;
import dev.axial.tensor.Conformance;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.imaging.ConvOptions;
import dev.axial.tensor.imaging.Convolution;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import dev.axial.tensor.TensorException;
import dev.axial.tensor.spi.ConvParams;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Convolution and batch norm on cuda:0 (cuDNN, or the emulator's fake cuDNN) against the CPU backend: 1-D, 2-D, 3-D,
 * groups, dilation, stride, padding, float32 and float64, forward (+ bias), both backward convolutions, the bias
 * gradient; batch norm training (running stats), inference, and backward in training and eval mode.
 */
class CudaConvNormTest {
    static final Device GPU = Device.cuda(0);

    @BeforeAll static void gpu() {
        Assumptions.assumeTrue(Backends.isAvailable(GPU), "no CUDA backend");
    }

    /** rank, N, Cin, Cout, groups, kernel, stride, padding, dilation, input size. */
    record Case(int rank, int n, int cin, int cout, int groups, int k, int s, int p, int d, int size) {
        long[] x() { return shape(n, cin, size); }
        long[] w() { return shape(cout, cin / groups, k); }
        long[] shape(long a, long b, long sp) {
            long[] v = new long[rank + 2];
            v[0] = a;
            v[1] = b;
            Arrays.fill(v, 2, v.length, sp);
            return v;
        }
        ConvOptions opts() {
            int[] s = fill(this.s), p = fill(this.p), d = fill(this.d);
            return ConvOptions.of().stride(s).padding(p).dilation(d).groups(groups);
        }
        int[] fill(int v) {
            int[] a = new int[rank];
            Arrays.fill(a, v);
            return a;
        }
    }

    static final Case[] CASES = {
            new Case(1, 2, 3, 4, 1, 3, 1, 1, 1, 9),
            new Case(1, 1, 4, 6, 2, 3, 2, 0, 2, 11),
            new Case(2, 2, 3, 5, 1, 3, 1, 1, 1, 7),
            new Case(2, 1, 4, 4, 4, 3, 2, 1, 1, 8),    // depthwise, strided
            new Case(2, 2, 6, 4, 2, 2, 1, 0, 2, 7),    // groups + dilation, even kernel
            new Case(3, 1, 2, 3, 1, 3, 1, 1, 1, 5),
            new Case(3, 2, 4, 2, 2, 3, 2, 1, 1, 6),
            new Case(3, 1, 1, 2, 1, 1, 1, 0, 1, 4),    // 1x1x1
    };

    static Tensor conv(int rank, Tensor x, Tensor w, Tensor b, ConvOptions o) {
        return switch (rank) {
            case 1 -> Convolution.conv1d(x, w, b, o);
            case 2 -> Convolution.conv2d(x, w, b, o);
            default -> Convolution.conv3d(x, w, b, o);
        };
    }

    static double[] rnd(Random r, long[] shape) {
        long n = 1;
        for (long v : shape) n *= v;
        double[] a = new double[(int) n];
        for (int i = 0; i < a.length; i++) a[i] = r.nextDouble() * 2 - 1;
        return a;
    }

    /** f on the CPU and on the GPU from the same values; every output compared. */
    static void same(String what, DType dt, double[][] values, long[][] shapes, Function<Tensor[], Tensor[]> f) {
        same(what, dt, dt == DType.FLOAT64 ? 1e-11 : 2e-5, values, shapes, f);
    }

    /**
     * The tolerance for a float32 convolution: on a real GPU cuDNN may run it on TF32 tensor cores (allowed by
     * default, PyTorch's allow_tf32; a 10-bit mantissa, so about 1e-3 relative), 5e-3 as PyTorch's own TF32 tests;
     * strict where TF32 is off or on the emulator, which has no tensor cores.
     */
    static double convTolerance(DType dt) {
        if (dt == DType.FLOAT64) return 1e-11;
        return CudnnState.ALLOW_TF32 && CudnnGraphPlan.ENABLED ? 5e-3 : 2e-5;
    }

    static void same(String what, DType dt, double tol, double[][] values, long[][] shapes, Function<Tensor[], Tensor[]> f) {
        try (Scope s = Scope.open()) {
            Tensor[] cpu = new Tensor[values.length], gpu = new Tensor[values.length];
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) continue;
                double[] v = Conformance.roundTo(dt, values[i]);
                cpu[i] = Conformance.tensor(Device.CPU, dt, v, shapes[i]);
                gpu[i] = Conformance.tensor(GPU, dt, v, shapes[i]);
            }
            Tensor[] a = f.apply(cpu), b = f.apply(gpu);
            for (int i = 0; i < a.length; i++) {
                if (a[i] == null) continue;
                assertArrayEquals(a[i].shape(), b[i].shape(), what + " output " + i);
                Conformance.assertClose(a[i].toDoubleArray(), host(b[i]), tol, tol, what + " output " + i);
            }
        }
    }

    /** A contiguous CUDA tensor's values, read with the context's copy (needs no copy kernel). */
    static double[] host(Tensor t) {
        if (!t.isContiguous()) throw new IllegalArgumentException("expected a contiguous result");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment seg = a.allocate(Math.max(1, t.numel() * t.dtype().byteSize()), 8);
            CudaContext.of(t).copyToHost(CudaStorage.address(t), seg, t.numel() * t.dtype().byteSize());
            double[] v = new double[(int) t.numel()];
            for (int i = 0; i < v.length; i++)
                v[i] = t.dtype() == DType.FLOAT64 ? seg.getAtIndex(ValueLayout.JAVA_DOUBLE, i) : seg.getAtIndex(ValueLayout.JAVA_FLOAT, i);
            return v;
        }
    }

    @Test void convolutionsMatchCpu() {
        Random r = new Random(5);
        for (Case c : CASES)
            for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
                long[] xs = c.x(), ws = c.w(), bs = {c.cout()};
                double[][] v = {rnd(r, xs), rnd(r, ws), rnd(r, bs)};
                same("forward " + c + " " + dt, dt, convTolerance(dt), v, new long[][]{xs, ws, bs},
                        t -> new Tensor[]{conv(c.rank(), t[0], t[1], t[2], c.opts()), conv(c.rank(), t[0], t[1], null, c.opts())});
                long[] ys;
                try (Scope s = Scope.open()) {
                    ys = conv(c.rank(), Tensor.zeros(DType.FLOAT64, Device.CPU, xs), Tensor.zeros(DType.FLOAT64, Device.CPU, ws),
                            null, c.opts()).shape();
                }
                double[][] g = {rnd(r, ys), rnd(r, xs), rnd(r, ws)};
                same("backward " + c + " " + dt, dt, convTolerance(dt), g, new long[][]{ys, xs, ws}, t -> new Tensor[]{
                        Convolution.convBackwardInput(t[0], t[2], xs, c.opts()),
                        Convolution.convBackwardWeight(t[0], t[1], ws, c.opts()),
                        Convolution.convBackwardBias(t[0])});
            }
    }

    @Test void transposedConvolutionMatchesCpu() {
        Random r = new Random(6);
        for (int rank = 1; rank <= 3; rank++) {
            long[] xs = new long[rank + 2], ws = new long[rank + 2];
            xs[0] = 2; xs[1] = 4; ws[0] = 4; ws[1] = 3;
            Arrays.fill(xs, 2, xs.length, 4);
            Arrays.fill(ws, 2, ws.length, 3);
            int[] two = new int[rank], one = new int[rank];
            Arrays.fill(two, 2);
            Arrays.fill(one, 1);
            ConvOptions o = ConvOptions.of().stride(two).padding(one).outputPadding(one).groups(2);
            int rk = rank;
            same("convTranspose" + rank + "d", DType.FLOAT64, new double[][]{rnd(r, xs), rnd(r, ws), rnd(r, new long[]{6})},
                    new long[][]{xs, ws, {6}}, t -> new Tensor[]{switch (rk) {
                        case 1 -> Convolution.convTranspose1d(t[0], t[1], null, o);
                        case 2 -> Convolution.convTranspose2d(t[0], t[1], null, o);
                        default -> Convolution.convTranspose3d(t[0], t[1], null, o);
                    }});
        }
    }

    @Test void batchNormMatchesCpu() {
        Random r = new Random(7);
        long[][] shapes = {{4, 3}, {2, 3, 5}, {2, 2, 3, 4}, {1, 3, 2, 3, 2}};
        for (long[] xs : shapes)
            for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64})
                for (boolean affine : new boolean[]{true, false}) {
                    long[] cs = {xs[1]};
                    double[] var = rnd(r, cs);
                    for (int i = 0; i < var.length; i++) var[i] = 0.5 + Math.abs(var[i]);
                    double[][] v = {rnd(r, xs), affine ? rnd(r, cs) : null, affine ? rnd(r, cs) : null, rnd(r, cs), var, rnd(r, xs)};
                    long[][] sh = {xs, cs, cs, cs, cs, xs};
                    String what = "batchNorm " + Arrays.toString(xs) + " " + dt + (affine ? " affine" : "");
                    same(what + " training", dt, v, sh, t -> {
                        Tensor x = t[0];
                        long c = x.size(1);
                        Tensor y = Tensor.empty(dt, x.device(), xs), mean = Tensor.empty(dt, x.device(), c);
                        Tensor invstd = Tensor.empty(dt, x.device(), c);
                        x.backend().batchNormForwardTraining(y, x, t[1], t[2], t[3], t[4], 0.1, 1e-5, mean, invstd);
                        Tensor gi = Tensor.empty(dt, x.device(), xs), gw = Tensor.empty(dt, x.device(), c), gb = Tensor.empty(dt, x.device(), c);
                        x.backend().batchNormBackward(gi, gw, gb, t[5], x, t[1], mean, invstd, true);
                        Tensor gi2 = Tensor.empty(dt, x.device(), xs);
                        x.backend().batchNormBackward(gi2, null, null, t[5], x, t[1], mean, invstd, true);
                        return new Tensor[]{y, mean, invstd, t[3], t[4], gi, gw, gb, gi2};
                    });
                    same(what + " eval", dt, v, sh, t -> {
                        Tensor x = t[0];
                        long c = x.size(1);
                        Tensor y = Tensor.empty(dt, x.device(), xs);
                        x.backend().batchNormForwardInference(y, x, t[1], t[2], t[3], t[4], 1e-3);
                        // eval backward normalizes with the running mean and 1/sqrt(var + eps): t[4] stands in for invstd
                        Tensor gi = Tensor.empty(dt, x.device(), xs), gw = Tensor.empty(dt, x.device(), c), gb = Tensor.empty(dt, x.device(), c);
                        x.backend().batchNormBackward(gi, gw, gb, t[5], x, t[1], t[3], t[4], false);
                        Tensor gi2 = Tensor.empty(dt, x.device(), xs), gw2 = Tensor.empty(dt, x.device(), c);
                        x.backend().batchNormBackward(gi2, gw2, null, t[5], x, t[1], t[3], t[4], false);
                        return new Tensor[]{y, gi, gw, gb, gi2, gw2};
                    });
                }
    }

    /** Backend.convolutionForward takes y's spatial size as given: a y smaller than the full output keeps its leading part. */
    @Test void forwardIntoSmallerOutputKeepsLeadingPart() {
        Random r = new Random(8);
        long[] xs = {2, 2, 7, 6}, ws = {3, 2, 3, 3}, ys = {2, 3, 4, 2};   // full output 5 x 4 (padding 0)
        ConvParams p = new ConvParams(new int[]{0, 0}, new int[]{1, 1}, new int[]{1, 1}, 1);
        same("forward into a smaller y", DType.FLOAT64, new double[][]{rnd(r, xs), rnd(r, ws), rnd(r, new long[]{3})},
                new long[][]{xs, ws, {3}}, t -> {
                    Tensor y = Tensor.empty(DType.FLOAT64, t[0].device(), ys);
                    t[0].backend().convolutionForward(y, t[0], t[1], t[2], p);
                    return new Tensor[]{y};
                });
    }

    @Test void unsupportedInputsGiveClearErrors() {
        try (Scope s = Scope.open()) {
            Tensor x = Conformance.tensor(GPU, DType.INT32, new double[16], 1, 1, 4, 4);
            Tensor w = Conformance.tensor(GPU, DType.INT32, new double[4], 1, 1, 2, 2);
            Tensor y = Tensor.empty(DType.INT32, GPU, 1, 1, 3, 3);
            ConvParams p = new ConvParams(new int[]{0, 0}, new int[]{1, 1}, new int[]{1, 1}, 1);
            TensorException e = assertThrows(TensorException.class, () -> doForward(y, x, w, p));
            assertTrue(e.getMessage().contains("convolutionForward") && e.getMessage().contains("int32"), e.getMessage());
            Tensor xf = Conformance.tensor(GPU, DType.FLOAT32, new double[16], 1, 1, 4, 4);
            Tensor wf = Conformance.tensor(GPU, DType.FLOAT32, new double[8], 2, 1, 2, 2);
            Tensor yf = Tensor.empty(DType.FLOAT32, GPU, 1, 2, 3, 3);
            ConvParams g2 = new ConvParams(new int[]{0, 0}, new int[]{1, 1}, new int[]{1, 1}, 2);
            e = assertThrows(TensorException.class, () -> doForward(yf, xf, wf, g2));
            assertTrue(e.getMessage().contains("groups 2"), e.getMessage());
        }
    }

    private static void doForward(Tensor y, Tensor x, Tensor w, ConvParams p) {
        x.backend().convolutionForward(y, x, w, null, p);
    }

    /** An empty batch: nothing to compute forward, zero filter and bias gradients (cuDNN itself rejects dims of 0). */
    @Test void emptyBatchGivesZeroGradients() {
        try (Scope s = Scope.open()) {
            ConvParams p = new ConvParams(new int[]{1, 1}, new int[]{1, 1}, new int[]{1, 1}, 1);
            Tensor x = Tensor.empty(DType.FLOAT32, GPU, 0, 2, 5, 5), dy = Tensor.empty(DType.FLOAT32, GPU, 0, 3, 5, 5);
            Tensor w = Conformance.tensor(GPU, DType.FLOAT32, Conformance.uniform(1, 54, -1, 1), 3, 2, 3, 3);
            Tensor y = Tensor.empty(DType.FLOAT32, GPU, 0, 3, 5, 5);
            x.backend().convolutionForward(y, x, w, null, p);
            Tensor dw = Tensor.empty(DType.FLOAT32, GPU, 3, 2, 3, 3), db = Tensor.empty(DType.FLOAT32, GPU, 3);
            x.backend().convolutionBackwardFilter(dw, x, dy, p);
            x.backend().convolutionBackwardBias(db, dy);
            assertArrayEquals(new double[54], host(dw));
            assertArrayEquals(new double[3], host(db));
        }
    }

    /** A shape cuDNN rejects (over 2^31 elements; stride-0 views, so nothing is allocated) is a TensorException naming the op. */
    @Test void cudnnRejectionNamesTheOp() {
        try (Scope s = Scope.open()) {
            ConvParams p = new ConvParams(new int[]{0, 0}, new int[]{1, 1}, new int[]{1, 1}, 1);
            Tensor x = Tensor.empty(DType.FLOAT32, GPU, 1, 1, 1, 1).expand(1, 1, 1 << 16, 1 << 16);
            Tensor w = Tensor.empty(DType.FLOAT32, GPU, 1, 1, 1, 1);
            Tensor y = Tensor.empty(DType.FLOAT32, GPU, 1, 1, 1, 1).expand(1, 1, 1 << 16, 1 << 16);
            TensorException e = assertThrows(TensorException.class, () -> doForward(y, x, w, p));
            assertTrue(e.getMessage().startsWith("convolutionForward: cuDNN rejected it") && e.getMessage().contains("CUDNN_STATUS_"),
                    e.getMessage());
            ConvParams zero = new ConvParams(new int[]{0, 0}, new int[]{0, 1}, new int[]{1, 1}, 1);
            e = assertThrows(TensorException.class, () -> doForward(w, w, w, zero));
            assertTrue(e.getMessage().contains("stride"), e.getMessage());
        }
    }
}
