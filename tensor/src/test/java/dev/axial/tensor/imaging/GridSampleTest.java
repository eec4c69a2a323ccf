package dev.axial.tensor.imaging;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;
import dev.axial.tensor.cpu.Parallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** grid_sample forward against {@link GridSampleRef}: every mode x padding x align_corners, 2-D and 3-D, both dtypes. */
class GridSampleTest {
    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int k : new int[]{2, 3})
            for (String mode : new String[]{"bilinear", "nearest", "bicubic"})
                for (String pad : new String[]{"zeros", "border", "reflection"})
                    for (boolean ac : new boolean[]{false, true})
                        if (k == 2 || !mode.equals("bicubic")) out.add(Arguments.of(k, mode, pad, ac));
        return out.stream();
    }

    static double[] random(Random r, int n, double lo, double hi) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * r.nextDouble();
        return a;
    }

    static int numel(long[] s) {
        long n = 1;
        for (long d : s) n *= d;
        return (int) n;
    }

    static void assertClose(double[] want, double[] got, double tol, String what) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++)
            assertEquals(want[i], got[i], tol * (1 + Math.abs(want[i])), what + " at " + i);
    }

    /** A tensor with the given logical values whose memory is channel-last: a non-contiguous view. */
    static Tensor channelLast(double[] v, long[] shape, DType dt) {
        int r = shape.length;
        long[] cl = new long[r];
        cl[0] = shape[0];
        for (int d = 2; d < r; d++) cl[d - 1] = shape[d];
        cl[r - 1] = shape[1];
        int[] toCl = new int[r];
        toCl[0] = 0;
        for (int d = 2; d < r; d++) toCl[d - 1] = d;
        toCl[r - 1] = 1;
        int[] back = new int[r];
        back[0] = 0;
        back[1] = r - 1;
        for (int d = 2; d < r; d++) back[d] = d - 1;
        Tensor t = Tensor.of(v, shape).to(dt).permute(toCl).contiguous().permute(back);
        assertFalse(t.isContiguous());
        return t;
    }

    @ParameterizedTest(name = "{0}d {1} {2} ac={3}")
    @MethodSource("cases")
    void matchesReference(int k, String mode, String pad, boolean ac) {
        Random r = new Random(31 * k + mode.hashCode() + 7L * pad.hashCode() + (ac ? 1 : 0));
        for (DType dt : new DType[]{DType.FLOAT64, DType.FLOAT32}) {
            try (Scope s = Scope.open()) {
                long[] xs = k == 2 ? new long[]{2, 3, 5, 7} : new long[]{2, 2, 4, 5, 6};
                long[] gs = k == 2 ? new long[]{2, 4, 6, 2} : new long[]{2, 3, 4, 5, 3};
                double[] x = random(r, numel(xs), -2, 2), g = random(r, numel(gs), -1.4, 1.4);
                if (dt == DType.FLOAT32) {
                    for (int i = 0; i < x.length; i++) x[i] = (float) x[i];
                    for (int i = 0; i < g.length; i++) g[i] = (float) g[i];
                }
                double[] want = GridSampleRef.gridSample(x, xs, g, gs, mode, pad, ac);
                Tensor out = GridSampling.gridSample(Tensor.of(x, xs).to(dt), Tensor.of(g, gs).to(dt), mode, pad, ac);
                double tol = dt == DType.FLOAT64 ? 1e-12 : 2e-5;
                assertClose(want, out.toDoubleArray(), tol, dt + " contiguous");
                assertEquals(dt, out.dtype());
                // non-contiguous input and grid
                Tensor gv = Tensor.of(g, gs).to(dt).transpose(1, 2).contiguous().transpose(1, 2);
                assertFalse(gv.isContiguous());
                Tensor out2 = GridSampling.gridSample(channelLast(x, xs, dt), gv, new GridSampleOptions(mode, pad, ac));
                assertClose(want, out2.toDoubleArray(), tol, dt + " strided");
            }
        }
    }

    @Test
    void fastTrilinearMatchesReferenceOnLargerVolume() {
        Random r = new Random(5);
        long[] xs = {1, 3, 9, 10, 11}, gs = {1, 7, 8, 9, 3};
        for (String pad : new String[]{"zeros", "border", "reflection"}) {
            for (boolean ac : new boolean[]{false, true}) {
                try (Scope s = Scope.open()) {
                    double[] x = random(r, numel(xs), -1, 1), g = random(r, numel(gs), -1.1, 1.1);
                    for (int i = 0; i < x.length; i++) x[i] = (float) x[i];
                    for (int i = 0; i < g.length; i++) g[i] = (float) g[i];
                    double[] want = GridSampleRef.gridSample(x, xs, g, gs, "bilinear", pad, ac);
                    Tensor out = GridSampling.gridSample(Tensor.of(x, xs).to(DType.FLOAT32), Tensor.of(g, gs).to(DType.FLOAT32), "bilinear", pad, ac);
                    assertClose(want, out.toDoubleArray(), 2e-5, pad + " ac=" + ac);
                }
            }
        }
    }

    @Test
    void resultDoesNotDependOnThreadCount() {
        int before = Parallel.threads();
        try (Scope s = Scope.open()) {
            Random r = new Random(9);
            long[] xs = {2, 2, 6, 7, 8}, gs = {2, 20, 20, 20, 3};
            Tensor x = Tensor.of(random(r, numel(xs), -1, 1), xs).to(DType.FLOAT32);
            Tensor g = Tensor.of(random(r, numel(gs), -1.2, 1.2), gs).to(DType.FLOAT32);
            Tensor up = Tensor.of(random(r, 2 * 2 * 8000, -1, 1), 2, 2, 20, 20, 20).to(DType.FLOAT32);
            Parallel.setThreads(1);
            float[] a = GridSampling.gridSample(x, g).toFloatArray();
            GridSampleGrads ga = GridSampling.gridSampleBackward(up, x, g, GridSampleOptions.of(), true, true);
            Parallel.setThreads(3);
            assertArrayEquals(a, GridSampling.gridSample(x, g).toFloatArray());
            GridSampleGrads gb = GridSampling.gridSampleBackward(up, x, g, GridSampleOptions.of(), true, true);
            assertArrayEquals(ga.gradInput().toFloatArray(), gb.gradInput().toFloatArray());
            assertArrayEquals(ga.gradGrid().toFloatArray(), gb.gradGrid().toFloatArray());
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void nearestRoundsHalfToEven() {
        try (Scope s = Scope.open()) {
            // W = 4, align_corners false: ix = ((x + 1) * 4 - 1) / 2 = 0.5, 1.5, 2.5 exactly, rounded to 0, 2, 2 (nearbyint)
            Tensor x = Tensor.of(new double[]{10, 11, 12, 13}, 1, 1, 1, 4);
            Tensor g = Tensor.of(new double[]{-0.5, 0, 0, 0, 0.5, 0}, 1, 1, 3, 2);
            assertArrayEquals(new double[]{10, 12, 12}, GridSampling.gridSample(x, g, "nearest", "zeros", false).toDoubleArray());
            Tensor x3 = Tensor.of(new float[]{10, 11, 12, 13}, 1, 1, 1, 1, 4);
            Tensor g3 = Tensor.of(new float[]{-0.5f, 0, 0, 0, 0, 0, 0.5f, 0, 0}, 1, 1, 1, 3, 3);
            assertArrayEquals(new float[]{10, 12, 12}, GridSampling.gridSample(x3, g3, "nearest", "zeros", false).toFloatArray());
        }
    }

    @Test
    void emptyBatchAndEmptyChannels() {
        try (Scope s = Scope.open()) {
            Tensor out = GridSampling.gridSample(Tensor.zeros(0, 2, 3, 4), Tensor.zeros(0, 5, 6, 2));
            assertArrayEquals(new long[]{0, 2, 5, 6}, out.shape());
            Tensor out3 = GridSampling.gridSample(Tensor.zeros(2, 0, 3, 4, 5), Tensor.zeros(2, 1, 2, 3, 3));
            assertArrayEquals(new long[]{2, 0, 1, 2, 3}, out3.shape());
            GridSampleGrads g = GridSampling.gridSampleBackward(Tensor.zeros(0, 2, 5, 6), Tensor.zeros(0, 2, 3, 4),
                    Tensor.zeros(0, 5, 6, 2), GridSampleOptions.of(), true, true);
            assertArrayEquals(new long[]{0, 2, 3, 4}, g.gradInput().shape());
            assertArrayEquals(new long[]{0, 5, 6, 2}, g.gradGrid().shape());
            GridSampleGrads g3 = GridSampling.gridSampleBackward(Tensor.zeros(2, 0, 1, 2, 3), Tensor.zeros(2, 0, 3, 4, 5),
                    Tensor.ones(2, 1, 2, 3, 3), GridSampleOptions.of(), true, true);
            assertArrayEquals(new double[18 * 2], g3.gradGrid().toDoubleArray());
        }
    }

    @Test
    void badInput() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(2, 3, 4, 5), x3 = Tensor.zeros(2, 3, 4, 5, 6);
            assertBad(() -> GridSampling.gridSample(x, Tensor.zeros(2, 4, 5, 3)), "grid_sample", "last dim", "[2, 4, 5, 3]", "[2, 3, 4, 5]");
            assertBad(() -> GridSampling.gridSample(x, Tensor.zeros(2, 4, 5)), "grid_sample", "rank", "[2, 4, 5]");
            assertBad(() -> GridSampling.gridSample(x, Tensor.zeros(3, 4, 5, 2)), "grid_sample", "batch", "[3, 4, 5, 2]");
            assertBad(() -> GridSampling.gridSample(x3, Tensor.zeros(2, 1, 4, 5, 3), "bicubic", "zeros", false), "grid_sample", "bicubic",
                    "[2, 3, 4, 5, 6]");
            assertBad(() -> GridSampling.gridSample(x, Tensor.zeros(2, 4, 5, 2), "area", "zeros", false), "grid_sample", "mode", "area");
            assertBad(() -> GridSampling.gridSample(x, Tensor.zeros(2, 4, 5, 2), "bilinear", "wrap", false), "grid_sample", "padding_mode");
            assertBad(() -> GridSampling.gridSample(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 4, 2)), "grid_sample", "4-D", "[2, 3, 4]");
            assertBad(() -> GridSampling.gridSample(x, Tensor.zeros(DType.FLOAT64, Device.CPU, 2, 4, 5, 2)), "grid_sample", "dtype");
            assertBad(() -> GridSampling.gridSample(Tensor.zeros(DType.INT64, Device.CPU, 2, 3, 4, 5),
                    Tensor.zeros(DType.INT64, Device.CPU, 2, 4, 5, 2)), "grid_sample", "float32");
            assertBad(() -> GridSampling.gridSample(Tensor.zeros(2, 3, 0, 5), Tensor.zeros(2, 4, 5, 2)), "grid_sample", "spatial");
            assertBad(() -> GridSampling.gridSampleBackward(Tensor.zeros(2, 3, 4, 4), x, Tensor.zeros(2, 4, 5, 2), GridSampleOptions.of(),
                    true, true), "grid_sample_backward", "gradOut", "[2, 3, 4, 4]");
        }
    }

    static void assertBad(org.junit.jupiter.api.function.Executable call, String... fragments) {
        TensorException e = assertThrows(TensorException.class, call);
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
    }
}
