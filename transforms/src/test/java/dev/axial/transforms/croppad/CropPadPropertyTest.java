package dev.axial.transforms.croppad;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.Compose;
import dev.axial.transforms.InvertibleTransform;
import dev.axial.transforms.TransformException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.axial.transforms.croppad.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

/** Inverse round trips, dictionary forms equal to array forms, Compose inversion and bad input. */
class CropPadPropertyTest {
    private static void equal(Tensor a, Tensor b, String what) {
        assertArrayEquals(a.shape(), b.shape(), what + " shape");
        assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), 0.0, what);
    }

    private static void equalAffine(double[][] a, double[][] b, String what) {
        for (int i = 0; i < a.length; i++) assertArrayEquals(a[i], b[i], 1e-12, what);
    }

    @Test void padsInvertExactlyAndCropsInvertInsideTheBox() {
        try (Scope s = Scope.open()) {
            MetaTensor x = meta("in.x3");
            for (ArrayTransform t : List.<ArrayTransform>of(new SpatialPad(9, 7, 8).mode("symmetric"), new BorderPad(2, 0, 1).mode("edge"),
                    new DivisiblePad(4, 3, 7).method("end"), new Pad(new long[][]{{1, 0}, {0, 3}, {2, 2}}).mode("wrap"))) {
                MetaTensor back = ((InvertibleTransform) t).inverse(t.apply(x));
                equal(x.array(), back.array(), t.name());
                equalAffine(x.affine(), back.affine(), t.name());
                assertTrue(back.appliedOperations().isEmpty());
            }
            // a crop's inverse restores shape and affine, with the kept box equal and zeros outside
            for (ArrayTransform t : List.<ArrayTransform>of(new CenterSpatialCrop(3, 3, 3), SpatialCrop.ofStartEnd(new long[]{1, 1, 0}, new long[]{4, 5, 2}),
                    new ResizeWithPadOrCrop(3, 8, 2), new CropForeground().selectFn(v -> v.gt(0.6)).margin(1))) {
                MetaTensor out = t.apply(x), back = ((InvertibleTransform) t).inverse(out);
                assertArrayEquals(x.shape(), back.shape(), t.name());
                equalAffine(x.affine(), back.affine(), t.name());
                MetaTensor again = t.apply(back);
                equal(out.array(), again.array(), t.name() + " of its inverse");
            }
        }
    }

    @Test void dictionaryFormsEqualArrayForms() {
        try (Scope s = Scope.open()) {
            MetaTensor x = meta("in.x3"), y = new MetaTensor(x.array().mul(3), affine("in.affine"), null);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("a", x);
            d.put("b", y);
            d.put("n", 5);
            List<InvertibleDict<?>> dicts = List.of(new SpatialPadd(List.of("a", "b"), 8, 8, 8), new BorderPadd(List.of("a", "b"), 1),
                    new DivisiblePadd(List.of("a", "b"), 4), new CenterSpatialCropd(List.of("a", "b"), 3, 3, 3),
                    new SpatialCropd(SpatialCrop.ofCenter(new long[]{2, 2, 2}, new long[]{3, 2, 3}), "a", "b"),
                    new ResizeWithPadOrCropd(List.of("a", "b"), 8, 3, 5));
            for (InvertibleDict<?> t : dicts) {
                Map<String, Object> out = t.apply(d);
                assertEquals(5, out.get("n"));
                for (String k : List.of("a", "b")) {
                    MetaTensor want = t.transform().apply((MetaTensor) d.get(k));
                    equal(want.array(), ((MetaTensor) out.get(k)).array(), t.name() + " " + k);
                    equalAffine(want.affine(), ((MetaTensor) out.get(k)).affine(), t.name());
                }
                Map<String, Object> back = t.inverse(out);
                assertArrayEquals(x.shape(), ((MetaTensor) back.get("a")).shape(), t.name());
                equalAffine(x.affine(), ((MetaTensor) back.get("a")).affine(), t.name());
                assertArrayEquals(x.shape(), ((MetaTensor) back.get("b")).shape(), t.name());
            }
            // random dictionary forms: the same draws as the array form seeded alike
            var rd = new RandSpatialCropd(List.of("a", "b"), 2, 3, 2);
            Map<String, Object> o = rd.apply(d, new RandomState(11));
            equal(new RandSpatialCrop(2, 3, 2).apply(x, new RandomState(11)).array(), ((MetaTensor) o.get("a")).array(), "RandSpatialCropd");
            var pn = new RandCropByPosNegLabeld(List.of("a"), "b", 3, 3, 3).numSamples(3);
            List<Map<String, Object>> samples = pn.apply(d, new RandomState(2));
            List<MetaTensor> arr = new RandCropByPosNegLabel(3, 3, 3).numSamples(3).apply(x, y.array(), null, new RandomState(2));
            for (int i = 0; i < 3; i++) equal(arr.get(i).array(), ((MetaTensor) samples.get(i).get("a")).array(), "RandCropByPosNegLabeld " + i);
            // precomputed indices (MONAI's fg_indices_key/bg_indices_key) give the same draws as the label, and leave the samples
            int[][] fgBg = CropCenters.mapBinaryToIndices(y.array(), null, 0);
            Map<String, Object> withIdx = new LinkedHashMap<>(d);
            withIdx.put("fg", fgBg[0]);
            withIdx.put("bg", java.util.Arrays.stream(fgBg[1]).asLongStream().toArray());
            List<Map<String, Object>> viaIdx = new RandCropByPosNegLabeld(List.of("a"), "b", 3, 3, 3).numSamples(3).fgIndicesKey("fg").bgIndicesKey("bg")
                    .apply(withIdx, new RandomState(2));
            for (int i = 0; i < 3; i++) {
                equal(arr.get(i).array(), ((MetaTensor) viaIdx.get(i).get("a")).array(), "fg/bg indices " + i);
                assertFalse(viaIdx.get(i).containsKey("fg"));
            }
            var sd = new RandSpatialCropSamplesd(List.of("a"), 2, 2, 2, 2);
            List<Map<String, Object>> ss = sd.apply(d, new RandomState(4));
            List<MetaTensor> sa = new RandSpatialCropSamples(2, 2, 2, 2).apply(x, new RandomState(new RandomState(4).randintUint32()));
            for (int i = 0; i < 2; i++) equal(sa.get(i).array(), ((MetaTensor) ss.get(i).get("a")).array(), "RandSpatialCropSamplesd " + i);
        }
    }

    @Test void composeInvertsAChainOfDictionaryCropsAndPads() {
        try (Scope s = Scope.open()) {
            MetaTensor x = meta("in.x3");
            Compose c = new Compose(new SpatialPadd(List.of("img"), 8, 8, 8), new RandSpatialCropd(List.of("img"), 5, 4, 6),
                    new DivisiblePadd(List.of("img"), 4)).setRandomState(3);
            @SuppressWarnings("unchecked")
            Map<String, Object> out = (Map<String, Object>) c.apply(Map.of("img", x));
            MetaTensor o = (MetaTensor) out.get("img");
            assertEquals(3, o.appliedOperations().size());
            MetaTensor back = (MetaTensor) c.inverse(out, "img").get("img");
            assertArrayEquals(x.shape(), back.shape());
            equalAffine(x.affine(), back.affine(), "compose inverse");
        }
    }

    @Test void badInputIsNamed() {
        try (Scope s = Scope.open()) {
            MetaTensor x = meta("in.x3");
            // a pos/neg crop larger than the image without allowSmaller
            var big = assertThrows(TransformException.class, () -> new RandCropByPosNegLabel(9, 9, 9).apply(x, x.array(), null, new RandomState(0)));
            assertTrue(big.getMessage().contains("RandCropByPosNegLabel") && big.getMessage().contains("larger than the image"), big.getMessage());
            assertEquals(4, new RandCropByPosNegLabel(9, 9, 9).allowSmaller(true).apply(x, x.array(), null, new RandomState(0)).getFirst().shape().length);
            var bigd = assertThrows(TransformException.class, () -> new RandCropByPosNegLabeld(List.of("img"), "seg", 9, 9, 9).apply(Map.of("img", x, "seg", x)));
            assertTrue(bigd.getMessage().contains("'seg'") && bigd.getMessage().contains("[1, 6, 5, 4]"), bigd.getMessage());
            // no foreground: MONAI's warning and background crops, not a crash
            List<MetaTensor> bg = new RandCropByPosNegLabel(2, 2, 2).numSamples(2).apply(x, x.array().zerosLike(), null, new RandomState(0));
            assertEquals(2, bg.size());
            // missing keys, wrong rank, bad sizes
            var miss = assertThrows(TransformException.class, () -> new SpatialPadd(List.of("img", "seg"), 8).apply(Map.of("img", x)));
            assertTrue(miss.getMessage().contains("SpatialPadd") && miss.getMessage().contains("'seg'"), miss.getMessage());
            var missLabel = assertThrows(TransformException.class, () -> new RandCropByPosNegLabeld(List.of("img"), "seg", 2).apply(Map.of("img", x)));
            assertTrue(missLabel.getMessage().contains("'seg'"), missLabel.getMessage());
            var rank = assertThrows(TransformException.class, () -> SpatialCrop.ofCenter(new long[]{1, 1, 1, 1}, new long[]{2, 2, 2, 2}).apply(x));
            assertTrue(rank.getMessage().contains("SpatialCrop") && rank.getMessage().contains("[6, 5, 4]"), rank.getMessage());
            assertThrows(TransformException.class, () -> new CenterSpatialCrop(2).apply(MetaTensor.of(Tensor.zeros(5))));
            assertThrows(TransformException.class, () -> new BorderPad(1, 2).apply(x));
            assertThrows(TransformException.class, () -> new SpatialPad(20, 5, 4).mode("reflect").apply(x));
            assertThrows(TransformException.class, () -> new SpatialPad(8).mode("linear_ramp"));
            assertThrows(IllegalArgumentException.class, () -> new RandCropByPosNegLabel(4).pos(0).neg(0));
            assertThrows(IllegalArgumentException.class, () -> new RandCropByPosNegLabel(4).pos(-1));
            assertThrows(TransformException.class, () -> new RandSpatialCrop(6, 6, 6).maxRoiSize(3, 3, 3).randomSize(true).apply(x));
            var wrongInverse = assertThrows(TransformException.class, () -> new BorderPad(1).inverse(new SpatialPad(8).apply(x)));
            assertTrue(wrongInverse.getMessage().contains("SpatialPad"), wrongInverse.getMessage());
        }
    }

    @Test void correctCropCentersEdgeCases() {
        // size equal to the image: the valid range collapses to the middle
        assertArrayEquals(new long[]{5, 3}, CropCenters.correctCropCenters(new long[]{0, 9}, new long[]{10, 6}, new long[]{10, 6}, false));
        // odd sizes: end = floor(d + 1 - s/2)
        assertArrayEquals(new long[]{1, 8}, CropCenters.correctCropCenters(new long[]{0, 9}, new long[]{3, 3}, new long[]{10, 10}, false));
        assertTrue(assertThrows(TransformException.class,
                () -> CropCenters.correctCropCenters(new long[]{0}, new long[]{12}, new long[]{10}, false)).getMessage().contains("larger than the image"));
        assertArrayEquals(new long[]{5}, CropCenters.correctCropCenters(new long[]{0}, new long[]{12}, new long[]{10}, true));
    }
}
