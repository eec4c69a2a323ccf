package dev.axial.transforms.post;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayToDict;
import dev.axial.transforms.TransformException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Dictionary forms equal array forms; bad input names the transform and shape; numpy's argsort order. */
class PostPropertiesTest {
    static MetaTensor seg() {
        return MetaTensor.of(Tensor.of(new float[] {1, 1, 0, 2, 0, 1, 0, 2, 2, 0, 0, 1, 1, 0, 2, 0, 2, 0, 1, 1}, 1, 4, 5));
    }

    static void sameAsArray(Object dict, Object array) {
        assertArrayEquals(((MetaTensor) array).array().toDoubleArray(), ((MetaTensor) dict).array().toDoubleArray());
    }

    @Test void dictionaryFormsEqualArrayForms() {
        try (Scope s = Scope.open()) {
            MetaTensor img = seg();
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("label", img);
            d.put("pred", img);
            List<ArrayToDict<?>> dicts = List.of(new KeepLargestConnectedComponentd(new KeepLargestConnectedComponent().connectivity(1), "label"),
                    new RemoveSmallObjectsd(new RemoveSmallObjects().minSize(3), "label"), new FillHolesd("label"),
                    new LabelFilterd(new double[] {2}, "label"), new LabelToContourd("label"));
            for (ArrayToDict<?> t : dicts) {
                Map<String, Object> out = t.apply(d);
                sameAsArray(out.get("label"), t.transform().apply(img));
                assertSame(img, out.get("pred"));
            }
            Map<String, Object> a = new Activationsd("label", "pred").sigmoid(true, false).softmax(false, true).apply(d);
            sameAsArray(a.get("label"), new Activations().sigmoid(true).apply(img));
            sameAsArray(a.get("pred"), new Activations().softmax(true).apply(img));
            Map<String, Object> ad = new AsDiscreted("label", "pred").toOnehot(3, null).threshold(null, 1.5).apply(d);
            sameAsArray(ad.get("label"), new AsDiscrete().toOnehot(3).apply(img));
            sameAsArray(ad.get("pred"), new AsDiscrete().threshold(1.5).apply(img));
            Map<String, Object> sob = new SobelGradientsd("label").newKeyPrefix("g_").apply(d);
            sameAsArray(sob.get("g_label"), new SobelGradients().apply(img));
            assertSame(img, sob.get("label"));
            Map<String, Object> m = new MeanEnsembled("label", "pred").outputKey("mean").apply(d);
            sameAsArray(m.get("mean"), new MeanEnsemble().apply(List.of(img, img)));
            Map<String, Object> v = new VoteEnsembled(new VoteEnsemble().numClasses(3), "label", "pred").outputKey("vote").apply(d);
            sameAsArray(v.get("vote"), img);
        }
    }

    static void fails(Runnable r, String... parts) {
        TransformException e = assertThrows(TransformException.class, r::run);
        for (String p : parts) assertTrue(e.getMessage().contains(p), e.getMessage());
    }

    @Test void badInputIsNamed() {
        try (Scope s = Scope.open()) {
            MetaTensor img = seg();
            Map<String, Object> d = Map.of("label", img);
            fails(() -> new FillHolesd("label", "mask").apply(d), "FillHolesd", "'mask'");
            fails(() -> new KeepLargestConnectedComponent().connectivity(3).apply(img), "KeepLargestConnectedComponent", "[1, 4, 5]");
            fails(() -> new FillHoles().apply(MetaTensor.of(Tensor.zeros(5))), "FillHoles", "[5]");
            fails(() -> new LabelToContour().apply(MetaTensor.of(Tensor.zeros(1, 5))), "LabelToContour", "[1, 5]");
            fails(() -> new AsDiscrete().toOnehot(2).apply(img), "AsDiscrete", "[1, 4, 5]");
            fails(() -> new Activations().sigmoid(true).softmax(true).apply(img), "Activations", "[1, 4, 5]");
            fails(() -> new Activationsd("label").sigmoid(true).softmax(true).apply(d), "Activationsd", "'label'");
            fails(() -> new SobelGradients().spatialAxes(2).apply(img), "SobelGradients", "[1, 4, 5]");
            fails(() -> new RemoveSmallObjects().apply(MetaTensor.of(Tensor.of(new float[] {0, Float.NaN}, 1, 2))), "RemoveSmallObjects", "NaN");
            fails(() -> new KeepLargestConnectedComponent().isOnehot(false).apply(MetaTensor.of(Tensor.zeros(2, 3, 3))), "KeepLargestConnectedComponent", "[2, 3, 3]");
            fails(() -> new MeanEnsembled("label", "pred").apply(d), "MeanEnsembled", "outputKey");
            fails(() -> new MeanEnsemble().apply(List.of(img, MetaTensor.of(Tensor.zeros(1, 2)))), "MeanEnsemble", "[1, 2]");
            fails(() -> new SobelGradients().kernelSize(4), "SobelGradients");
        }
    }

