package dev.axial.data;

import dev.axial.tensor.RandomState;
import dev.axial.tensor.Device;
import dev.axial.tensor.Fixtures;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** RandCropByPosNegLabel(d) against MONAI (RandRotate90(d) moved to transforms: dev.axial.transforms.spatial.SpatialAxisTest) with the same seeds (tools/fixtures/gen_crop_rotate.py). */
class CropRotateTest {
    private static final Fixtures FX = Fixtures.load("crop_rotate");

    private static void same(String key, Tensor got) {
        assertArrayEquals(FX.shape(key), got.shape(), key + " shape");
        double[] want = FX.values(key), g = got.toDoubleArray();
        for (int i = 0; i < want.length; i++) assertEquals(want[i], g[i], 1e-6, key + "[" + i + "]");
    }

    private static void sameMatrix(String key, double[][] got) {
        double[] want = FX.values(key);
        int n = got.length;
        assertEquals(want.length, n * n, key);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) assertEquals(want[i * n + j], got[i][j], 1e-9, key + "[" + i + "][" + j + "]");
    }

    private static long[][] centers(String key) {
        long[] s = FX.shape(key), v = FX.entry(key).longs();
        long[][] c = new long[(int) s[0]][(int) s[1]];
        for (int i = 0; i < c.length; i++) for (int j = 0; j < c[i].length; j++) c[i][j] = v[i * c[i].length + j];
        return c;
    }

    @Test void cropCentresAndCropsMatchMonai() {
        record Case(String name, String in, RandCropByPosNegLabel crop, long seed, boolean useImage) {}
        List<Case> cases = List.of(
                new Case("c3_default", "in3", new RandCropByPosNegLabel(8, 6, 10).numSamples(4), 0, false),
                new Case("c3_ratio", "in3", new RandCropByPosNegLabel(5, -1, 12).pos(2).neg(1).numSamples(3), 7, false),
                new Case("c3_thresh", "in3", new RandCropByPosNegLabel(7, 7, 7).pos(0.3).neg(1).numSamples(5).imageThreshold(0.15), 11, true),
                new Case("c3_odd", "in3", new RandCropByPosNegLabel(15, 9, 3).numSamples(6), 3, false),
                new Case("c2_multich", "in2", new RandCropByPosNegLabel(5, 4).numSamples(4), 5, true));
        for (Case c : cases) {
            try (Scope s = Scope.open()) {
                Tensor img = FX.tensor(c.in + ".image", Device.CPU), lab = FX.tensor(c.in + ".label", Device.CPU);
                c.crop.setRandomState(c.seed);
                RandomState rs = new RandomState(c.seed);
                long[][] centers = c.crop.randomize(lab, c.useImage ? img : null, rs);
                assertArrayEquals(centers(c.name + ".centers"), centers, c.name);
                List<Tensor> crops = c.crop.crop(img, centers);
                assertEquals(centers.length, crops.size());
                for (int i = 0; i < crops.size(); i++) same(c.name + ".crop" + i, crops.get(i));
                // the transform's own R gives the same, and a second call continues the stream
                List<Tensor> again = c.crop.apply(img, lab, c.useImage ? img : null);
                for (int i = 0; i < again.size(); i++) same(c.name + ".crop" + i, again.get(i));
                assertArrayEquals(centers(c.name + ".centers2"), c.crop.randomize(lab, c.useImage ? img : null, rs), c.name + " second call");
            }
        }
    }

    @Test void metaTensorCropMovesTheAffine() {
        try (Scope s = Scope.open()) {
            double[] a = FX.values("meta_crop.affine_in");
            double[][] aff = new double[4][4];
            for (int i = 0; i < 16; i++) aff[i / 4][i % 4] = a[i];
            MetaTensor img = new MetaTensor(FX.tensor("in3.image", Device.CPU), aff, Map.of("filename_or_obj", "x.nii"));
            var crop = new RandCropByPosNegLabel(8, 6, 10).numSamples(2);
            List<MetaTensor> out = crop.apply(img, FX.tensor("in3.label", Device.CPU), null, new RandomState(4));
            long[][] c = centers("meta_crop.centers");
            for (int i = 0; i < 2; i++) {
                sameMatrix("meta_crop.affine" + i, out.get(i).affine());
                assertEquals(i, out.get(i).meta().get("patch_index"));
                assertArrayEquals(c[i], (long[]) out.get(i).meta().get("crop_center"));
                assertEquals("x.nii", out.get(i).meta().get("filename_or_obj"));
            }
        }
    }

    @Test void dictionaryCropCutsEveryKeyAtTheSameCentres() {
        try (Scope s = Scope.open()) {
            Map<String, Object> item = Map.of("img", FX.tensor("in3.image", Device.CPU), "seg", FX.tensor("in3.label", Device.CPU), "id", 7);
            var crop = new RandCropByPosNegLabeld(List.of("img", "seg"), "seg", 9, 8, 7).numSamples(4).setRandomState(9);
            List<Map<String, Object>> out = crop.apply(item);
            assertEquals(4, out.size());
            for (int i = 0; i < 4; i++) {
                same("dict.img" + i, (Tensor) out.get(i).get("img"));
                same("dict.seg" + i, (Tensor) out.get(i).get("seg"));
                assertEquals(7, out.get(i).get("id"));
            }
        }
    }

    @Test void correctCropCentersEdgeCases() {
        // size equal to the image: the valid range collapses to the middle
        assertArrayEquals(new long[]{5, 3}, RandCropByPosNegLabel.correctCropCenters(new long[]{0, 9}, new long[]{10, 6}, new long[]{10, 6}, false));
        // odd sizes: end = floor(d + 1 - s/2)
        assertArrayEquals(new long[]{1, 8}, RandCropByPosNegLabel.correctCropCenters(new long[]{0, 9}, new long[]{3, 3}, new long[]{10, 10}, false));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> RandCropByPosNegLabel.correctCropCenters(new long[]{0}, new long[]{12}, new long[]{10}, false)).getMessage().contains("larger than the image"));
        assertArrayEquals(new long[]{5}, RandCropByPosNegLabel.correctCropCenters(new long[]{0}, new long[]{12}, new long[]{10}, true));
    }

    @Test void badInputIsNamed() {
        assertThrows(IllegalArgumentException.class, () -> new RandCropByPosNegLabel(4).pos(0).neg(0));
        assertThrows(IllegalArgumentException.class, () -> new RandCropByPosNegLabel(4).pos(-1));
        try (Scope s = Scope.open()) {
            Tensor img = Tensor.zeros(1, 4, 4);
            var e = assertThrows(IllegalArgumentException.class, () -> new RandCropByPosNegLabel(2, 2, 2).apply(img, img, null));
            assertTrue(e.getMessage().contains("spatial_size"), e.getMessage());
        }
    }
}
