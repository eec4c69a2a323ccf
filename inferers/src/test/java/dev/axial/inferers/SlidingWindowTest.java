package dev.axial.inferers;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Fixtures;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.imaging.ConvOptions;
import dev.axial.tensor.imaging.Convolution;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/** sliding_window_inference against MONAI 1.5 (tools/fixtures/gen_sliding_window.py), identity exactness, memory, errors. */
class SlidingWindowTest {
    private static final Fixtures FX = Fixtures.load("sliding_window");

    private record Case(String name, int dims, long[] roi, int sw, double[] overlap, String mode, double[] sigma, String padMode, double cval) {}

    private static final List<Case> CASES = List.of(
            new Case("3d_small_c25", 3, new long[]{4, 4, 4}, 1, new double[]{.25}, "constant", new double[]{.125}, "constant", 0),
            new Case("3d_small_g50_sw3", 3, new long[]{4, 4, 4}, 3, new double[]{.5}, "gaussian", new double[]{.125}, "constant", 0),
            new Case("3d_larger_pad_g25_sw3", 3, new long[]{12, -1, 5}, 3, new double[]{.25}, "gaussian", new double[]{.125}, "constant", 0),
            new Case("3d_equal_c", 3, new long[]{10, 9, 7}, 1, new double[]{.25}, "constant", new double[]{.125}, "constant", 0),
            new Case("3d_larger_all_cval", 3, new long[]{12, 11, 8}, 2, new double[]{.25}, "constant", new double[]{.125}, "constant", .5),
            new Case("2d_c50_sw3", 2, new long[]{6, 5}, 3, new double[]{.5}, "constant", new double[]{.125}, "constant", 0),
            new Case("2d_g25_sigma", 2, new long[]{6, 5}, 1, new double[]{.25}, "gaussian", new double[]{.25, .5}, "constant", 0),
            new Case("2d_larger_replicate", 2, new long[]{16, 4}, 2, new double[]{.5}, "constant", new double[]{.125}, "replicate", 0),
            new Case("2d_overlap_per_dim", 2, new long[]{5, 4}, 4, new double[]{0, .75}, "gaussian", new double[]{.125}, "constant", 0));

    @Test void matchesMonaiWithAConvPredictor() {
        try (Scope s = Scope.open()) {
            Tensor w3 = FX.float32("w3", Device.CPU), b3 = FX.float32("b3", Device.CPU);
            Tensor w2 = FX.float32("w2", Device.CPU), b2 = FX.float32("b2", Device.CPU);
            Function<Tensor, Tensor> p3 = t -> Convolution.conv3d(t, w3, b3, ConvOptions.of().padding(1));
            Function<Tensor, Tensor> p2 = t -> Convolution.conv2d(t, w2, b2, ConvOptions.of().padding(1));
            for (Case c : CASES) {
                Tensor x = FX.float32(c.dims() == 3 ? "x3" : "x2", Device.CPU);
                Tensor out = SlidingWindow.slidingWindowInference(x, c.roi(), c.sw(), c.dims() == 3 ? p3 : p2,
                        c.overlap(), c.mode(), c.sigma(), c.padMode(), c.cval(), false);
                String key = "sw." + c.name();
                assertArrayEquals(FX.shape(key), out.shape(), key);
                assertClose(key, FX.values(key), out);
                // the inferer gives the same numbers
                Tensor viaInferer = new SlidingWindowInferer(c.roi()).swBatchSize(c.sw()).overlap(c.overlap()).mode(c.mode())
                        .sigmaScale(c.sigma()).paddingMode(c.padMode()).cval(c.cval()).infer(x, c.dims() == 3 ? p3 : p2);
                assertArrayEquals(out.toFloatArray(), viaInferer.toFloatArray(), key + " via the inferer");
            }
        }
    }

    @Test void scanIntervalsSlicesAndImportanceMapsMatchMonai() {
        long[][] img = {{10, 9, 7}, {13, 11}, {96, 96}, {7, 130}}, roi = {{4, 4, 4}, {6, 5}, {96, 40}, {7, 64}};
        double[] ov = {.25, .5, .25, .6};
        String[] names = {"a", "b", "c", "d"};
        for (int i = 0; i < names.length; i++) {
            double[] o = new double[img[i].length];
            java.util.Arrays.fill(o, ov[i]);
            long[] si = SlidingWindow.scanInterval(img[i], roi[i], o);
            assertArrayEquals(FX.entry("scan." + names[i] + ".interval").longs(), si, names[i]);
            long[][] starts = SlidingWindow.densePatchSlices(img[i], roi[i], si);
            long[] flat = java.util.Arrays.stream(starts).flatMapToLong(java.util.Arrays::stream).toArray();
            assertArrayEquals(FX.entry("scan." + names[i] + ".starts").longs(), flat, names[i]);
        }
        try (Scope s = Scope.open()) {
            assertClose("gauss_5_6_7", FX.values("imp.gauss_5_6_7"), SlidingWindow.computeImportanceMap(new long[]{5, 6, 7}, "gaussian", new double[]{.125}, DType.FLOAT32));
            assertClose("gauss_40_24", FX.values("imp.gauss_40_24"), SlidingWindow.computeImportanceMap(new long[]{40, 24}, "gaussian", new double[]{.125}, DType.FLOAT32));
            assertClose("gauss_1_9", FX.values("imp.gauss_1_9"), SlidingWindow.computeImportanceMap(new long[]{1, 9}, "gaussian", new double[]{.3, .1}, DType.FLOAT32));
        }
    }

