package dev.axial.transforms.croppad;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.axial.transforms.croppad.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

/** The random crops against MONAI with the same seeds: same draws, same crops, call after call. */
class RandCropFixtureTest {
    @Test void randSpatialCropMatchesMonaiCallAfterCall() {
        record Case(String name, RandSpatialCrop t, long seed) {}
        for (Case c : List.of(new Case("rcrop", new RandSpatialCrop(3, 3, 2), 0),
                new Case("rcrop_size", new RandSpatialCrop(2, 2, 2).maxRoiSize(5, 4, -1).randomSize(true), 1),
                new Case("rcrop_center", new RandSpatialCrop(2, 3, 3).randomCenter(false).randomSize(true), 2),
                new Case("rcrop_big", new RandSpatialCrop(8, -1, 2), 3))) {
            try (Scope s = Scope.open()) {
                c.t.setRandomState(c.seed);
                MetaTensor out = c.t.apply(meta("in.x3"));
                same(c.name + ".out", out.array());
                sameAffine(c.name + ".affine", out.affine());
                MetaTensor inv = c.t.inverse(out);
                same(c.name + ".inv", inv.array());
                sameAffine(c.name + ".inv_affine", inv.affine());
                same(c.name + ".out2", c.t.apply(meta("in.x3")).array());
            }
        }
    }

    @Test void samplesAndDictionaryFormsMatchMonai() {
        try (Scope s = Scope.open()) {
            var samples = new RandSpatialCropSamples(3, 3, 2, 2).randomSize(true).setRandomState(5);
            List<MetaTensor> crops = samples.apply(meta("in.x3"));
            for (int i = 0; i < 3; i++) {
                same("rsamples.crop" + i, crops.get(i).array());
                sameAffine("rsamples.affine" + i, crops.get(i).affine());
                assertEquals(i, crops.get(i).meta().get("patch_index"));
            }
            MetaTensor a = meta("in.x3"), b = new MetaTensor(a.array().mul(2), affine("in.affine"), null);
            var d = new RandSpatialCropd(List.of("a", "b"), 3, 2, 2);
            d.transform().randomSize(true);
            d.setRandomState(6);
            Map<String, Object> o = d.apply(Map.of("a", a, "b", b));
            same("rcropd.a", ((MetaTensor) o.get("a")).array());
            same("rcropd.b", ((MetaTensor) o.get("b")).array());
            var sd = new RandSpatialCropSamplesd(List.of("a", "b"), 2, 3, 2, 2);
            sd.setRandomState(7);
            List<Map<String, Object>> many = sd.apply(Map.of("a", a, "b", b));
            for (int i = 0; i < 2; i++) {
                same("rsamplesd.a" + i, ((MetaTensor) many.get(i).get("a")).array());
                same("rsamplesd.b" + i, ((MetaTensor) many.get(i).get("b")).array());
            }
        }
    }

