package dev.axial.tensor.cuda;

import dev.axial.tensor.Conformance;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.ValuesIndices;
import dev.axial.tensor.imaging.InterpolateOptions;
import dev.axial.tensor.imaging.Interpolation;
import dev.axial.tensor.imaging.InterpolationMode;
import dev.axial.tensor.imaging.PoolOptions;
import dev.axial.tensor.imaging.Pooling;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pooling and interpolate on each device against the CPU reference, on the corners the PyTorch fixtures touch
 * lightly: NaN in windows, dilation with padding, ceil mode, count_include_pad off, divisor_override, uneven
 * adaptive windows, every interpolate mode with odd user scale factors (nearest must pick the same pixel:
 * the source index arithmetic is float as on the CPU), float32 and float64, forward and backward.
 */
class CudaPoolInterpolateTest {
    static Stream<Device> devices() { return Conformance.devices(); }

    /** The non-CPU devices of {@link #devices} (none on a machine without a CUDA backend: the test then does not run). */
    static Stream<Device> gpuDevices() { return Conformance.devices().filter(d -> !d.isCpu()); }

    private static final DType[] DTYPES = {DType.FLOAT32, DType.FLOAT64};

    /** An input of {@code shape} with a few NaNs when {@code nans}. */
    private static double[] values(long seed, long[] shape, boolean nans) {
        int n = 1;
        for (long s : shape) n *= (int) s;
        double[] v = Conformance.uniform(seed, n, -2, 2);
        if (nans) for (int i = 7; i < n; i += 53) v[i] = Double.NaN;
        return v;
    }

    /** Runs {@code op} on the CPU and on {@code dev} with the same inputs and compares every result. */
    private static void compare(Device dev, DType dt, String what, double[] x, long[] shape, Function<Tensor, Tensor[]> op) {
        try (Scope s = Scope.open()) {
            Tensor[] want = op.apply(Conformance.tensor(Device.CPU, dt, x, shape));
            Tensor[] got = op.apply(Conformance.tensor(dev, dt, x, shape));
            double tol = Conformance.tol(dt);
            for (int i = 0; i < want.length; i++) {
                assertArrayEquals(want[i].shape(), got[i].shape(), what + " result " + i + " shape");
                assertEquals(dev, got[i].device(), what + " result " + i + " device");
                // NOTE: cpu() first: the conversion then runs on the CPU, so the test needs no device copy kernel
                Tensor g = got[i].cpu();
                if (want[i].dtype() == DType.INT64) assertArrayEquals(want[i].toLongArray(), g.toLongArray(), what + " indices");
                else Conformance.assertClose(want[i].toDoubleArray(), g.toDoubleArray(), tol * 10, tol, what + " result " + i);
            }
        }
    }

    /** The gradient upstream of a result: seeded values of its shape on its device and dtype. */
    private static Tensor upstream(Tensor like) {
        return Conformance.tensor(like.device(), like.dtype(), Conformance.uniform(like.numel() + 3, (int) like.numel(), -1, 1), like.shape());
    }

    /** The backend's maxPoolBackward itself (the frontend's index check needs indexBounds, another family). */
    private static Tensor maxPoolBackward(Tensor x, Tensor gradOut, Tensor indices, int k) {
        Tensor gi = Tensor.empty(x.dtype(), x.device(), x.shape());
        gi.backend().maxPoolBackward(gi, gradOut, indices, k);
        return gi;
    }

    private record PoolCase(String name, long[] shape, PoolOptions o) {}

    private static List<PoolCase> poolCases() {
        List<PoolCase> c = new ArrayList<>();
        c.add(new PoolCase("1d k3 s2 p1", new long[]{2, 3, 17}, PoolOptions.of(3).stride(2).padding(1)));
        c.add(new PoolCase("1d k4 d2 p2 ceil", new long[]{1, 2, 13}, PoolOptions.of(4).padding(2).dilation(2).ceilMode(true)));
        c.add(new PoolCase("2d k3 s2 p1 ceil nopad", new long[]{2, 2, 9, 11},
                PoolOptions.of(3).stride(2).padding(1).ceilMode(true).countIncludePad(false)));
        c.add(new PoolCase("2d k2x3 s1x2 div5", new long[]{1, 3, 7, 8}, PoolOptions.of(2, 3).stride(1, 2).padding(1, 1).divisorOverride(5)));
        c.add(new PoolCase("2d k3 d2 p1", new long[]{1, 2, 10, 9}, PoolOptions.of(3).padding(1).dilation(2, 3)));
        // windows that hold no input element (index -1, value -inf): every tap falls into the padding or past the end
        c.add(new PoolCase("1d k2 d3 p1 empty window", new long[]{1, 2, 2}, PoolOptions.of(2).padding(1).dilation(3)));
        c.add(new PoolCase("2d k2 d3x1 p1x0 empty rows", new long[]{1, 1, 2, 5}, PoolOptions.of(2).padding(1, 0).dilation(3, 1)));
        c.add(new PoolCase("3d k3 s2 p1 ceil", new long[]{1, 2, 7, 6, 9}, PoolOptions.of(3).stride(2).padding(1).ceilMode(true)));
        c.add(new PoolCase("3d k2 s1", new long[]{2, 1, 5, 4, 6}, PoolOptions.of(2).stride(1).countIncludePad(false)));
        return c;
    }

