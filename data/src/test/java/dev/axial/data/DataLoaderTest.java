package dev.axial.data;

import dev.axial.tensor.Backends;
import dev.axial.tensor.Device;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.croppad.RandCropByPosNegLabeld;
import dev.axial.tensor.cpu.CpuStorage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.axial.transforms.spatial.RandRotate90d;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** Collation, the threaded loader's determinism across worker counts, its bounded prefetch, errors and memory. */
class DataLoaderTest {
    private static final List<Map<String, Object>> ITEMS = new ArrayList<>();
    private static final List<Synthetic.Image> OWNED = new ArrayList<>();

    @BeforeAll static void makeItems() {
        RandomState r = new RandomState(0);
        for (int i = 0; i < 10; i++) {
            Synthetic.Image s = Synthetic.createTestImage3d(24, 24, 24, 4, 6, 2, 0.1, 1, 0, r);
            OWNED.add(s);
            ITEMS.add(Map.of("img", s.image(), "seg", s.label(), "id", i));
        }
    }

    @AfterAll static void freeItems() { OWNED.forEach(Synthetic.Image::close); }

    /** The demo's pipeline in small: 2 crops by pos/neg label, then a random quarter turn of both keys. */
    private static DataLoader<Map<String, Object>> loader(int workers) {
        var crop = new RandCropByPosNegLabeld(List.of("img", "seg"), "seg", 12, 12, 12).numSamples(2);
        var rot = new RandRotate90d("img", "seg").prob(0.5).spatialAxes(0, 2);
        return new DataLoader<Map<String, Object>>(ITEMS, (item, rs) -> {
            List<Object> out = new ArrayList<>();
            for (Map<String, Object> m : crop.apply(item, rs)) out.add(rot.apply(m, rs));
            return out;
        }).batchSize(3).shuffle(true).seed(42).numWorkers(workers);
    }

    private static List<float[]> run(int workers, int epochs) {
        List<float[]> out = new ArrayList<>();
        try (var loader = loader(workers)) {
            for (int e = 0; e < epochs; e++)
                for (Batch b : loader.epoch(e))
                    try (b) {
                        out.add(b.tensor("img").toFloatArray());
                        out.add(b.tensor("seg").to(dev.axial.tensor.DType.FLOAT32).toFloatArray());
                        out.add(b.tensor("id").to(dev.axial.tensor.DType.FLOAT32).toFloatArray());
                    }
        }
        return out;
    }

    @Test void sameBatchesWhateverTheWorkers() {
        List<float[]> w0 = run(0, 2), w1 = run(1, 2), w4 = run(4, 2);
        assertEquals(w0.size(), w1.size());
        assertEquals(w0.size(), w4.size());
        for (int i = 0; i < w0.size(); i++) {
            assertArrayEquals(w0.get(i), w1.get(i), "batch tensor " + i + " (1 worker)");
            assertArrayEquals(w0.get(i), w4.get(i), "batch tensor " + i + " (4 workers)");
        }
        // 10 items in batches of 3: 4 batches per epoch, the last with 1 item; each item gives 2 samples
        try (var loader = loader(2); Batch b = loader.iterator().next()) {
            assertEquals(4, loader.size());
            assertEquals(6, b.size());
            assertArrayEquals(new long[]{6, 1, 12, 12, 12}, b.tensor("img").shape());
        }
    }

    @Test void pinnedBatchesHoldTheSameValuesInPageLockedMemory() {
        Assumptions.assumeTrue(Backends.isAvailable(Device.cuda(0)), "no CUDA backend");
        long live = CpuStorage.liveBytes();
        try (var plain = loader(2); var pinned = loader(2).pinMemory(true)) {
            var a = plain.epoch(0).iterator();
            var b = pinned.epoch(0).iterator();
            while (a.hasNext()) {
                try (Batch x = a.next(); Batch y = b.next(); Scope s = Scope.open()) {
                    for (String k : List.of("img", "seg")) {
                        assertFalse(x.tensor(k).isPinned());
                        assertTrue(y.tensor(k).isPinned(), k);
                        assertArrayEquals(x.tensor(k).toFloatArray(), y.tensor(k).toFloatArray(), k);
                        assertArrayEquals(x.tensor(k).toFloatArray(), y.tensor(k).to(Device.cuda(0)).cpu().toFloatArray(), k);
                    }
                    assertEquals(x.meta("img").size(), y.meta("img").size());
                }
            }
            assertFalse(b.hasNext());
        }
        assertEquals(live, CpuStorage.liveBytes(), "the pinned batches and the copies they replaced are freed");
        assertThrows(IllegalArgumentException.class, () -> loader(0).pinMemoryDevice(Device.CPU));
    }

    @Test void shuffleIsSeededPerEpochAndCoversEveryItem() {
        var loader = loader(0);
        int[] e0 = loader.order(0), e1 = loader.order(1);
        assertFalse(Arrays.equals(e0, e1));
        assertArrayEquals(e0, loader(0).order(0));
        Set<Integer> seen = new HashSet<>();
        for (int i : e1) seen.add(i);
        assertEquals(10, seen.size());
        assertNotEquals(loader.itemSeed(0, 1), loader.itemSeed(1, 1));
        assertNotEquals(loader.itemSeed(0, 1), loader.itemSeed(0, 2));
    }