    @Test void inputIsNotChanged() {
        try (Scope s = Scope.open()) {
            MetaTensor img = seg();
            double[] before = img.array().toDoubleArray();
            new KeepLargestConnectedComponent().apply(img);
            new FillHoles().apply(img);
            new RemoveSmallObjects().minSize(2).apply(img);
            assertArrayEquals(before, img.array().toDoubleArray());
        }
    }

    /** numpy 1.24's np.argsort (quicksort) on random small ints: ties in numpy's order. */
    @Test void argsortMatchesNumpy() {
        String[][] rows = {
            {"1 2 2 2 4 1 3 2 5 0 1 5 2 0 3 0 3 1", "15 13 9 0 10 17 5 7 3 12 2 1 6 16 14 4 11 8"},
            {"3 0 5 4 1 5 4 4 0 0 1 2 4 5 0 0 5 5 1 1 1 5 5", "1 15 14 8 9 20 19 4 18 10 11 0 12 7 6 3 13 16 17 5 2 21 22"},
            {"2 3 4 4 3 3 0 0 0 0 2 2 3 0 5 5 0 5 1 4 1 4 2 2 4 4 2 0 4 0 3 2 0 4 3 1 5 1 0 0", "39 16 13 27 38 8 7 9 29 32 6 35 20 37 18 31 26 23 22 0 11 10 5 1 12 34 4 30 2 33 3 19 28 25 24 21 14 36 17 15"},
            {"5 0 0 1 1 4 0 3 4 2 0 0 4 4 4 4 3 3 0 0 2 2 1 3 5 2 4 1 2 2 3 4 1 4 3 1 1 3 0 4 4 4 0 3 5 3 0 4 0 0 4 3 4 1 2 2 4 5 4 1 2 1 1 0 5 4 4 4 5 2 0 4 2 0 4 4 1 4 0 5 4 0 0 1 4 5 3 2 4 3 1 4 1 3 5 4 1 5 5 0", "49 82 81 78 73 70 63 48 46 42 38 19 18 99 2 10 6 11 1 32 53 35 36 3 83 92 27 90 22 61 62 4 96 76 59 87 55 60 72 54 9 69 29 25 28 21 20 89 7 37 34 51 45 30 86 43 93 23 16 17 74 75 95 88 71 91 80 84 77 14 56 50 33 39 40 41 5 8 47 31 26 12 13 15 58 65 66 67 52 94 24 97 68 85 98 79 57 64 44 0"},
        };
        for (String[] r : rows) {
            int[] v = Arrays.stream(r[0].split(" ")).mapToInt(Integer::parseInt).toArray();
            int[] want = Arrays.stream(r[1].split(" ")).mapToInt(Integer::parseInt).toArray();
            assertArrayEquals(want, NumpySort.argsort(v), r[0]);
        }
    }

    @Test void labellingConnectivity() {
        boolean[] diag = {true, false, false, true};
        assertEquals(2, Components.label(diag, new long[] {2, 2}, 1).count);
        assertEquals(1, Components.label(diag, new long[] {2, 2}, 2).count);
        boolean[] corner = {true, false, false, false, false, false, false, true};
        assertEquals(2, Components.label(corner, new long[] {2, 2, 2}, 2).count);
        assertEquals(1, Components.label(corner, new long[] {2, 2, 2}, 3).count);
    }
}