    static Stream<Object[]> poolArgs() {
        return devices().flatMap(d -> Stream.of(DTYPES).flatMap(t -> poolCases().stream().map(c -> new Object[]{d, t, c})));
    }

    @ParameterizedTest
    @MethodSource("poolArgs")
    void maxPoolMatchesCpu(Device dev, DType dt, PoolCase c) {
        int k = c.shape.length - 2;
        compare(dev, dt, "max_pool " + c.name, values(1, c.shape, true), c.shape, x -> {
            ValuesIndices r = Pooling.maxPoolWithIndices(x, k, c.o);
            if (c.name.contains("empty")) assertEquals(-1, r.indices().cpu().toLongArray()[0], c.name);
            return new Tensor[]{r.values(), r.indices(), maxPoolBackward(x, upstream(r.values()), r.indices(), k)};
        });
    }

    @ParameterizedTest
    @MethodSource("poolArgs")
    void avgPoolMatchesCpu(Device dev, DType dt, PoolCase c) {
        int k = c.shape.length - 2;
        PoolOptions o = c.o.dilation(1);
        compare(dev, dt, "avg_pool " + c.name, values(2, c.shape, false), c.shape, x -> {
            Tensor y = Pooling.avgPool(x, k, o);
            return new Tensor[]{y, Pooling.avgPoolBackward(upstream(y), x.shape(), k, o)};
        });
    }

    static Stream<Object[]> adaptiveArgs() {
        long[][][] cases = {{{2, 3, 10}, {3}}, {{1, 2, 7, 5}, {3, 4}}, {{1, 2, 5, 6}, {7, 9}}, {{1, 1, 6, 7, 5}, {4, 3, 2}},
                {{2, 1, 3, 4, 5}, {5, 5, 5}}, {{2, 3, 50}, {1}}, {{1, 2, 40, 37}, {1, 1}}, {{1, 2, 12, 11, 13}, {2, 1, 1}},
                {{1, 1, 70, 50}, {1, 1}}};
        return devices().flatMap(d -> Stream.of(DTYPES).flatMap(t -> Stream.of(cases).map(c -> new Object[]{d, t, c[0], c[1]})));
    }

    @ParameterizedTest
    @MethodSource("adaptiveArgs")
    void adaptivePoolMatchesCpu(Device dev, DType dt, long[] shape, long[] size) {
        int k = shape.length - 2;
        double[] v = values(3, shape, true);
        for (int i = 0; i < v.length; i++) v[i] = Math.rint(v[i]);   // ties: the first maximum must win on every path
        compare(dev, dt, "adaptive_pool " + k + "d " + java.util.Arrays.toString(shape), v, shape, x -> {
            ValuesIndices m = Pooling.adaptiveMaxPoolWithIndices(x, k, size);
            Tensor a = Pooling.adaptiveAvgPool(x, k, size);
            return new Tensor[]{m.values(), m.indices(), maxPoolBackward(x, upstream(m.values()), m.indices(), k),
                    a, Pooling.adaptiveAvgPoolBackward(upstream(a), x.shape(), k)};
        });
    }

    static Stream<Object[]> interpolateArgs() {
        List<Object[]> c = new ArrayList<>();
        for (InterpolationMode m : InterpolationMode.values()) {
            if (m == InterpolationMode.AREA) continue;
            int[] dims = m.spatialDims() == 0 ? new int[]{1, 2, 3} : new int[]{m.spatialDims()};
            Boolean[] aligns = m.takesAlignCorners() ? new Boolean[]{false, true} : new Boolean[]{null};
            for (int k : dims)
                for (Boolean a : aligns)
                    for (double f : new double[]{0.37, 0.7, 1.0, 1.7, 2.0, 3.3})
                        for (DType t : DTYPES) c.add(new Object[]{m, k, a, f, t});
        }
        return devices().flatMap(d -> c.stream().map(a -> new Object[]{d, a[0], a[1], a[2], a[3], a[4]}));
    }

