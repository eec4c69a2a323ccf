package dev.axial.transforms.utility;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Fixtures;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.TransformException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Label transforms against MONAI (tools/fixtures/gen_transforms_utility.py); dictionary forms equal array forms. */
class LabelTransformsTest {
    static final Fixtures FX = Fixtures.load("transforms_utility");

    static Tensor t(String key) { return FX.tensor(key, Device.CPU); }

    static void same(String key, Tensor actual) {
        Fixtures.Entry e = FX.entry(key);
        assertArrayEquals(e.shape(), actual.shape(), key + " shape");
        assertArrayEquals(e.values(), actual.to(DType.FLOAT64).toDoubleArray(), 0.0, key);
    }

    static Map<String, Object> item(Object label) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("label", label);
        d.put("other", "kept");
        return d;
    }

    @Test void mapLabelValue() {
        try (Scope s = Scope.open()) {
            MetaTensor lab = MetaTensor.of(t("labels.in"));
            MetaTensor out = new MapLabelValue(new double[]{1, 2, 3, 4}, new double[]{10, 0, 3, 1}).apply(lab);
            assertEquals(DType.FLOAT32, out.dtype());
            same("maplabel.out", out.array());
            MetaTensor swapped = new MapLabelValue(new double[]{0, 4}, new double[]{4, 0}).dtype(DType.INT64).apply(lab);
            assertEquals(DType.INT64, swapped.dtype());
            same("maplabel_int.out", swapped.array());
            Map<String, Object> d = new MapLabelValued(new double[]{0, 4}, new double[]{4, 0}, "label").dtype(DType.INT64).apply(item(lab));
            assertArrayEquals(swapped.array().toLongArray(), ((MetaTensor) d.get("label")).array().toLongArray());
            assertThrows(IllegalArgumentException.class, () -> new MapLabelValue(new double[]{1}, new double[]{1, 2}));
        }
    }

    @Test void brats() {
        try (Scope s = Scope.open()) {
            MetaTensor lab = MetaTensor.of(t("labels.in"));
            MetaTensor out = new ConvertToMultiChannelBasedOnBratsClasses().apply(lab);
            same("brats.out", out.array());
            same("brats_nochannel.out", new ConvertToMultiChannelBasedOnBratsClasses().apply(MetaTensor.of(t("labels.in").select(0, 0).select(2, 0))).array());
            Map<String, Object> d = new ConvertToMultiChannelBasedOnBratsClassesd("label").apply(item(lab));
            assertArrayEquals(out.array().toBooleanArray(), ((MetaTensor) d.get("label")).array().toBooleanArray());
            assertEquals("kept", d.get("other"));
        }
    }

    @Test void labelToMask() {
        try (Scope s = Scope.open()) {
            MetaTensor lab = MetaTensor.of(t("labels.in"));
            same("labeltomask.out", new LabelToMask(1, 3).apply(lab).array());
            same("labeltomask_merge.out", new LabelToMask(1, 3).mergeChannels(true).apply(lab).array());
            MetaTensor onehot = MetaTensor.of(t("onehot.in").to(DType.FLOAT32));
            MetaTensor sel = new LabelToMask(0, 2).apply(onehot);
            assertEquals(DType.FLOAT32, sel.dtype(), "one-hot channels keep their dtype, as MONAI");
            same("labeltomask_onehot.out", sel.array());
            same("labeltomask_onehot_merge.out", new LabelToMask(1, 3).mergeChannels(true).apply(onehot).array());
            Map<String, Object> d = new LabelToMaskd(new int[]{1, 3}, "label").mergeChannels(true).apply(item(lab));
            same("labeltomask_merge.out", ((MetaTensor) d.get("label")).array());
            TransformException e = assertThrows(TransformException.class, () -> new LabelToMask(7).apply(onehot));
            assertTrue(e.getMessage().contains("LabelToMask") && e.getMessage().contains("[4, 6, 5, 4]"), e.getMessage());
            TransformException missing = assertThrows(TransformException.class, () -> new LabelToMaskd(new int[]{1}, "seg").apply(item(lab)));
            assertTrue(missing.getMessage().contains("'seg'"), missing.getMessage());
            assertEquals(2, new LabelToMaskd(new int[]{1}, "seg").allowMissingKeys(true).apply(item(lab)).size());
        }
    }

    @Test void fgBgToIndices() {
        try (Scope s = Scope.open()) {
            Tensor lab = t("labels.in"), img = t("image.in");
            Tensor[] plain = new FgBgToIndices().apply(lab, (Tensor) null);
            same("fgbg_plain.fg", plain[0]);
            same("fgbg_plain.bg", plain[1]);
            Tensor[] thr = new FgBgToIndices().imageThreshold(0.5).apply(lab, img);
            same("fgbg_thr.fg", thr[0]);
            same("fgbg_thr.bg", thr[1]);
            Tensor[] shaped = new FgBgToIndices().outputShape(6, 5, 4).apply(lab, (Tensor) null);
            same("fgbg_shape.fg", shaped[0]);
            same("fgbg_shape.bg", shaped[1]);
            Tensor[] onehot = new FgBgToIndices().apply(t("onehot.in").to(DType.FLOAT32), (Tensor) null);
            same("fgbg_onehot.fg", onehot[0]);
            same("fgbg_onehot.bg", onehot[1]);
            Map<String, Object> d = item(MetaTensor.of(lab));
            d.put("image", MetaTensor.of(img));
            Map<String, Object> out = new FgBgToIndicesd("label").imageKey("image").imageThreshold(0.5).apply(d);
            same("fgbg_thr.fg", (Tensor) out.get("label_fg_indices"));
            same("fgbg_thr.bg", (Tensor) out.get("label_bg_indices"));
            TransformException e = assertThrows(TransformException.class, () -> new FgBgToIndices().apply(lab, Tensor.zeros(1, 3, 3)));
            assertTrue(e.getMessage().contains("FgBgToIndices"), e.getMessage());
        }
    }

    @Test void classesToIndices() {
        try (Scope s = Scope.open()) {
            Tensor lab = t("labels.in"), img = t("image.in");
            check("cls_plain", new ClassesToIndices().numClasses(5).apply(lab, (Tensor) null));
            check("cls_thr", new ClassesToIndices().numClasses(5).imageThreshold(0.5).apply(lab, img));
            check("cls_max", new ClassesToIndices().numClasses(5).maxSamplesPerClass(7).apply(lab, (Tensor) null));
            check("cls_onehot", new ClassesToIndices().apply(t("onehot.in").to(DType.FLOAT32), (Tensor) null));
            check("cls_shape", new ClassesToIndices().numClasses(3).outputShape(6, 5, 4).apply(lab, (Tensor) null));
            Map<String, Object> d = item(MetaTensor.of(lab));
            d.put("image", MetaTensor.of(img));
            @SuppressWarnings("unchecked")
            List<Tensor> viaDict = (List<Tensor>) new ClassesToIndicesd("label").numClasses(5).imageKey("image").imageThreshold(0.5).apply(d).get("label_cls_indices");
            check("cls_thr", viaDict);
            TransformException e = assertThrows(TransformException.class, () -> new ClassesToIndices().apply(lab, (Tensor) null));
            assertTrue(e.getMessage().contains("numClasses"), e.getMessage());
        }
    }

    @Test void addExtremePointsChannel() {
        try (Scope s = Scope.open()) {
            MetaTensor img = MetaTensor.of(t("extreme.image"));
            Tensor lab = t("extreme.label");
            AddExtremePointsChannel a = new AddExtremePointsChannel().setRandomState(0);
            assertArrayEquals(FX.entry("extreme_a.points").longs(), flat(a.points(lab, new RandomState(0))));
            close("extreme_a.out", a.apply(img, lab).array());
            AddExtremePointsChannel b = new AddExtremePointsChannel().pert(1.5).sigma(1, 2, 1.5).rescaleMin(0).rescaleMax(1).setRandomState(42);
            assertArrayEquals(FX.entry("extreme_b.points").longs(), flat(b.points(lab, new RandomState(42))));
            close("extreme_b.out", b.apply(img, lab).array());
            AddExtremePointsChanneld d = new AddExtremePointsChanneld("label", "image").pert(1.5).sigma(2.0);
            d.setRandomState(7);
            Map<String, Object> item = item(MetaTensor.of(lab));
            item.put("image", img);
            close("extremed.out", ((MetaTensor) d.apply(item).get("image")).array());
            TransformException empty = assertThrows(TransformException.class, () -> a.apply(img, Tensor.zeros(1, 7, 6, 5)));
            assertTrue(empty.getMessage().contains("no foreground"), empty.getMessage());
            assertThrows(TransformException.class, () -> a.apply(img, Tensor.ones(2, 7, 6, 5)));
            assertThrows(TransformException.class, () -> new AddExtremePointsChanneld("seg", "image").apply(item));
        }
    }

    private static long[] flat(long[][] pts) { return java.util.Arrays.stream(pts).flatMapToLong(java.util.Arrays::stream).toArray(); }

    private static void close(String key, Tensor actual) {
        Fixtures.Entry e = FX.entry(key);
        assertArrayEquals(e.shape(), actual.shape(), key + " shape");
        assertArrayEquals(e.values(), actual.to(DType.FLOAT64).toDoubleArray(), 2e-5, key);
    }

    private static void check(String key, List<Tensor> got) {
        int n = 0;
        while (true) {
            try { FX.entry(key + "." + n); } catch (RuntimeException e) { break; }
            n++;
        }
        assertEquals(n, got.size(), key + " classes");
        for (int c = 0; c < n; c++) same(key + "." + c, got.get(c));
    }
}