    @Test void posNegCentresAndCropsMatchMonai() {
        record Case(String name, String in, RandCropByPosNegLabel crop, long seed, boolean useImage) {}
        List<Case> cases = List.of(
                new Case("c3_default", "in3", new RandCropByPosNegLabel(8, 6, 10).numSamples(4), 0, false),
                new Case("c3_ratio", "in3", new RandCropByPosNegLabel(5, -1, 12).pos(2).neg(1).numSamples(3), 7, false),
                new Case("c3_thresh", "in3", new RandCropByPosNegLabel(7, 7, 7).pos(0.3).neg(1).numSamples(5).imageThreshold(0.15), 11, true),
                new Case("c3_odd", "in3", new RandCropByPosNegLabel(15, 9, 3).numSamples(3), 3, false),
                new Case("c2_multich", "in2", new RandCropByPosNegLabel(5, 4).numSamples(4), 5, true),
                new Case("c3_nofg", "in3", new RandCropByPosNegLabel(4, 4, 4).numSamples(3), 8, false));
        for (Case c : cases) {
            try (Scope s = Scope.open()) {
                Tensor img = tensor(c.in + ".image");
                Tensor lab = c.name.equals("c3_nofg") ? tensor(c.in + ".label").zerosLike() : tensor(c.in + ".label");
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

    @Test void posNegMetaTensorCropsMoveTheAffineAndInvert() {
        try (Scope s = Scope.open()) {
            MetaTensor img = new MetaTensor(tensor("in3.image"), affine("in.affine"), Map.of("filename_or_obj", "x.nii"));
            var crop = new RandCropByPosNegLabel(8, 6, 10).numSamples(2);
            List<MetaTensor> out = crop.apply(img, tensor("in3.label"), null, new RandomState(4));
            long[][] c = centers("meta_crop.centers");
            for (int i = 0; i < 2; i++) {
                sameAffine("meta_crop.affine" + i, out.get(i).affine());
                assertEquals(i, out.get(i).meta().get("patch_index"));
                assertArrayEquals(c[i], (long[]) out.get(i).meta().get("crop_center"));
                assertEquals("x.nii", out.get(i).meta().get("filename_or_obj"));
                assertEquals("RandCropByPosNegLabel", out.get(i).appliedOperations().getLast().get("class"));
            }
            MetaTensor inv = crop.inverse(out.getFirst());
            same("meta_crop.inv0", inv.array());
            sameAffine("meta_crop.inv_affine0", inv.affine());
        }
    }

    @Test void posNegDictionaryCutsEveryKeyAtTheSameCentres() {
        try (Scope s = Scope.open()) {
            Map<String, Object> item = Map.of("img", tensor("in3.image"), "seg", tensor("in3.label"), "id", 7);
            var crop = new RandCropByPosNegLabeld(List.of("img", "seg"), "seg", 9, 8, 7).numSamples(2).setRandomState(9);
            List<Map<String, Object>> out = crop.apply(item);
            assertEquals(2, out.size());
            for (int i = 0; i < 2; i++) {
                same("dict.img" + i, ((MetaTensor) out.get(i).get("img")).array());
                same("dict.seg" + i, ((MetaTensor) out.get(i).get("seg")).array());
                assertEquals(7, out.get(i).get("id"));
            }
            Map<String, Object> back = crop.inverse(out.getFirst());
            assertArrayEquals(tensor("in3.image").shape(), ((MetaTensor) back.get("img")).shape());
        }
    }

    @Test void labelClassesMatchMonai() {
        try (Scope s = Scope.open()) {
            Tensor cls = tensor("in.cls"), img = Tensor.cat(0, cls, cls.mul(2));
            record Case(String name, RandCropByLabelClasses t, long seed, Tensor img, Tensor label) {}
            for (Case c : List.of(new Case("lc_default", new RandCropByLabelClasses(4, 3, 5).numClasses(4).numSamples(5), 0, img, cls),
                    new Case("lc_ratios", new RandCropByLabelClasses(3, -1, 4).numClasses(3).ratios(0, 1, 3).numSamples(6), 1, img, cls),
                    new Case("lc_onehot", new RandCropByLabelClasses(5, 5).numSamples(4), 2, tensor("in2.image"), tensor("in2.label")))) {
                c.t.setRandomState(c.seed);
                long[][] centers = c.t.randomize(c.label, null, new RandomState(c.seed));
                assertArrayEquals(centers(c.name + ".centers"), centers, c.name);
                List<MetaTensor> crops = c.t.apply(MetaTensor.of(c.img), c.label, null, c.t.randomState());
                for (int i = 0; i < crops.size(); i++) same(c.name + ".crop" + i, crops.get(i).array());
            }
            var d = new RandCropByLabelClassesd(List.of("img", "seg"), "seg", 4, 4, 4);
            d.transform().numClasses(3).numSamples(3);
            d.setRandomState(3);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("img", img);
            item.put("seg", cls);
            List<Map<String, Object>> out = d.apply(item);
            for (int i = 0; i < 3; i++) {
                same("lcd.img" + i, ((MetaTensor) out.get(i).get("img")).array());
                same("lcd.seg" + i, ((MetaTensor) out.get(i).get("seg")).array());
            }
        }
    }

    @Test void weightedCropsMatchMonai() {
        try (Scope s = Scope.open()) {
            Tensor cls = tensor("in.cls"), img = Tensor.cat(0, cls, cls.mul(2)), w = tensor("in.w");
            record Case(String name, long[] size, long seed, Tensor w) {}
            for (Case c : List.of(new Case("wc", new long[]{4, 3, 5}, 0, w), new Case("wc_big", new long[]{12, 2, -1}, 1, w),
                    new Case("wc_zero", new long[]{3, 3, 3}, 2, w.zerosLike()))) {
                var t = new RandWeightedCrop(c.size).numSamples(4).setRandomState(c.seed);
                assertArrayEquals(centers(c.name + ".centers"), t.randomize(c.w, new RandomState(c.seed)), c.name);
                List<MetaTensor> crops = t.apply(MetaTensor.of(img), c.w, t.randomState());
                for (int i = 0; i < 4; i++) same(c.name + ".crop" + i, crops.get(i).array());
            }
            var d = new RandWeightedCropd(List.of("img", "seg"), "w", 3, 4, 5);
            d.transform().numSamples(2);
            d.setRandomState(5);
            List<Map<String, Object>> out = d.apply(Map.of("img", img, "seg", cls, "w", w));
            for (int i = 0; i < 2; i++) {
                same("wcd.img" + i, ((MetaTensor) out.get(i).get("img")).array());
                same("wcd.seg" + i, ((MetaTensor) out.get(i).get("seg")).array());
            }
        }
    }
}