    /**
     * The counter is the whole process's: where other tests ran before in the same JVM (the GPU host runs every module
     * in one), a thread they left may allocate meanwhile. A leak grows in both windows; such a one-off in one only.
     */
    @Test void liveBytesStayFlatOverManyEpochs() {
        try (var loader = loader(2)) {
            long[] at = new long[3];
            for (int e = 0; e < 120; e++) {
                int n = 0;
                for (Batch b : loader.epoch(e)) {
                    try (b) { n += b.size(); }
                    if (e % 30 == 0 && n == 6) break;    // leave an epoch early: its prefetched batches must be freed too
                }
                if (e == 2) at[0] = CpuStorage.liveBytes();
                if (e == 60) at[1] = CpuStorage.liveBytes();
            }
            at[2] = CpuStorage.liveBytes();
            assertTrue(at[1] <= at[0] || at[2] <= at[1], "live bytes grew from " + at[0] + " to " + at[1] + " to " + at[2]);
        }
    }

    /**
     * Live bytes once the GC has run the cleaners of storages earlier tests left unreachable: with a small young
     * generation (-Xmn256m) a collection during a test freed 0.8 MB of them and broke an exact before/after check.
     */
    private static long settledLiveBytes() throws InterruptedException {
        long last = -1;
        for (int i = 0; i < 50; i++) {
            System.gc();
            Thread.sleep(20);
            long now = CpuStorage.liveBytes();
            if (now == last) return now;
            last = now;
        }
        return last;
    }

    @Test void closingTheLoaderFreesBatchesPreparedAhead() throws Exception {
        long before = settledLiveBytes();
        var loader = loader(3).prefetch(3);
        var it = loader.iterator();
        it.next().close();
        Thread.sleep(100);                                   // let the workers fill the queue
        loader.close();
        assertEquals(before, CpuStorage.liveBytes());
        assertThrows(IllegalStateException.class, loader::iterator);
    }

    @Test void atMostPrefetchBatchesAreMadeAhead() throws Exception {
        AtomicInteger made = new AtomicInteger();
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) ids.add(i);
        try (var loader = DataLoader.of(ids, i -> { made.incrementAndGet(); return i; }).numWorkers(2).prefetch(3)) {
            var it = loader.iterator();
            awaitCount(made, 3);
            Thread.sleep(100);                               // and no more follow while nothing is consumed
            assertEquals(3, made.get());
            try (Batch b = it.next()) { assertEquals(0L, b.tensor().itemLong()); }
            awaitCount(made, 4);
            Thread.sleep(100);
            assertEquals(4, made.get());
        }
    }

    private static void awaitCount(AtomicInteger n, int want) throws InterruptedException {
        for (int i = 0; i < 500 && n.get() < want; i++) Thread.sleep(10);
        assertEquals(want, n.get());
    }

    @Test void transformErrorsNameTheItem() {
        try (var loader = DataLoader.of(List.of(1, 2, 3), i -> { if (i == 2) throw new IllegalArgumentException("bad " + i); return i; }).numWorkers(2)) {
            var it = loader.iterator();
            it.next().close();
            var e = assertThrows(IllegalStateException.class, it::next);
            assertTrue(e.getMessage().contains("item 1") && e.getMessage().contains("bad 2"), e.getMessage());
        }
    }

    @Test void collateFlattensListsAndCollatesPerKey() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.ones(1, 2, 2), b = Tensor.zeros(1, 2, 2);
            MetaTensor m = MetaTensor.of(Tensor.ones(1, 2, 2));
            m.meta().put("filename_or_obj", "m.nii");
            try (Batch batch = Collate.listDataCollate(List.of(
                    List.of(Map.of("x", a, "n", 1, "f", 0.5, "s", "a"), Map.of("x", b, "n", 2, "f", 1.5, "s", "b")),
                    List.of(Map.of("x", m, "n", 3, "f", 2.5, "s", "c"))))) {
                assertEquals(3, batch.size());
                assertArrayEquals(new long[]{3, 1, 2, 2}, batch.tensor("x").shape());
                assertArrayEquals(new float[]{1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1}, batch.tensor("x").toFloatArray());
                assertArrayEquals(new long[]{1, 2, 3}, batch.tensor("n").toLongArray());
                assertArrayEquals(new double[]{0.5, 1.5, 2.5}, batch.tensor("f").toDoubleArray());
                assertEquals(List.of("a", "b", "c"), batch.list("s"));
                assertTrue(batch.meta("x").isEmpty());       // the first sample was a plain tensor
                assertTrue(batch.byteSize() > 0);
            }
            try (Batch batch = Collate.listDataCollate(List.of(m, m))) {
                assertEquals("m.nii", batch.meta(Batch.DEFAULT_KEY).get(1).get("filename_or_obj"));
                assertArrayEquals(new long[]{2, 1, 2, 2}, batch.tensor().shape());
            }
            var e = assertThrows(IllegalArgumentException.class, () -> Collate.listDataCollate(List.of(Map.of("x", a), Map.of("x", Tensor.ones(3)))));
            assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("different shapes"), e.getMessage());
        }
    }

    @Test void batchOwnsItsTensors() {
        Batch b;
        Tensor t;
        try (Scope s = Scope.open()) {
            b = Collate.listDataCollate(List.of(Tensor.ones(2), Tensor.ones(2))).releaseFromScope();
        }
        t = b.tensor();
        try (Tensor sum = t.sum()) { assertEquals(4.0, sum.item()); }     // survived the scope
        b.close();
        assertThrows(RuntimeException.class, t::toFloatArray);
        assertThrows(IllegalStateException.class, () -> b.get(""));
    }
}