    @ParameterizedTest
    @MethodSource("interpolateArgs")
    void interpolateMatchesCpu(Device dev, InterpolationMode mode, int k, Boolean align, double factor, DType dt) {
        long[] shape = k == 1 ? new long[]{2, 3, 23} : k == 2 ? new long[]{1, 2, 13, 11} : new long[]{1, 2, 7, 6, 9};
        InterpolateOptions o = InterpolateOptions.of().mode(mode).alignCorners(align).scaleFactor(factor);
        compare(dev, dt, mode + " " + k + "d x" + factor + " ac=" + align, values(4, shape, false), shape, x -> {
            Tensor y = Interpolation.interpolate(x, o);
            return new Tensor[]{y, Interpolation.interpolateBackward(upstream(y), x.shape(), o)};
        });
    }

    /** Nearest in float arithmetic: with an index ramp as input, the output names the picked pixel exactly. */
    @ParameterizedTest
    @MethodSource("devices")
    void nearestPicksTheCpuPixel(Device dev) {
        for (int in = 1; in <= 40; in += 3)
            for (int out = 1; out <= 90; out += 7)
                for (InterpolationMode m : new InterpolationMode[]{InterpolationMode.NEAREST, InterpolationMode.NEAREST_EXACT}) {
                    double[] ramp = new double[in];
                    for (int i = 0; i < in; i++) ramp[i] = i;
                    long[] shape = {1, 1, in};
                    InterpolateOptions bySize = InterpolateOptions.of().mode(m).size(out);
                    compare(dev, DType.FLOAT64, m + " " + in + "->" + out, ramp, shape, x -> new Tensor[]{Interpolation.interpolate(x, bySize)});
                    double f = out / (double) in;
                    InterpolateOptions byScale = InterpolateOptions.of().mode(m).scaleFactor(f);
                    compare(dev, DType.FLOAT64, m + " " + in + " x" + f, ramp, shape, x -> new Tensor[]{Interpolation.interpolate(x, byScale)});
                }
    }

    /** An empty batch launches nothing and gives empty results (no device address of an empty tensor is asked for). */
    @ParameterizedTest
    @MethodSource("devices")
    void emptyBatch(Device dev) {
        long[] shape = {0, 2, 6, 5};
        compare(dev, DType.FLOAT32, "empty batch", new double[0], shape, x -> {
            ValuesIndices m = Pooling.maxPoolWithIndices(x, 2, PoolOptions.of(2));
            Tensor a = Pooling.avgPool(x, 2, PoolOptions.of(3).padding(1));
            InterpolateOptions o = InterpolateOptions.of().mode("bicubic").scaleFactor(1.5);
            Tensor y = Interpolation.interpolate(x, o);
            return new Tensor[]{m.values(), m.indices(), maxPoolBackward(x, m.values(), m.indices(), 2), a,
                    Pooling.avgPoolBackward(a, x.shape(), 2, PoolOptions.of(3).padding(1)), y,
                    Interpolation.interpolateBackward(y, x.shape(), o), Pooling.adaptiveAvgPool(x, 2, 3)};
        });
    }

    /** The CUDA backend itself names the op and the operands when handed what its kernels do not take (the CPU trusts the frontends). */
    @ParameterizedTest(allowZeroInvocations = true)
    @MethodSource("gpuDevices")
    void rejectsIntegerAndStridedOperands(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor xi = Conformance.tensor(dev, DType.INT32, new double[16], 1, 1, 4, 4);
            Tensor yi = Conformance.tensor(dev, DType.INT32, new double[4], 1, 1, 2, 2);
            var e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                    () -> xi.backend().avgPool(yi, xi, new int[]{2, 2}, new int[]{2, 2}, new int[]{0, 0}, true, 0));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("avg_pool2d"), e.getMessage());
            Tensor x = Conformance.tensor(dev, DType.FLOAT32, new double[16], 1, 1, 4, 4).transpose(2, 3);
            Tensor y = Conformance.tensor(dev, DType.FLOAT32, new double[64], 1, 1, 8, 8);
            e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                    () -> x.backend().interpolate(y, x, InterpolationMode.BILINEAR, false, new double[]{Double.NaN, Double.NaN}));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("contiguous"), e.getMessage());
        }
    }
}
