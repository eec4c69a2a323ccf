package dev.axial.tensor.imaging;

import dev.axial.tensor.Conformance;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * interpolate against a plain double reference (point by point, from PyTorch's formulas), every mode,
 * align_corners both ways, size and scale factor (recomputed or not), both dtypes, non-contiguous input and
 * empty batches; the backward against central finite differences in float64; bad input.
 */
class InterpolateTest {
    /** The taps of output index o along one dim: indices and weights. */
    record Tap(int[] idx, double[] w) {}

    static double cubic(double x) {
        double a = -0.75, ax = Math.abs(x);
        if (ax <= 1) return ((a + 2) * ax - (a + 3)) * ax * ax + 1;
        if (ax < 2) return ((a * ax - 5 * a) * ax + 8 * a) * ax - 4 * a;
        return 0;
    }

    /** PyTorch's per-dim source taps; {@code scale} NaN means "from the sizes". */
    static Tap tap(InterpolationMode m, int in, int out, boolean align, double scale, int o) {
        boolean given = !Double.isNaN(scale);
        switch (m) {
            case NEAREST, NEAREST_EXACT -> {
                float s = given ? (float) (1.0 / scale) : (float) in / out;
                int i;
                if (m == InterpolationMode.NEAREST_EXACT) i = (int) Math.floor((float) ((o + 0.5) * s));
                else i = out == in ? o : out == 2 * in ? o / 2 : (int) Math.floor((float) o * s);
                return new Tap(new int[]{Math.min(i, in - 1)}, new double[]{1});
            }
            case AREA -> {
                int lo = (int) Math.floor((double) o * in / out), hi = (int) Math.ceil((double) (o + 1) * in / out);
                int[] idx = new int[hi - lo];
                double[] w = new double[hi - lo];
                for (int j = lo; j < hi; j++) {
                    idx[j - lo] = j;
                    w[j - lo] = 1.0 / (hi - lo);
                }
                return new Tap(idx, w);
            }
            default -> {
                double sc = align ? (out > 1 ? (in - 1.0) / (out - 1.0) : 0) : given ? 1 / scale : (double) in / out;
                double src = align ? sc * o : sc * (o + 0.5) - 0.5;
                if (m == InterpolationMode.BICUBIC) {
                    int f = (int) Math.floor(src);
                    int[] idx = new int[4];
                    double[] w = new double[4];
                    for (int j = 0; j < 4; j++) {
                        idx[j] = Math.clamp(f - 1 + j, 0, in - 1);
                        w[j] = cubic(src - (f - 1 + j));
                    }
                    return new Tap(idx, w);
                }
                if (in == out) return new Tap(new int[]{o}, new double[]{1});
                src = Math.max(src, 0);
                int i0 = (int) src, i1 = Math.min(i0 + 1, in - 1);
                double l = src - i0;
                return new Tap(new int[]{i0, i1}, new double[]{1 - l, l});
            }
        }
    }

    static double[] reference(InterpolationMode m, long[] inShape, long[] outShape, double[] x, boolean align, double[] scales) {
        int k = inShape.length - 2, planes = (int) (inShape[0] * inShape[1]);
        int[] is = {1, 1, 1}, os = {1, 1, 1};
        double[] sc = {Double.NaN, Double.NaN, Double.NaN};
        for (int i = 0; i < k; i++) {
            is[3 - k + i] = (int) inShape[2 + i];
            os[3 - k + i] = (int) outShape[2 + i];
            sc[3 - k + i] = scales[i];
        }
        double[] y = new double[planes * os[0] * os[1] * os[2]];
        int n = 0;
        for (int p = 0; p < planes; p++)
            for (int d = 0; d < os[0]; d++)
                for (int h = 0; h < os[1]; h++)
                    for (int w = 0; w < os[2]; w++, n++) {
                        Tap td = os[0] == 1 && is[0] == 1 ? new Tap(new int[]{0}, new double[]{1}) : tap(m, is[0], os[0], align, sc[0], d);
                        Tap th = os[1] == 1 && is[1] == 1 ? new Tap(new int[]{0}, new double[]{1}) : tap(m, is[1], os[1], align, sc[1], h);
                        Tap tw = tap(m, is[2], os[2], align, sc[2], w);
                        double acc = 0;
                        for (int a = 0; a < td.idx.length; a++)
                            for (int b = 0; b < th.idx.length; b++)
                                for (int c = 0; c < tw.idx.length; c++)
                                    acc += td.w[a] * th.w[b] * tw.w[c]
                                            * x[((p * is[0] + td.idx[a]) * is[1] + th.idx[b]) * is[2] + tw.idx[c]];
                        y[n] = acc;
                    }
        return y;
    }

    static int dims(InterpolationMode m, Random r) { return m.spatialDims() != 0 ? m.spatialDims() : 1 + r.nextInt(3); }

    @ParameterizedTest
    @EnumSource(InterpolationMode.class)
    void matchesTheReference(InterpolationMode m) {
        Random r = new Random(21 + m.ordinal());
        for (int t = 0; t < 16; t++) {
            int k = dims(m, r);
            long[] in = new long[k + 2];
            in[0] = 1 + r.nextInt(2);
            in[1] = 1 + r.nextInt(3);
            for (int i = 0; i < k; i++) in[2 + i] = 1 + r.nextInt(k == 3 ? 5 : 8);
            InterpolateOptions o = InterpolateOptions.of().mode(m);
            if (m.takesAlignCorners()) o = o.alignCorners(r.nextBoolean());
            long[] out = in.clone();
            double[] scales = new double[k];
            boolean bySize = t % 3 == 0;
            boolean recompute = !bySize && r.nextBoolean();
            double[] sf = new double[k];
            for (int i = 0; i < k; i++) {
                if (bySize) {
                    out[2 + i] = 1 + r.nextInt(12);
                    scales[i] = Double.NaN;
                } else {
                    sf[i] = 0.5 + 2.5 * r.nextDouble();
                    out[2 + i] = (long) Math.floor(in[2 + i] * sf[i]);
                    if (out[2 + i] < 1) sf[i] = 1.0;
                    out[2 + i] = (long) Math.floor(in[2 + i] * sf[i]);
                    scales[i] = recompute || m == InterpolationMode.AREA ? Double.NaN : sf[i];
                }
            }
            o = bySize ? o.size(Arrays.copyOfRange(out, 2, k + 2)) : o.scaleFactor(sf).recomputeScaleFactor(recompute);
            DType dt = t % 2 == 0 ? DType.FLOAT32 : DType.FLOAT64;
            double[] x = Conformance.roundTo(dt, PoolTest.data(t, in));
            boolean align = o.alignCorners() != null && o.alignCorners();
            double[] ref = reference(m, in, out, x, align, scales);
            String what = m + " case " + t + " " + Arrays.toString(in) + " -> " + Arrays.toString(out) + " " + o;
            try (Scope s = Scope.open()) {
                Tensor y = Interpolation.interpolate(Conformance.tensor(Device.CPU, dt, x, t % 4 == 1, in), o);
                assertArrayEquals(out, y.shape(), what);
                Conformance.assertClose(ref, y.toDoubleArray(), dt == DType.FLOAT32 ? 1e-5 : 1e-12, 1e-6, what);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(InterpolationMode.class)
    void backwardMatchesFiniteDifferences(InterpolationMode m) {
        int k = m.spatialDims() == 0 ? 2 : m.spatialDims();
        long[] in = new long[k + 2];
        in[0] = 1;
        in[1] = 2;
        for (int i = 0; i < k; i++) in[2 + i] = 3 + i;
        double[] x = PoolTest.data(40, in);
        for (boolean align : m.takesAlignCorners() ? new boolean[]{false, true} : new boolean[]{false}) {
            for (double f : new double[]{1.7, 0.6}) {
                InterpolateOptions o = InterpolateOptions.of().mode(m).scaleFactor(f);
                if (m.takesAlignCorners()) o = o.alignCorners(align);
                InterpolateOptions oo = o;
                PoolTest.checkGradient(in, x, t -> Interpolation.interpolate(t, oo),
                        (g, t) -> Interpolation.interpolateBackward(g, t.shape(), oo), m + " " + o);
            }
        }
    }

    @Test
    void scaleFactorFeedsTheSourceIndexUnlessRecomputed() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.arange(DType.FLOAT64, Device.CPU, 0, 5, 1).reshape(1, 1, 5);
            InterpolateOptions o = InterpolateOptions.of().mode("linear").scaleFactor(1.7);
            double[] given = Interpolation.interpolate(x, o).toDoubleArray();
            double[] recomputed = Interpolation.interpolate(x, o.recomputeScaleFactor(true)).toDoubleArray();
            // out = floor(5 * 1.7) = 8: the source step is 1/1.7 with the factor and 5/8 with the sizes
            Conformance.assertClose(new double[]{0, 0.38235294117647056}, Arrays.copyOf(given, 2), 1e-12, 0, "given");
            Conformance.assertClose(new double[]{0, 0.4375}, Arrays.copyOf(recomputed, 2), 1e-12, 0, "recomputed");
            Tensor e = Tensor.zeros(0, 2, 4, 4, 4);
            assertArrayEquals(new long[]{0, 2, 8, 8, 8}, Interpolation.interpolate(e, 2, "trilinear").shape());
            assertArrayEquals(new long[]{0, 2, 4, 4, 4},
                    Interpolation.interpolateBackward(Tensor.zeros(0, 2, 8, 8, 8), e.shape(), InterpolateOptions.of().scaleFactor(2).mode("trilinear")).shape());
        }
    }

    private static void assertBad(Runnable r, String... parts) {
        TensorException e = assertThrows(TensorException.class, r::run);
        for (String p : parts) assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' lacks '" + p + "'");
    }

    @Test
    void badInputNamesOpAndShapes() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(1, 2, 5, 5);
            assertBad(() -> Interpolation.interpolate(Tensor.zeros(2, 5), 2, "nearest"), "interpolate", "[2, 5]");
            assertBad(() -> Interpolation.interpolate(x, 2, "trilinear"), "interpolate", "trilinear", "5-D", "[1, 2, 5, 5]");
            assertBad(() -> Interpolation.interpolate(x, InterpolateOptions.of().scaleFactor(2).alignCorners(true)), "interpolate",
                    "align_corners", "[1, 2, 5, 5]");
            assertBad(() -> Interpolation.interpolate(x, InterpolateOptions.of().scaleFactor(2).mode("area").alignCorners(false)),
                    "align_corners");
            assertBad(() -> Interpolation.interpolate(x, new long[]{0, 3}, "bilinear"), "interpolate", "greater than 0", "[1, 2, 5, 5]");
            assertBad(() -> Interpolation.interpolate(x, 0.1, "nearest"), "interpolate", "greater than 0");
            assertBad(() -> Interpolation.interpolate(x, InterpolateOptions.of()), "either size or scale_factor");
            assertBad(() -> Interpolation.interpolate(x, InterpolateOptions.of().size(3).scaleFactor(2)), "only one of");
            assertBad(() -> Interpolation.interpolate(x, InterpolateOptions.of().size(3).recomputeScaleFactor(true)), "recompute_scale_factor");
            assertBad(() -> Interpolation.interpolate(x, new long[]{1, 2, 3}, "nearest"), "size", "[1, 2, 5, 5]");
            assertBad(() -> Interpolation.interpolate(x, 2, "cubic"), "unknown mode");
            assertBad(() -> Interpolation.interpolateBackward(Tensor.zeros(1, 2, 3, 3), x.shape(), InterpolateOptions.of().scaleFactor(2)),
                    "interpolate_backward", "[1, 2, 10, 10]", "[1, 2, 5, 5]");
            assertBad(() -> Interpolation.interpolate(Tensor.zeros(DType.INT32, Device.CPU, 1, 1, 4), 2, "nearest"), "int32");
        }
    }
}
