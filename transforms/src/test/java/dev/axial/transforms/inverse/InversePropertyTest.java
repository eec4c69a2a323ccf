package dev.axial.transforms.inverse;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.Compose;
import dev.axial.transforms.TransformException;
import dev.axial.transforms.intensity.ScaleIntensityd;
import dev.axial.transforms.spatial.Flipd;
import dev.axial.transforms.spatial.RandFlipd;
import dev.axial.transforms.spatial.RandRotate90d;
import dev.axial.transforms.spatial.Zoomd;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Decollate, BatchInverseTransform, Invertd and TestTimeAugmentation properties and errors. */
class InversePropertyTest {
    static MetaTensor image(long seed, long... shape) {
        long n = 1;
        for (long s : shape) n *= s;
        float[] v = new float[(int) n];
        dev.axial.tensor.RandomState r = new dev.axial.tensor.RandomState(seed);
        for (int i = 0; i < v.length; i++) v[i] = (float) r.rand();
        double[][] a = MetaTensor.identity(4);
        a[0][0] = 1.5;
        a[1][3] = seed;
        return new MetaTensor(Tensor.of(v, shape), a, Map.of("filename_or_obj", "img" + seed));
    }

    static double[] values(Tensor t) { return t.to(DType.FLOAT64).contiguous().toDoubleArray(); }

