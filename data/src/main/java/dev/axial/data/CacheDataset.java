package dev.axial.data;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.Compose;
import dev.axial.transforms.Transform;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * MONAI's {@code CacheDataset}: the deterministic prefix of the transform (the members before the first random
 * one) runs once per item when the dataset is made, and only the rest runs when an item is read. The first
 * {@code min(cacheNum, (int) (size * cacheRate), size)} items are cached (MONAI's rule), on {@code numWorkers}
 * threads (MONAI's default: one per core); the others run the whole transform on every read. Nothing is cached when
 * the first member is random, or when the transform is a random composition ({@code OneOf}, {@code SomeOf},
 * {@code RandomOrder}) rather than a plain Compose.
 *
 * <pre>{@code
 * var train = new Compose(new LoadImaged("image", "label"), new ScaleIntensityd("image"),          // cached
 *         new RandCropByPosNegLabeld(List.of("image", "label"), "label", 96, 96, 96).numSamples(4)); // per read
 * try (var ds = new CacheDataset<>(files, train, 1.0, 4);
 *      var loader = new DataLoader<>(ds).batchSize(2).shuffle(true).numWorkers(2)) { ... }
 * }</pre>
 *
 * <p>Results: a read gives exactly what {@link Dataset} gives for the same generator, since the prefix draws nothing
 * (Compose seeds only its random members). Memory: the tensors the prefix makes are owned by the dataset and freed
 * by {@link #close()}; tensors of the input items that the prefix passes through unchanged stay the caller's. Reads
 * never change the cache (transforms do not change their inputs, so MONAI's {@code copy_cache} deep copy is not
 * needed); what a read returns may share storage with the cache, so use it before closing the dataset.
 *
 * @param <T> the item type
 */
public final class CacheDataset<T> extends Dataset<T> {
    private final int firstRandom;
    private final List<Object> cache;
    private final List<Tensor> owned = new ArrayList<>();
    private boolean closed;

    /** Caches every item on one thread per core (MONAI's defaults cache_rate=1.0, num_workers=None). */
    public CacheDataset(List<T> data, Transform transform) {
        this(data, transform, 1.0, Runtime.getRuntime().availableProcessors());
    }

    /** Caches the first {@code (int) (size * cacheRate)} items on {@code numWorkers} threads (0: this thread). */
    public CacheDataset(List<T> data, Transform transform, double cacheRate, int numWorkers) {
        this(data, transform, Integer.MAX_VALUE, cacheRate, numWorkers);
    }

    /** MONAI's cache_num, cache_rate and num_workers. */
    public CacheDataset(List<T> data, Transform transform, int cacheNum, double cacheRate, int numWorkers) {
        super(data, transform);
        if (!(cacheRate >= 0 && cacheRate <= 1)) throw new IllegalArgumentException("CacheDataset: cache_rate must be in [0, 1], got " + cacheRate);
        if (numWorkers < 0) throw new IllegalArgumentException("CacheDataset: num_workers must be >= 0, got " + numWorkers);
        int n = Math.max(0, Math.min(Math.min(cacheNum, (int) (data.size() * cacheRate)), data.size()));
        // a OneOf / SomeOf / RandomOrder picks its members at random: nothing of it can be cached
        this.firstRandom = transform().getClass() == Compose.class ? transform().indexOfFirstRandom() : 0;
        if (firstRandom == 0) n = 0;
        this.cache = fill(n, numWorkers);
    }

    /** Items cached. */
    public int cacheNum() { return cache.size(); }

    /** The index in the transform where the cached prefix ends (the first random member; the size when none is). */
    public int firstRandom() { return firstRandom; }

    @Override public Object get(int i, RandomState rs) {
        item(i);
        if (i >= cache.size()) return super.get(i, rs);
        Compose c = transform();
        return c.apply(cached(i), rs, firstRandom, c.transforms().size());
    }

    @Override public Object get(int i) {
        item(i);
        if (i >= cache.size()) return super.get(i);
        Compose c = transform();
        return c.apply(cached(i), firstRandom, c.transforms().size());
    }

    private Object cached(int i) {
        synchronized (this) {
            if (closed) throw new IllegalStateException("CacheDataset: closed");
        }
        return cache.get(i);
    }

    private List<Object> fill(int n, int workers) {
        List<Object> out = new ArrayList<>(n);
        try {
            if (workers <= 1 || n <= 1) {
                for (int i = 0; i < n; i++) out.add(adopt(prefix(i)));
                return out;
            }
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(workers, n), r -> {
                Thread t = new Thread(r, "axial-cache");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<Prefix>> jobs = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    int idx = i;
                    jobs.add(pool.submit(() -> prefix(idx)));
                }
                for (Future<Prefix> f : jobs) out.add(adopt(get(f)));
            } finally {
                pool.shutdownNow();
            }
            return out;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static Prefix get(Future<Prefix> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("CacheDataset: interrupted while caching", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException("CacheDataset: caching failed", e.getCause());
        }
    }

    /** The prefix's output for item {@code i} and the tensors it made (moved out of the worker's scope). */
    private record Prefix(Object value, List<Tensor> made) {}

    private Prefix prefix(int i) {
        try (Scope s = Scope.open()) {
            Object v;
            try {
                v = transform().apply(item(i), 0, firstRandom);
            } catch (RuntimeException e) {
                throw new IllegalStateException("CacheDataset: caching item " + i + " failed: " + e.getMessage(), e);
            }
            List<Tensor> made = new ArrayList<>();
            collect(v, s, made);
            for (Tensor t : made) Scope.release(t);
            return new Prefix(v, made);
        }
    }

    private synchronized Object adopt(Prefix p) {
        owned.addAll(p.made());
        return p.value();
    }

    /** The tensors in {@code v} whose storage {@code s} owns (each storage once). */
    private static void collect(Object v, Scope s, List<Tensor> out) {
        switch (v) {
            case Tensor t -> {
                if (s.owns(t)) {
                    for (Tensor o : out) if (o.storage() == t.storage()) return;
                    out.add(t);
                }
            }
            case MetaTensor m -> collect(m.array(), s, out);
            case Map<?, ?> m -> { for (Object o : m.values()) collect(o, s, out); }
            case Collection<?> c -> { for (Object o : c) collect(o, s, out); }
            case null, default -> { }
        }
    }

    /** Frees the cached tensors the prefix made. Idempotent; reads fail afterwards. */
    @Override public synchronized void close() {
        if (closed) return;
        closed = true;
        for (Tensor t : owned) t.close();
        owned.clear();
    }
}
