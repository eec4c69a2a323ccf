package dev.axial.transforms.utility;

import dev.axial.tensor.DType;
import dev.axial.tensor.Fixtures;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.Compose;
import dev.axial.transforms.OneOf;
import dev.axial.transforms.TransformException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class UtilityTransformsTest {
    static final Fixtures FX = LabelTransformsTest.FX;
    static final double[][] AFFINE = {{2, 0, 0, 10}, {0, 3, 0, -5}, {0, 0, 1.5, 2}, {0, 0, 0, 1}};

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> d = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) d.put((String) kv[i], kv[i + 1]);
        return d;
    }

    static double[] flatAffine(MetaTensor m) {
        return java.util.Arrays.stream(m.affine()).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    @Test void splitDimMatchesMonai() {
        try (Scope s = Scope.open()) {
            MetaTensor img = new MetaTensor(Tensor.arange(DType.FLOAT32, dev.axial.tensor.Device.CPU, 0, 48, 1).reshape(2, 3, 4, 2), AFFINE, null);
            for (int dim : new int[]{0, 1, 2, -1}) {
                for (boolean keep : new boolean[]{true, false}) {
                    String key = "splitdim_d" + dim + "_k" + (keep ? 1 : 0);
                    List<MetaTensor> parts = new SplitDim().dim(dim).keepdim(keep).split(img);
                    assertEquals(FX.entry(key + ".n").longs()[0], parts.size(), key);
                    for (int i = 0; i < parts.size(); i++) {
                        LabelTransformsTest.same(key + "." + i, parts.get(i).array());
                        assertArrayEquals(FX.entry(key + "." + i + ".affine").values(), flatAffine(parts.get(i)), 1e-12, key);
                    }
                }
            }
            // the dictionary form: key_i entries equal the array form's slices
            Map<String, Object> d = new SplitDimd("img").dim(1).apply(map("img", img));
            List<MetaTensor> parts = new SplitDim().dim(1).split(img);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(parts.get(i).array().toFloatArray(), ((MetaTensor) d.get("img_" + i)).array().toFloatArray());
                assertArrayEquals(flatAffine(parts.get(i)), flatAffine((MetaTensor) d.get("img_" + i)));
            }
            @SuppressWarnings("unchecked")
            List<Object> rows = (List<Object>) new SplitDimd("img").listOutput(true).apply((Object) map("img", img, "x", 1), new RandomState(0));
            assertEquals(2, rows.size());
            assertThrows(TransformException.class, () -> new SplitDimd("img").outputPostfixes("a").apply(map("img", img)));
            TransformException e = assertThrows(TransformException.class, () -> new SplitDimd("img").apply(map("img", img, "img_0", 1)));
            assertTrue(e.getMessage().contains("img_0"), e.getMessage());
        }
    }

    @Test void concatItemsMatchesMonai() {
        try (Scope s = Scope.open()) {
            MetaTensor a = MetaTensor.of(Tensor.ones(1, 3, 2)), b = MetaTensor.of(Tensor.arange(DType.FLOAT32, dev.axial.tensor.Device.CPU, 0, 12, 1).reshape(2, 3, 2));
            Map<String, Object> d = map("a", a, "b", b);
            LabelTransformsTest.same("concat_d0", ((MetaTensor) new ConcatItemsd(new String[]{"a", "b"}, "ab").apply(d).get("ab")).array());
            LabelTransformsTest.same("concat_d2", ((MetaTensor) new ConcatItemsd(new String[]{"b", "a", "b"}, "ab").apply(d).get("ab")).array());
            LabelTransformsTest.same("concat_last", ((MetaTensor) new ConcatItemsd(new String[]{"b", "b"}, "bb").dim(-1).apply(d).get("bb")).array());
            TransformException mixed = assertThrows(TransformException.class, () -> new ConcatItemsd(new String[]{"a", "t"}, "x").apply(map("a", a, "t", Tensor.ones(1, 3, 2))));
            assertTrue(mixed.getMessage().contains("same type"), mixed.getMessage());
            assertThrows(TransformException.class, () -> new ConcatItemsd(new String[]{"a", "c"}, "x").apply(d));
            assertFalse(new ConcatItemsd(new String[]{"c"}, "x").allowMissingKeys(true).apply(d).containsKey("x"));
            TransformException shape = assertThrows(TransformException.class, () -> new ConcatItemsd(new String[]{"a", "b"}, "x").dim(1).apply(d));
            assertTrue(shape.getMessage().contains("[1, 3, 2]"), shape.getMessage());
        }
    }

    @Test void copyAndDeleteItems() {
        try (Scope s = Scope.open()) {
            MetaTensor img = new MetaTensor(Tensor.ones(1, 2, 2), AFFINE, null);
            Map<String, Object> d = new CopyItemsd("img", "n").times(2).apply(map("img", img, "n", 3));
            // MONAI 1.5's pairing of default names: img_0 = img, img_1 = n, n_0 = img, n_1 = n
            assertEquals(List.of("img", "n", "img_0", "img_1", "n_0", "n_1"), List.copyOf(d.keySet()));
            assertEquals(3, d.get("img_1"));
            assertInstanceOf(MetaTensor.class, d.get("n_0"));
            MetaTensor copy = (MetaTensor) d.get("img_0");
            assertNotSame(img.array().storage(), copy.array().storage(), "tensors are deep-copied");
            assertArrayEquals(flatAffine(img), flatAffine(copy));
            assertEquals(List.of("img", "a", "b"), List.copyOf(new CopyItemsd("img").times(2).names("a", "b").apply(map("img", img)).keySet()));
            assertThrows(TransformException.class, () -> new CopyItemsd("img").names("a", "b").apply(map("img", img)));
            assertThrows(TransformException.class, () -> new CopyItemsd("img").apply(map("img", img, "img_0", 1)));
            assertThrows(TransformException.class, () -> new CopyItemsd("x").apply(map("img", img)));

            Map<String, Object> nested = map("img", img, "img_meta_dict", map("affine", 1, "spacing", 2), "label_a", 1, "label_b", 2);
            Map<String, Object> out = new DeleteItemsd("img_meta_dict.affine", "^label_").useRe(false, true).apply(nested);
            assertEquals(List.of("img", "img_meta_dict"), List.copyOf(out.keySet()));
            assertEquals(Map.of("spacing", 2), out.get("img_meta_dict"));
            assertEquals(4, nested.size(), "the input is not changed");
            assertEquals(2, ((Map<?, ?>) nested.get("img_meta_dict")).size());
        }
    }

    @Test void squeezeDimUpdatesTheAffineAsMonai() {
        try (Scope s = Scope.open()) {
            MetaTensor img = new MetaTensor(Tensor.ones(1, 3, 1, 4), AFFINE, null);
            MetaTensor out = new SqueezeDim().dim(2).apply(img);
            assertArrayEquals(new long[]{1, 3, 4}, out.shape());
            // MONAI: rows/columns != dim-1 kept: [[2,0,10],[0,1.5,2],[0,0,1]]
            assertArrayEquals(new double[]{2, 0, 10, 0, 1.5, 2, 0, 0, 1}, flatAffine(out));
            assertArrayEquals(new long[]{3, 1, 4}, new SqueezeDim().apply(img).shape());
            assertArrayEquals(new long[]{3, 4}, new SqueezeDim().dim(null).apply(img).shape());
            TransformException e = assertThrows(TransformException.class, () -> new SqueezeDim().dim(1).apply(img));
            assertTrue(e.getMessage().contains("SqueezeDim") && e.getMessage().contains("[1, 3, 1, 4]"), e.getMessage());
            MetaTensor viaDict = (MetaTensor) new SqueezeDimd("img").dim(2).apply(map("img", img)).get("img");
            assertArrayEquals(flatAffine(out), flatAffine(viaDict));
        }
    }

    @Test void lambdaIsInvertibleAndLambdadEqualsLambda() {
        try (Scope s = Scope.open()) {
            MetaTensor img = new MetaTensor(Tensor.of(new float[]{1, 2, 3, 4}, 1, 2, 2), AFFINE, null);
            Lambda neg = Lambda.ofTensor(Tensor::neg).invFunc(m -> m.array().neg());
            MetaTensor out = neg.apply(img);
            assertEquals(-4.0, out.array().min().item());
            assertEquals("Lambda", out.appliedOperations().getLast().get("class"));
            assertArrayEquals(flatAffine(img), flatAffine(out));
            MetaTensor back = neg.inverse(out);
            assertArrayEquals(img.array().toFloatArray(), back.array().toFloatArray());
            assertTrue(back.appliedOperations().isEmpty() && img.appliedOperations().isEmpty());
            Lambdad negd = new Lambdad(m -> m.array().neg(), "img").invFunc(m -> m.array().neg());
            Map<String, Object> d = negd.apply(map("img", img));
            assertArrayEquals(out.array().toFloatArray(), ((MetaTensor) d.get("img")).array().toFloatArray());
            assertArrayEquals(img.array().toFloatArray(), negd.inverse((MetaTensor) d.get("img")).array().toFloatArray());
            Map<String, Object> kept = new Lambdad(m -> m.array().neg(), "img").overwrite("neg").apply(map("img", img));
            assertSame(img, kept.get("img"));
            assertTrue(kept.containsKey("neg"));
            TransformException e = assertThrows(TransformException.class, () -> new Lambda(m -> "no").apply(img));
            assertTrue(e.getMessage().contains("Lambda") && e.getMessage().contains("String"), e.getMessage());
            // a Lambda inside OneOf is undone through the composition
            OneOf one = new OneOf(neg, Lambda.ofTensor(t -> t.mul(2)).invFunc(m -> m.array().div(2)));
            for (int k = 0; k < 4; k++) {
                MetaTensor o = (MetaTensor) one.apply(img);
                assertArrayEquals(img.array().toFloatArray(), one.inverse(o).array().toFloatArray());
            }
        }
    }

    @Test void dataStatsFormatsAsMonai() {
        try (Scope s = Scope.open()) {
            MetaTensor img = MetaTensor.of(Tensor.of(new float[]{0, 1, 0.5f, 0.25f}, 1, 2, 2));
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            DataStats stats = new DataStats().prefix("Image").dataValue(true).additionalInfo(m -> m.array().mean().item())
                    .printer(new PrintStream(buf, true));
            assertSame(img, stats.apply(img));
            assertEquals("Image statistics:\nType: MetaTensor float32\nShape: [1, 2, 2]\nValue range: (0.0, 1.0)\n"
                    + "Value: [0.0, 1.0, 0.5, 0.25]\nAdditional info: 0.4375", buf.toString().strip());
            assertTrue(new DataStats().metaInfo(true).format(img).contains("Meta info: {affine="));
            Map<String, Object> d = map("img", img);
            assertSame(img, new DataStatsd(new DataStats().printer(new PrintStream(new ByteArrayOutputStream())), "img").apply(d).get("img"));
        }
    }

    @Test void toTensorAndEnsureType() {
        try (Scope s = Scope.open()) {
            MetaTensor fromArray = (MetaTensor) new ToTensor().apply(new float[]{1, 2, 3});
            assertArrayEquals(new long[]{3}, fromArray.shape());
            assertEquals(DType.INT64, ((MetaTensor) new ToTensor().apply(List.of(1, 2))).dtype());
            Tensor plain = (Tensor) new EnsureType().dtype(DType.FLOAT64).trackMeta(false).apply(MetaTensor.of(Tensor.ones(1, 2)));
            assertEquals(DType.FLOAT64, plain.dtype());
            MetaTensor img = new MetaTensor(Tensor.ones(1, 2), AFFINE, null);
            assertSame(img, new ToTensor().apply(img), "already a tensor of the asked type");
            MetaTensor cast = (MetaTensor) new ToTensord("img").dtype(DType.INT32).apply(map("img", img)).get("img");
            assertEquals(DType.INT32, cast.dtype());
            assertArrayEquals(flatAffine(img), flatAffine(cast));
            assertThrows(IllegalArgumentException.class, () -> new EnsureType().dataType("numpy"));
            TransformException e = assertThrows(TransformException.class, () -> new EnsureTyped("img").apply(map("img", "text")));
            assertTrue(e.getMessage().contains("'img'"), e.getMessage());
        }
    }

    @Test void ensureChannelFirstDoesNotConsumeItsInput() {
        try (Scope s = Scope.open()) {
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put(MetaKeys.ORIGINAL_CHANNEL_DIM, -1);
            MetaTensor rgb = new MetaTensor(Tensor.arange(DType.FLOAT32, dev.axial.tensor.Device.CPU, 0, 24, 1).reshape(4, 2, 3), null, meta);
            MetaTensor chw = new EnsureChannelFirst().apply(rgb);
            assertArrayEquals(new long[]{3, 4, 2}, chw.shape());
            assertEquals(23.0, rgb.array().max().item(), "the input is still alive");
            MetaTensor noChannel = new EnsureChannelFirst().channelDim("no_channel").apply(rgb);
            assertArrayEquals(new long[]{1, 4, 2, 3}, noChannel.shape());
            MetaTensor viaDict = (MetaTensor) new EnsureChannelFirstd("img").apply(map("img", rgb)).get("img");
            assertArrayEquals(chw.array().toFloatArray(), viaDict.array().toFloatArray());
            TransformException e = assertThrows(TransformException.class, () -> new EnsureChannelFirst().apply(MetaTensor.of(Tensor.ones(2, 2))));
            assertTrue(e.getMessage().contains("EnsureChannelFirst") && e.getMessage().contains("[2, 2]"), e.getMessage());
        }
    }

    @Test void loadAndSaveSitInACompose(@TempDir Path dir) throws Exception {
        try (Scope s = Scope.open()) {
            SaveImage save = new SaveImage();
            save.io().outputDir(dir).outputPostfix("x").separateFolder(false);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put(MetaKeys.FILENAME_OR_OBJ, "case1.nii.gz");
            MetaTensor img = new MetaTensor(Tensor.arange(DType.FLOAT32, dev.axial.tensor.Device.CPU, 0, 24, 1).reshape(1, 2, 3, 4), AFFINE, meta);
            new Compose(save).apply(img);
            Path written;
            try (var files = Files.list(dir)) { written = files.findFirst().orElseThrow(); }
            Compose load = new Compose(new LoadImaged("image"), new EnsureChannelFirstd("image"), new Identityd("image"));
            @SuppressWarnings("unchecked")
            Map<String, Object> d = (Map<String, Object>) load.apply(map("image", written.toString()));
            MetaTensor back = (MetaTensor) d.get("image");
            assertArrayEquals(new long[]{1, 2, 3, 4}, back.shape());
            assertArrayEquals(img.array().toFloatArray(), back.array().toFloatArray());
            assertArrayEquals(flatAffine(img), flatAffine(back), 1e-5);
            MetaTensor direct = (MetaTensor) new LoadImage().apply(written.toString());
            assertArrayEquals(new long[]{2, 3, 4}, direct.shape());
            SaveImaged saved = new SaveImaged("image");
            saved.io().outputDir(dir.resolve("d")).separateFolder(false);
            saved.apply(d);
            try (var files = Files.list(dir.resolve("d"))) { assertEquals(1, files.count()); }
            TransformException missing = assertThrows(TransformException.class, () -> new LoadImaged("label").apply(map("image", written.toString())));
            assertTrue(missing.getMessage().contains("LoadImaged") && missing.getMessage().contains("'label'"), missing.getMessage());
            TransformException bad = assertThrows(TransformException.class, () -> new LoadImage().apply(dir.resolve("none.nii.gz").toString()));
            assertTrue(bad.getMessage().startsWith("LoadImage"), bad.getMessage());
        }
    }

    @Test void functionAdaptors() {
        try (Scope s = Scope.open()) {
            MetaTensor img = new MetaTensor(Tensor.of(new float[]{1, -2, 3, -4}, 1, 2, 2), AFFINE, null);
            MetaTensor relu = FunctionTransform.ofTensor("Relu", t -> t.clamp(0, Double.POSITIVE_INFINITY)).apply(img);
            assertArrayEquals(new float[]{1, 0, 3, 0}, relu.array().toFloatArray());
            MetaTensor sq = FunctionTransform.ofFloats("Square", v -> { for (int i = 0; i < v.length; i++) v[i] *= v[i]; return v; }).apply(img);
            assertArrayEquals(new float[]{1, 4, 9, 16}, sq.array().toFloatArray());
            assertArrayEquals(new long[]{1, 2, 2}, sq.shape());
            assertArrayEquals(flatAffine(img), flatAffine(sq));
            MetaTensor d = FunctionTransform.ofDoubles("Abs", v -> java.util.Arrays.stream(v).map(Math::abs).toArray()).apply(img);
            assertEquals(DType.FLOAT64, d.dtype());
            assertEquals(10.0, d.array().sum().item());
            TransformException e = assertThrows(TransformException.class, () -> FunctionTransform.ofFloats("Short", v -> new float[1]).apply(img));
            assertTrue(e.getMessage().startsWith("Short") && e.getMessage().contains("[1, 2, 2]"), e.getMessage());
            assertEquals("Relu", FunctionTransform.ofTensor("Relu", t -> t).name());
        }
    }
}