    @Test
    void decollateGivesEachItemItsOwnMetaAndOperations() {
        Compose c = new Compose(new RandFlipd("image").prob(0.5).spatialAxis(0), new RandRotate90d("image").prob(0.5));
        c.setRandomState(1);
        List<MetaTensor> items = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            @SuppressWarnings("unchecked") Map<String, Object> o = (Map<String, Object>) c.apply(Map.of("image", image(i, 1, 5, 5)));
            items.add((MetaTensor) o.get("image"));
        }
        MetaTensor batch = Decollate.collate(items);
        assertArrayEquals(new long[]{3, 1, 5, 5}, batch.shape());
        List<Object> back = Decollate.decollateBatch(batch);
        assertEquals(3, back.size());
        for (int i = 0; i < 3; i++) {
            MetaTensor m = (MetaTensor) back.get(i);
            assertArrayEquals(values(items.get(i).array()), values(m.array()));
            assertEquals(items.get(i).affine()[1][3], m.affine()[1][3]);
            assertEquals("img" + i, m.meta().get("filename_or_obj"));
            assertFalse(m.meta().containsKey(Decollate.BATCH_META));
            assertEquals(items.get(i).appliedOperations().size(), m.appliedOperations().size());
            for (int k = 0; k < m.appliedOperations().size(); k++)
                assertEquals(items.get(i).appliedOperations().get(k).get("do_transforms"), m.appliedOperations().get(k).get("do_transforms"));
            // each item is inverted to its own input
            MetaTensor inv = c.inverse(m);
            assertArrayEquals(values(image(i, 1, 5, 5).array()), values(inv.array()), 1e-6);
        }
    }

    @Test
    void decollateDictSplitsTensorsAndRepeatsTheRest() {
        Tensor t = Tensor.of(new float[]{1, 2, 3, 4, 5, 6}, 3, 2);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("x", t);
        d.put("names", List.of("a", "b", "c"));
        d.put("k", 7);
        List<Object> items = Decollate.decollateBatch(d);
        assertEquals(3, items.size());
        @SuppressWarnings("unchecked") Map<String, Object> second = (Map<String, Object>) items.get(1);
        assertArrayEquals(new double[]{3, 4}, values((Tensor) second.get("x")));
        assertEquals("b", second.get("names"));
        assertEquals(7, second.get("k"));
        d.put("names", List.of("a", "b"));
        assertThrows(TransformException.class, () -> Decollate.decollateBatch(d));
        assertThrows(TransformException.class, () -> Decollate.decollateBatch(Map.of("k", 7)));
        assertThrows(TransformException.class, () -> Decollate.collate(List.of(image(0, 1, 4, 4), image(1, 1, 4, 5))));
    }

    @Test
    void batchInverseInvertsEveryItem() {
        Compose c = new Compose(new Flipd(new int[]{1}, "image", "label"), new Zoomd(new double[]{1.5}, "image").keepSize(false),
                new ScaleIntensityd("image"));
        List<MetaTensor> imgs = new java.util.ArrayList<>(), labels = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            @SuppressWarnings("unchecked") Map<String, Object> o = (Map<String, Object>) c.apply(Map.of("image", image(i, 1, 4, 4), "label", image(10 + i, 1, 4, 4)));
            imgs.add((MetaTensor) o.get("image"));
            labels.add((MetaTensor) o.get("label"));
        }
        List<Object> out = new BatchInverseTransform(c).apply(Map.of("image", Decollate.collate(imgs), "label", Decollate.collate(labels)));
        assertEquals(2, out.size());
        for (int i = 0; i < 2; i++) {
            @SuppressWarnings("unchecked") Map<String, Object> d = (Map<String, Object>) out.get(i);
            MetaTensor im = (MetaTensor) d.get("image"), lb = (MetaTensor) d.get("label");
            assertArrayEquals(new long[]{1, 4, 4}, im.shape(), "zoom undone");
            assertTrue(im.appliedOperations().isEmpty());
            assertArrayEquals(values(image(10 + i, 1, 4, 4).array()), values(lb.array()), "the label's flip undone exactly");
            assertEquals(10 + i, lb.affine()[1][3], 1e-12, "each item keeps its own affine");
        }
    }

    @Test
    void invertdCopiesTheOriginalsOperationsAndHonoursItsOptions() {
        Compose c = new Compose(new Flipd(new int[]{0}, "image"), new Zoomd(new double[]{2.0}, "image").keepSize(false));
        MetaTensor img = image(3, 1, 4, 3);
        @SuppressWarnings("unchecked") Map<String, Object> o = new LinkedHashMap<>((Map<String, Object>) c.apply(Map.of("image", img)));
        MetaTensor t = (MetaTensor) o.get("image");
        o.put("pred", t.array().mul(3));               // a plain tensor: wrapped, then inverted with the image's operations
        o.put("image_meta_dict", Map.of());
        Map<String, Object> out = new Invertd(c, "pred", "other").origKeys("image").allowMissingKeys(true)
                .postFunc(m -> m.withArray(m.array().add(1))).apply(o);
        MetaTensor p = (MetaTensor) out.get("pred");
        assertArrayEquals(img.shape(), p.shape());
        double[] want = values(img.array()), got = values(p.array());
        for (int i = 0; i < want.length; i++) assertEquals(want[i] * 3 + 1, got[i], 1e-5, "nearest zoom 2 then back is exact at " + i);
        assertEquals(3.0, p.affine()[1][3], 1e-12, "the affine is the original's");
        assertTrue(out.containsKey("pred_meta_dict"), "meta dict written when the orig meta dict is present");
        assertFalse(out.containsKey("other"));
        assertSame(t, out.get("image"));
        assertEquals(2, t.appliedOperations().size());
        // orig key absent: skipped, as MONAI (which warns)
        Map<String, Object> noOrig = new LinkedHashMap<>(o);
        noOrig.remove("image");
        assertSame(o.get("pred"), new Invertd(c, "pred").origKeys("image").apply(noOrig).get("pred"));
        assertThrows(TransformException.class, () -> new Invertd(c, "nope").apply(o));
        assertThrows(IllegalArgumentException.class, () -> new Invertd(new ScaleIntensityd("image"), "pred"));
        assertThrows(TransformException.class, () -> new Invertd(c, "pred", "x").origKeys("a", "b", "c"));
    }

    @Test
    void ttaChecksItsInputsAndReturnsFullData() {
        Compose c = new Compose(new RandFlipd("image").prob(0.5).spatialAxis(0), new RandRotate90d("image").prob(0.5));
        MetaTensor img = image(4, 1, 5, 5);
        TestTimeAugmentation tta = new TestTimeAugmentation(c, 2).origKey("image").loaderSeed(3);
        assertThrows(TransformException.class, () -> tta.call(Map.of("image", img), 3));
        assertThrows(TransformException.class, () -> tta.call(Map.of("label", img), 2));
        assertThrows(IllegalArgumentException.class, () -> tta.numWorkers(2));
        TestTimeAugmentation.Result r = tta.call(Map.of("image", img), 6);
        // identity inferrer: every inverted example is the input, so mean = input, std = 0, mode = truncated input
        double[] x = values(img.array()), mean = values(r.mean()), std = values(r.std()), mode = values(r.mode());
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], mean[i], 1e-6);
            assertEquals(0, std[i], 1e-6);
            assertEquals(Math.floor(x[i]), mode[i]);
        }
        assertArrayEquals(new long[]{6, 1, 5, 5}, r.full().shape());
        TestTimeAugmentation.Result full = new TestTimeAugmentation(c, 3).origKey("image").returnFullData(true).call(Map.of("image", img), 3);
        assertNull(full.mean());
        assertArrayEquals(new long[]{3, 1, 5, 5}, full.full().shape());
        // rectangular images rotated by 90 degrees give different shapes: padding is not supported
        Compose rot = new Compose(new RandRotate90d("image").prob(0.5));
        assertThrows(TransformException.class, () -> new TestTimeAugmentation(rot, 4).origKey("image").loaderSeed(0)
                .call(Map.of("image", image(0, 1, 4, 6)), 8));
    }

    @Test
    void statsFollowTorch() {
        // mode of truncated values, ties to the smallest; unbiased std; vvc = std(all)/mean(all)
        Tensor full = Tensor.of(new float[]{2.7f, 1.2f, 5f, 1.9f, 2.1f, 0f, 3.5f, 9f, 7f}, 3, 3);
        TestTimeAugmentation.Result r = TestTimeAugmentation.stats(full);
        assertArrayEquals(new double[]{1, 1, 0}, values(r.mode()));
        assertEquals((2.7 + 1.9 + 3.5) / 3, values(r.mean())[0], 1e-6);
        double m = (2.7 + 1.9 + 3.5) / 3, s = Math.sqrt(((2.7 - m) * (2.7 - m) + (1.9 - m) * (1.9 - m) + (3.5 - m) * (3.5 - m)) / 2);
        assertEquals(s, values(r.std())[0], 1e-6);
        double[] all = values(full);
        double mu = java.util.Arrays.stream(all).average().orElseThrow(), ss = 0;
        for (double v : all) ss += (v - mu) * (v - mu);
        assertEquals(Math.sqrt(ss / 8) / mu, r.vvc(), 1e-6);
    }
}
