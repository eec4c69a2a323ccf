package dev.axial.data;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Fixtures;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.cpu.CpuStorage;
import dev.axial.transforms.Compose;
import dev.axial.transforms.Determinism;
import dev.axial.transforms.croppad.RandCropByPosNegLabeld;
import dev.axial.transforms.intensity.ScaleIntensityd;
import dev.axial.transforms.spatial.RandRotate90d;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class DatasetTest {
    private static final Fixtures FX = Fixtures.load("datasets");
    private static final List<Map<String, Object>> ITEMS = new ArrayList<>();

    @BeforeAll static void makeItems() {
        for (int i = 0; i < 2; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("image", Scope.release(FX.float32("item" + i + ".image", Device.CPU)));
            m.put("label", Scope.release(FX.float32("item" + i + ".label", Device.CPU)));
            ITEMS.add(m);
        }
    }

    @AfterAll static void freeItems() {
        for (Map<String, Object> m : ITEMS) for (Object v : m.values()) ((Tensor) v).close();
    }

    /** The fixture's pipeline: a deterministic prefix (cached) then a 2-sample pos/neg crop and a random quarter turn. */
    private static Compose pipeline() { return pipeline(4, 5, 3); }

    private static Compose pipeline(long... size) {
        return new Compose(new ScaleIntensityd("image"),
                new RandCropByPosNegLabeld(List.of("image", "label"), "label", size).pos(1).neg(1).numSamples(2),
                new RandRotate90d("image", "label").prob(0.5).spatialAxes(0, 2));
    }

    private static Tensor array(Object v) { return v instanceof MetaTensor m ? m.array() : (Tensor) v; }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> samples(Object o) { return (List<Map<String, Object>>) o; }

    @Test void sameCropsAsMonaiDatasetAndCacheDataset() {
        for (long seed : new long[]{0, 7, 12345})
            for (String kind : new String[]{"plain", "cache"})
                for (String ours : new String[]{"plain", "cache"}) {
                    Compose c = pipeline().setRandomState(seed);
                    try (Dataset<Map<String, Object>> ds = ours.equals("plain") ? new Dataset<>(ITEMS, c) : new CacheDataset<>(ITEMS, c, 1.0, 0);
                         Scope s = Scope.open()) {
                        for (int i = 0; i < 2; i++) {
                            List<Map<String, Object>> out = samples(ds.get(i));
                            assertEquals(2, out.size());
                            for (int j = 0; j < 2; j++)
                                for (String key : new String[]{"image", "label"}) {
                                    String name = "s" + seed + "." + kind + ".item" + i + ".sample" + j + "." + key;
                                    Tensor got = array(out.get(j).get(key));
                                    assertArrayEquals(FX.shape(name), got.shape(), ours + " vs " + name);
                                    double[] want = FX.values(name), g = got.to(DType.FLOAT64).toDoubleArray();
                                    for (int k = 0; k < want.length; k++) assertEquals(want[k], g[k], 1e-6, ours + " vs " + name + "[" + k + "]");
                                }
                        }
                    }
                }
    }

    private static List<double[]> flat(Object o) {
        List<double[]> out = new ArrayList<>();
        for (Map<String, Object> m : samples(o)) {
            out.add(array(m.get("image")).to(DType.FLOAT64).toDoubleArray());
            out.add(array(m.get("label")).to(DType.FLOAT64).toDoubleArray());
        }
        return out;
    }

    @Test void cachedPrefixPlusRandomPartEqualsTheUncachedPipeline() {
        Compose c = pipeline();
        try (var plain = new Dataset<>(ITEMS, c);
             var cached = new CacheDataset<>(ITEMS, c, 1.0, 2);
             var half = new CacheDataset<>(ITEMS, c, 0.5, 2);
             Scope s = Scope.open()) {
            assertEquals(1, cached.firstRandom());
            assertEquals(2, cached.cacheNum());
            assertEquals(1, half.cacheNum());
            for (long seed = 0; seed < 20; seed++)
                for (int i = 0; i < 2; i++) {
                    List<double[]> want = flat(plain.get(i, new RandomState(seed)));
                    for (var ds : List.of(cached, half)) {
                        List<double[]> got = flat(ds.get(i, new RandomState(seed)));
                        for (int k = 0; k < want.size(); k++) assertArrayEquals(want.get(k), got.get(k), "seed " + seed + " item " + i);
                    }
                }
        }
    }

    @Test void closeFreesTheCacheAndNotTheItems() {
        long base = CpuStorage.liveBytes();
        var ds = new CacheDataset<>(ITEMS, pipeline(), 1.0, 2);
        assertTrue(CpuStorage.liveBytes() > base, "the cache holds the scaled images");
        try (Scope s = Scope.open()) {
            ds.get(0, new RandomState(1));
            ds.get(1);
        }
        ds.close();
        ds.close();
        assertEquals(base, CpuStorage.liveBytes(), "live bytes after close");
        assertThrows(IllegalStateException.class, () -> ds.get(0));
        // an identity prefix caches the items themselves: closing must not free them
        var id = new CacheDataset<>(ITEMS, new Compose(new RandRotate90d("image").prob(1)), 1.0, 1);
        assertEquals(base, CpuStorage.liveBytes());
        assertEquals(0, id.cacheNum());
        id.close();
        try (var oneOf = new CacheDataset<>(ITEMS, new dev.axial.transforms.OneOf(new ScaleIntensityd("image"), new RandRotate90d("image")), 1.0, 1)) {
            assertEquals(0, oneOf.cacheNum(), "a random composition is not cached");
        }
        for (Map<String, Object> m : ITEMS)
            for (Object v : m.values()) assertEquals(720, ((Tensor) v).toFloatArray().length, "an item is still readable");
    }

    private static List<float[]> batches(int workers) {
        List<float[]> out = new ArrayList<>();
        try (var ds = new CacheDataset<>(ITEMS, pipeline(4, 5, 4));
             var loader = new DataLoader<>(ds).batchSize(2).shuffle(true).numWorkers(workers).seed(3)) {
            for (int e = 0; e < 3; e++)
                for (Batch b : loader.epoch(e))
                    try (b) {
                        assertArrayEquals(new long[]{4, 1, 4, 5, 4}, b.tensor("image").shape());
                        out.add(b.tensor("image").toFloatArray());
                        out.add(b.tensor("label").toFloatArray());
                    }
        }
        return out;
    }

    @Test void loaderOverADatasetIsTheSameWhateverTheWorkers() {
        List<float[]> w0 = batches(0), w2 = batches(2);
        assertEquals(w0.size(), w2.size());
        for (int i = 0; i < w0.size(); i++) assertArrayEquals(w0.get(i), w2.get(i), "batch tensor " + i);
    }

    @Test void loaderDefaultSeedIsTheDeterminismSeed() {
        var ds = new Dataset<>(ITEMS, null);
        try {
            Determinism.setDeterminism(5);
            try (var seeded = new DataLoader<>(ds); var explicit = new DataLoader<>(ds).seed(5)) {
                assertEquals(explicit.itemSeed(2, 1), seeded.itemSeed(2, 1));
            }
        } finally {
            Determinism.clearDeterminism();
        }
        try (var unseeded = new DataLoader<>(ds); var zero = new DataLoader<>(ds).seed(0)) {
            assertEquals(zero.itemSeed(2, 1), unseeded.itemSeed(2, 1));
        }
    }
}
