package dev.axial.transforms.intensity;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.Compose;
import dev.axial.transforms.MapTransform;
import dev.axial.transforms.TransformException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Dictionary forms equal array forms, bad input, and the reference cases of monai-map and MONAI's docstrings. */
class IntensityPropertiesTest {
    Scope scope;

    @BeforeEach void open() { scope = Scope.open(); }

    @AfterEach void close() { scope.close(); }

    static MetaTensor image(long seed, long... shape) {
        RandomState rs = new RandomState(seed);
        int n = 1;
        for (long s : shape) n *= (int) s;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (rs.normal(10, 30) * (rs.rand() < 0.2 ? 0 : 1));
        double[][] affine = MetaTensor.identity(4);
        affine[0][0] = 2;
        affine[1][3] = -5;
        return MetaTensor.of(Tensor.of(v, shape)).setAffine(affine);
    }

    static void assertSame(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 0f, what);
    }

    /** The six-by-five rows 1..5 of MONAI's docstrings. */
    static MetaTensor rows() {
        float[] v = new float[30];
        for (int i = 0; i < 30; i++) v[i] = i % 5 + 1;
        return MetaTensor.of(Tensor.of(v, 1, 6, 5));
    }

    static float[] firstRow(MetaTensor m) { return java.util.Arrays.copyOf(m.array().toFloatArray(), 5); }

    @Test void dictionaryFormsEqualArrayForms() {
        MetaTensor img = image(1, 2, 6, 5, 4), other = image(2, 2, 6, 5, 4);
        List<ArrayTransform> arrays = List.of(new ScaleIntensity().channelWise(true), new ScaleIntensityRange(-50, 80).bMin(0.0).bMax(1.0),
                new ScaleIntensityRangePercentiles(5, 95, 0.0, 1.0), new NormalizeIntensity().nonzero(true), new ThresholdIntensity(3),
                new ShiftIntensity(1.5), new ClipIntensityPercentiles(5.0, 95.0), new AdjustContrast(1.4), new HistogramNormalize(),
                new GaussianSmooth(0.8), new GaussianSharpen());
        List<MapTransform> dicts = List.of(new ScaleIntensityd((ScaleIntensity) arrays.get(0), "a", "b"),
                new ScaleIntensityRanged((ScaleIntensityRange) arrays.get(1), "a", "b"),
                new ScaleIntensityRangePercentilesd((ScaleIntensityRangePercentiles) arrays.get(2), "a", "b"),
                new NormalizeIntensityd((NormalizeIntensity) arrays.get(3), "a", "b"), new ThresholdIntensityd(3, "a"),
                new ShiftIntensityd(1.5, "a"), new ClipIntensityPercentilesd(5.0, 95.0, "a"), new AdjustContrastd(1.4, "a"),
                new HistogramNormalized("a", "b"), new GaussianSmoothd(0.8, "a"), new GaussianSharpend("a", "b"));
        for (int i = 0; i < arrays.size(); i++) {
            Map<String, Object> d = new LinkedHashMap<>(Map.of("a", img, "b", other, "label", "kept"));
            Map<String, Object> out = dicts.get(i).apply(d);
            String what = dicts.get(i).name();
            assertSame(arrays.get(i).apply(img).array(), ((MetaTensor) out.get("a")).array(), what);
            if (dicts.get(i).keys().contains("b")) assertSame(arrays.get(i).apply(other).array(), ((MetaTensor) out.get("b")).array(), what);
            else assertEquals(other, out.get("b"), what + " leaves other keys alone");
            assertEquals("kept", out.get("label"));
            assertArrayEquals(img.affine(), ((MetaTensor) out.get("a")).affine(), what + " keeps the affine");
        }
        Tensor mask = image(3, 1, 6, 5, 4).array();
        Map<String, Object> out = new MaskIntensityd(new MaskIntensity(), "a").maskKey("m").apply(Map.of("a", img, "m", MetaTensor.of(mask)));
        assertSame(new MaskIntensity(mask).apply(img).array(), ((MetaTensor) out.get("a")).array(), "MaskIntensityd");
    }

    @Test void randomDictionaryFormsEqualArrayFormsOnTheFirstCall() {
        // MONAI seeds the dictionary transform and its array transform with the same seed: on a first call the
        // dictionary's prob draw and the array transform's own prob draw are the same number
        MetaTensor img = image(4, 1, 6, 5, 4);
        for (long seed = 0; seed < 6; seed++) {
            RandGaussianNoise noise = new RandGaussianNoise().prob(0.5).std(3);
            Map<String, Object> out = new RandGaussianNoised(new RandGaussianNoise().std(3), 0.5, "a").setRandomState(seed).apply(Map.of("a", img));
            assertSame(noise.setRandomState(seed) instanceof RandGaussianNoise n ? n.apply(img).array() : null, ((MetaTensor) out.get("a")).array(), "seed " + seed);
        }
    }

    @Test void aLoaderGeneratorGivesWhatSetRandomStateGives() {
        MetaTensor img = image(5, 1, 6, 5, 4);
        for (long seed : new long[] {0, 7, 123456789}) {
            var d1 = new RandHistogramShiftd(new RandHistogramShift(), 0.8, "a");
            var d2 = new RandHistogramShiftd(new RandHistogramShift(), 0.8, "a");
            Map<String, Object> own = d1.setRandomState(seed).apply(Map.of("a", img));
            Map<String, Object> given = d2.apply(Map.of("a", img), new RandomState(seed));
            assertSame(((MetaTensor) own.get("a")).array(), ((MetaTensor) given.get("a")).array(), "seed " + seed);
        }
        // and in a Compose, per item, as MONAI's Compose.set_random_state(s) followed by one call
        Compose c = new Compose(new ScaleIntensityd("a"), new RandShiftIntensityd(new RandShiftIntensity(3), 0.9, "a"));
        Object perItem = c.apply(Map.of("a", img), new RandomState(11));
        Object seeded = new Compose(new ScaleIntensityd("a"), new RandShiftIntensityd(new RandShiftIntensity(3), 0.9, "a")).setRandomState(11)
                .apply(Map.of("a", img));
        assertSame(((MetaTensor) ((Map<?, ?>) seeded).get("a")).array(), ((MetaTensor) ((Map<?, ?>) perItem).get("a")).array(), "Compose");
    }

    @Test void sharedNoiseForAllKeysAndPerKeyRician() {
        MetaTensor img = image(6, 1, 4, 4);
        Map<String, Object> out = new RandGaussianNoised(new RandGaussianNoise(), 1.0, "a", "b").apply(Map.of("a", img, "b", img));
        assertSame(((MetaTensor) out.get("a")).array(), ((MetaTensor) out.get("b")).array(), "one noise for every key");
        out = new RandRicianNoised(new RandRicianNoise(), 1.0, "a", "b").apply(Map.of("a", img, "b", img));
        assertFalse(java.util.Arrays.equals(((MetaTensor) out.get("a")).array().toFloatArray(), ((MetaTensor) out.get("b")).array().toFloatArray()),
                "RandRicianNoised draws per key");
        TransformException e = assertThrows(TransformException.class,
                () -> new RandGaussianNoised(new RandGaussianNoise(), 1.0, "a", "b").apply(Map.of("a", img, "b", image(1, 1, 3, 3))));
        assertTrue(e.getMessage().contains("'b'") && e.getMessage().contains("[1, 3, 3]"), e.getMessage());
    }

    @Test void badInputNamesTransformKeyAndShape() {
        MetaTensor flat = MetaTensor.of(Tensor.ones(5));
        for (ArrayTransform t : List.of(new ScaleIntensity(), new NormalizeIntensity(), new RandGaussianNoise(), new GaussianSmooth())) {
            TransformException e = assertThrows(TransformException.class, () -> t.apply(flat));
            assertTrue(e.getMessage().contains(t.name()) && e.getMessage().contains("[5]"), e.getMessage());
        }
        MetaTensor nan = image(7, 1, 4, 4);
        float[] v = nan.array().toFloatArray();
        v[5] = Float.NaN;
        MetaTensor withNaN = nan.withArray(Tensor.of(v, 1, 4, 4));
        for (ArrayTransform t : List.of(new ScaleIntensity(), new ScaleIntensityRangePercentiles(5, 95, 0.0, 1.0), new NormalizeIntensity(),
                new ClipIntensityPercentiles(1.0, 99.0), new AdjustContrast(2), new HistogramNormalize(), new RandHistogramShift().prob(1))) {
            TransformException e = assertThrows(TransformException.class, () -> t.apply(withNaN), t.name());
            assertTrue(e.getMessage().contains(t.name()) && e.getMessage().contains("NaN") && e.getMessage().contains("[1, 4, 4]"), e.getMessage());
        }
        TransformException e = assertThrows(TransformException.class, () -> new NormalizeIntensityd("image").apply(Map.of("image", withNaN)));
        assertTrue(e.getMessage().contains("NormalizeIntensityd") && e.getMessage().contains("'image'"), e.getMessage());
        // elementwise transforms keep NaN where it is, as MONAI
        float[] r = new ScaleIntensityRange(0, 10).apply(withNaN).array().toFloatArray();
        assertTrue(Float.isNaN(r[5]) && !Float.isNaN(r[4]));
        e = assertThrows(TransformException.class, () -> new ScaleIntensityd("image").apply(Map.of("label", nan)));
        assertTrue(e.getMessage().contains("'image'"), e.getMessage());
        assertEquals(1, new ScaleIntensityd("image", "label").allowMissingKeys(true).apply(Map.of("label", nan)).size());
        e = assertThrows(TransformException.class, () -> new MaskIntensity(Tensor.ones(1, 3, 3)).apply(nan));
        assertTrue(e.getMessage().contains("[1, 3, 3]") && e.getMessage().contains("[1, 4, 4]"), e.getMessage());
        e = assertThrows(TransformException.class, () -> new NormalizeIntensity().subtrahend(1, 2).channelWise(true).apply(nan));
        assertTrue(e.getMessage().contains("1 channels"), e.getMessage());
        assertThrows(TransformException.class, () -> new RandBiasField().prob(1).apply(image(1, 1, 3, 3, 3, 3)));
        assertThrows(IllegalArgumentException.class, () -> new ClipIntensityPercentiles(null, null));
        assertThrows(IllegalArgumentException.class, () -> new ScaleIntensityRangePercentiles(-1, 50, 0.0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new RandHistogramShift().numControlPoints(2));
        assertThrows(IllegalArgumentException.class, () -> new RandAdjustContrast().gamma(0.4));
    }

    @Test void inputIsNotChangedAndDtypesFollowMonai() {
        MetaTensor img = image(8, 1, 5, 5);
        float[] before = img.array().toFloatArray();
        new NormalizeIntensity().nonzero(true).apply(img);
        new RandRicianNoise().prob(1).apply(img);
        assertArrayEquals(before, img.array().toFloatArray(), 0f);
        MetaTensor ints = MetaTensor.of(Tensor.of(new int[] {-3, 0, 4, 9}, 1, 4));
        assertEquals(DType.INT32, new ShiftIntensity(1.7).apply(ints).dtype(), "ShiftIntensity keeps the dtype");
        assertArrayEquals(new int[] {-1, 1, 5, 10}, new ShiftIntensity(1.7).apply(ints).array().toIntArray(), "truncated as torch's cast");
        assertEquals(DType.INT32, new ThresholdIntensity(0).apply(ints).dtype());
        assertEquals(DType.FLOAT32, new ScaleIntensity().apply(ints).dtype());
        assertEquals(DType.FLOAT32, new RandScaleIntensity(0.1).prob(0).apply(ints).dtype(), "converted even when not applied");
        assertEquals(DType.INT32, new RandShiftIntensity(0.1).prob(0).apply(ints).dtype());
    }

    @Test void selectionPercentileEqualsSortedPercentile() {
        RandomState rs = new RandomState(3);
        for (int n : new int[] {1, 2, 7, 40, 1000, 5001}) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) v[i] = (float) Math.floor(rs.normal(0, 20)); // with ties
            float[] sorted = v.clone();
            java.util.Arrays.sort(sorted);
            for (double q : new double[] {0, 0.5, 5, 25, 50, 73.3, 99.9, 100}) {
                float rank = (float) (q / 100.0) * (float) (n - 1);
                int lo = (int) rank, hi = (int) Math.ceil(rank);
                float w = rank - lo, a = sorted[lo], b = sorted[hi];
                float expected = Math.abs(w) < 0.5f ? a + w * (b - a) : b - (b - a) * (1 - w);
                assertEquals(expected, Voxels.percentile(v, 0, n, q), 0f, "n " + n + " q " + q);
            }
        }
    }

    @Test void fourierRoundTripsAtAnyLength() {
        for (int n : new int[] {1, 2, 3, 5, 8, 12, 17, 64}) {
            RandomState rs = new RandomState(n);
            double[] re = rs.randn(n), im = rs.randn(n), r0 = re.clone(), i0 = im.clone();
            // against the plain DFT
            double[] dr = new double[n], di = new double[n];
            for (int k = 0; k < n; k++)
                for (int j = 0; j < n; j++) {
                    double a = -2 * Math.PI * ((long) j * k % n) / n;
                    dr[k] += r0[j] * Math.cos(a) - i0[j] * Math.sin(a);
                    di[k] += r0[j] * Math.sin(a) + i0[j] * Math.cos(a);
                }
            Fourier.fft(re, im, false);
            assertArrayEquals(dr, re, 1e-9, "n " + n);
            assertArrayEquals(di, im, 1e-9, "n " + n);
            Fourier.fft(re, im, true);
            assertArrayEquals(r0, re, 1e-12, "n " + n);
            assertArrayEquals(i0, im, 1e-12, "n " + n);
        }
        MetaTensor img = image(9, 2, 7, 6, 5);
        assertArrayEquals(img.array().toFloatArray(), new GibbsNoise(0).apply(img).array().toFloatArray(), 1e-4f, "alpha 0 keeps the image");
    }

    @Test void monaiMapAndDocstringReferences() {
        // ScaleIntensity: a constant image becomes x * minv
        MetaTensor constant = MetaTensor.of(Tensor.full(4f, 1, 2, 2));
        assertArrayEquals(new float[] {2, 2, 2, 2}, new ScaleIntensity().minv(0.5).apply(constant).array().toFloatArray());
        // NormalizeIntensity: population std, std 0 -> 1; nonzero touches only x != 0
        assertArrayEquals(new float[] {0, 0, 0, 0}, new NormalizeIntensity().apply(constant).array().toFloatArray());
        MetaTensor m = MetaTensor.of(Tensor.of(new float[] {0, 1, 3, 0}, 1, 4));
        assertArrayEquals(new float[] {0, -1, 1, 0}, new NormalizeIntensity().nonzero(true).apply(m).array().toFloatArray());
        float[] pop = new NormalizeIntensity().apply(MetaTensor.of(Tensor.of(new float[] {1, 3}, 1, 2))).array().toFloatArray();
        assertArrayEquals(new float[] {-1, 1}, pop, 1e-7f, "population std");
        // ScaleIntensityRange: b only when both bounds are given; clip afterwards
        MetaTensor x = MetaTensor.of(Tensor.of(new float[] {-10, 0, 5, 20}, 1, 4));
        assertArrayEquals(new float[] {-1, 0, 0.5f, 2}, new ScaleIntensityRange(0, 10).bMin(3.0).apply(x).array().toFloatArray());
        assertArrayEquals(new float[] {0, 0, 0.5f, 1}, new ScaleIntensityRange(0, 10).bMin(0.0).bMax(1.0).clip(true).apply(x).array().toFloatArray());
        // MONAI's docstring examples
        assertArrayEquals(new float[] {0, 50, 100, 150, 200}, firstRow(new ScaleIntensityRangePercentiles(10, 90, 0.0, 200.0).apply(rows())), 1e-4f);
        assertArrayEquals(new float[] {20, 60, 100, 140, 180},
                firstRow(new ScaleIntensityRangePercentiles(10, 90, 0.0, 200.0).relative(true).apply(rows())), 1e-4f);
        assertArrayEquals(new float[] {2, 2, 3, 4, 4}, firstRow(new ClipIntensityPercentiles(30.0, 70.0).apply(rows())), 1e-6f);
        assertArrayEquals(new float[] {2.0000f, 2.0693f, 3.0000f, 3.9307f, 4.0000f},
                firstRow(new ClipIntensityPercentiles(30.0, 70.0).sharpnessFactor(10.0).apply(rows())), 1e-4f);
        // GaussianSmooth: tail = int(max(4 sigma, .5) + .5), unnormalised erf kernel
        assertEquals(9, GaussianFilter.kernel(1.0).length);
        assertEquals(3, GaussianFilter.kernel(0.1).length);
        double sum = 0;
        for (float k : GaussianFilter.kernel(1.0)) sum += k;
        assertTrue(sum < 1 && sum > 0.9999, "unnormalised: " + sum);
        // RandGaussianNoise: sigma = U(0, std) then normal(mean, sigma) from RandomState: the first voxel's noise
        RandomState rs = new RandomState(0);
        rs.rand();
        double sigma = rs.uniform(0, 0.1);
        double first = rs.normal(0, sigma);
        float got = new RandGaussianNoise().prob(1).setRandomState(0) instanceof RandGaussianNoise n
                ? n.apply(MetaTensor.of(Tensor.zeros(1, 2))).array().toFloatArray()[0] : 0;
        assertEquals((float) first, got, 0f);
    }
}