    @Test void identityPredictorReturnsTheInputExactly() {
        Generator g = new Generator(3);
        try (Scope s = Scope.open()) {
            // NOTE: values on a 1/64 grid keep every overlapping sum k*x exact, so k*x/k == x bit for bit
            Tensor x = Tensor.randn(g, 2, 3, 11, 7, 9).mul(64).round().div(64);
            for (long[] roi : new long[][]{{4, 4, 4}, {5, 7, 3}, {16, 8, 9}, {-1, 2, 20}})
                for (int sw : new int[]{1, 3, 7}) {
                    Tensor out = new SlidingWindowInferer(roi).swBatchSize(sw).overlap(.4).infer(x, t -> t.mul(1));
                    assertArrayEquals(x.toFloatArray(), out.toFloatArray(), 0f, "roi " + java.util.Arrays.toString(roi) + " sw " + sw);
                }
            var meta = dev.axial.tensor.MetaTensor.of(x);
            var metaOut = new SlidingWindowInferer(6).infer(meta, t -> t.mul(1));
            assertArrayEquals(x.toFloatArray(), metaOut.array().toFloatArray(), 0f, "a MetaTensor keeps its values");
            assertArrayEquals(meta.affine()[0], metaOut.affine()[0], "... and its affine");
            Tensor x64 = Tensor.randn(g, 1, 1, 9, 10).to(DType.FLOAT64);
            Tensor out = new SlidingWindowInferer(4, 3).overlap(.5).mode("gaussian").infer(x64, t -> t.mul(1));
            assertEquals(DType.FLOAT64, out.dtype());
            assertArrayEquals(x64.toDoubleArray(), out.toDoubleArray(), 1e-12, "gaussian blending of an identity is the identity");
        }
    }

    @Test void windowOutputsAreFreedAndNothingLeaks() {
        Generator g = new Generator(5);
        try (Scope outer = Scope.open()) {
            Tensor x = Tensor.randn(g, 1, 1, 20, 20, 20);
            List<Tensor> seen = new ArrayList<>();
            Tensor out = new SlidingWindowInferer(8, 8, 8).swBatchSize(2).infer(x, t -> {
                Tensor p = t.mul(2);
                seen.add(p);
                return p;
            });
            assertTrue(seen.size() > 5);
            for (Tensor p : seen) assertFalse(outer.owns(p), "window outputs are freed by the inferer's scopes");
            assertTrue(outer.owns(out), "the result belongs to the caller's scope");
            assertThrows(RuntimeException.class, () -> seen.get(0).sum(), "a window output is freed after accumulation");
        }
    }

    @Test void repeatedInferenceKeepsMemoryFlat() {
        Tensor x = Scope.release(Tensor.randn(new Generator(2), 2, 1, 12, 10, 9));
        SlidingWindowInferer inferer = new SlidingWindowInferer(6, 6, 6).swBatchSize(3).mode("gaussian");
        long live5 = -1;
        for (int i = 0; i < 100; i++) {
            try (Scope s = Scope.open()) {
                inferer.infer(x, t -> t.mul(2).add(1));
            }
            if (i == 5) live5 = dev.axial.tensor.cpu.CpuStorage.liveBytes();
        }
        long end = dev.axial.tensor.cpu.CpuStorage.liveBytes();
        assertTrue(end <= live5, "live bytes grew from " + live5 + " to " + end);
        x.close();
    }

    @Test void badInputGetsClearErrors() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(1, 1, 8, 8);
            var ex = assertThrows(IllegalArgumentException.class, () -> new SlidingWindowInferer(4, 4, 4).infer(x, t -> t));
            assertTrue(ex.getMessage().contains("roiSize"), ex.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new SlidingWindowInferer(4).overlap(1.0));
            assertThrows(IllegalArgumentException.class, () -> new SlidingWindowInferer(4).mode("linear"));
            assertThrows(IllegalArgumentException.class, () -> new SlidingWindowInferer(4).swBatchSize(0));
            ex = assertThrows(IllegalArgumentException.class, () -> new SlidingWindowInferer(4).infer(x, t -> t.narrow(2, 0, 2)));
            assertTrue(ex.getMessage().contains("predictor"), ex.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new SlidingWindowInferer(4).infer(Tensor.zeros(8, 8), t -> t));
        }
    }

    static void assertClose(String what, double[] want, Tensor got) {
        double[] g = got.toDoubleArray();
        assertEquals(want.length, g.length, what + " numel");
        for (int i = 0; i < g.length; i++)
            assertEquals(want[i], g[i], 2e-6 + 2e-5 * Math.abs(want[i]), what + " element " + i);
    }
}
