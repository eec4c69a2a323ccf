package dev.axial.data;

import dev.axial.tensor.Device;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.transforms.Determinism;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Batches a list of items through a per-item transform, on worker threads that prepare batches ahead while the
 * consumer trains (PyTorch's/MONAI's {@code DataLoader}: batch size, shuffle, workers, {@code list_data_collate}).
 *
 * <pre>{@code
 * var crop = new dev.axial.transforms.croppad.RandCropByPosNegLabeld(List.of("img", "seg"), "seg", 96, 96, 96).numSamples(4);
 * try (var loader = new DataLoader<>(items, (item, rs) -> crop.apply(item, rs)).batchSize(2).shuffle(true).numWorkers(4)) {
 *     for (int epoch = 0; epoch < 10; epoch++)
 *         for (Batch b : loader.epoch(epoch))
 *             try (b) { train(b.tensor("img"), b.tensor("seg")); }      // (8, 1, 96, 96, 96)
 * }
 * }</pre>
 *
 * Or over a MONAI-style {@link Dataset} / {@link CacheDataset} with a {@link dev.axial.transforms.Compose}:
 * {@code new DataLoader<>(new CacheDataset<>(items, compose)).batchSize(2).shuffle(true).numWorkers(2)}.
 *
 * <p>Determinism: item {@code i} of epoch {@code e} is transformed with its own
 * {@code RandomState(seed(baseSeed, e, i))} (the base seed is {@link #seed(long)}'s, by default the
 * {@code Determinism.setDeterminism} seed, else 0), and the epoch's order is a permutation drawn from a state seeded by
 * {@code (baseSeed, e)}; so the batches do not depend on the number of workers or on scheduling. The transform
 * must therefore take its randomness from the state it is given (the transforms here have such overloads) and be
 * safe to call from several threads at once.
 *
 * <p>Memory: each batch is made inside a scope on its worker; the collated tensors are moved out of it and owned
 * by the {@link Batch}, everything else the transform made is freed there. The consumer closes each batch. At most
 * {@code prefetch} finished or running batches wait ahead of the consumer; batches not consumed when an epoch is
 * left early are freed when the next epoch starts or the loader closes.
 *
 * @param <T> the item type (a map of paths or tensors, a record, ...)
 */
public final class DataLoader<T> implements Iterable<Batch>, AutoCloseable {
    /** A per-item transform given the item's own random state; returns a sample, a map, or a list of them. */
    @FunctionalInterface
    public interface ItemTransform<T> {
        Object apply(T item, RandomState rs);
    }

    private static final AtomicInteger POOLS = new AtomicInteger();

    /** Where item {@code i} comes from: the list and item transform, or a {@link Dataset}. */
    private interface Source {
        int size();

        Object get(int i, RandomState rs);
    }

    private final Source source;
    private int batchSize = 1;
    private boolean shuffle;
    private long seed = Determinism.getSeed().orElse(0);
    private int numWorkers;
    private int prefetch = -1;
    private boolean dropLast;
    private Function<List<Object>, Batch> collate = Collate::listDataCollate;
    private Device pinDevice;   // null: batches in ordinary host memory

    private ExecutorService pool;
    private EpochIterator active;
    private int nextEpoch;
    private boolean closed;

    /** A loader over {@code data} (not copied; do not change it while loading) with a transform that draws from {@code rs}. */
    public DataLoader(List<T> data, ItemTransform<T> transform) {
        if (data == null || transform == null) throw new IllegalArgumentException("DataLoader: data and transform are required");
        this.source = new Source() {
            @Override public int size() { return data.size(); }

            @Override public Object get(int i, RandomState rs) { return transform.apply(data.get(i), rs); }
        };
    }

    /**
     * A loader over a {@link Dataset} (MONAI's {@code DataLoader(dataset)}): item {@code i} is
     * {@code dataset.get(i, rs)} with the item's own generator, so a {@link CacheDataset} runs only its random part
     * here. The loader does not close the dataset.
     */
    public DataLoader(Dataset<T> dataset) {
        if (dataset == null) throw new IllegalArgumentException("DataLoader: the dataset is required");
        this.source = new Source() {
            @Override public int size() { return dataset.size(); }

            @Override public Object get(int i, RandomState rs) { return dataset.get(i, rs); }
        };
    }

    /** A loader whose transform is not random. */
    public static <T> DataLoader<T> of(List<T> data, Function<T, Object> transform) {
        return new DataLoader<>(data, (item, rs) -> transform.apply(item));
    }

    /** Items per batch before flattening list outputs (default 1, as PyTorch). */
    public DataLoader<T> batchSize(int n) {
        if (n < 1) throw new IllegalArgumentException("DataLoader: batch_size must be positive, got " + n);
        this.batchSize = n;
        return this;
    }

    /** Reshuffle the order every epoch (default false). */
    public DataLoader<T> shuffle(boolean b) { this.shuffle = b; return this; }

    /**
     * The base seed of the order and of every item's random state. Default: the seed of
     * {@link Determinism#setDeterminism} when one was set before the loader was made, else 0.
     */
    public DataLoader<T> seed(long s) { this.seed = s; return this; }

    /** Worker threads (default 0: batches are made on the consumer's thread when asked for). */
    public DataLoader<T> numWorkers(int n) {
        if (n < 0) throw new IllegalArgumentException("DataLoader: num_workers must be >= 0, got " + n);
        checkNotStarted("numWorkers");
        this.numWorkers = n;
        return this;
    }

    /**
     * Put every batch's tensors in page-locked memory of cuda:0 ({@link #pinMemoryDevice} for another GPU), as
     * PyTorch's {@code pin_memory=True}: the copy happens on the loader's threads, and the training loop's
     * {@code to(cuda)} then runs at the copy engine's speed (default false).
     */
    public DataLoader<T> pinMemory(boolean pin) {
        checkNotStarted("pinMemory");
        this.pinDevice = pin ? (pinDevice == null ? Device.cuda(0) : pinDevice) : null;
        return this;
    }

    /** The GPU whose pinned memory {@link #pinMemory} uses (PyTorch's {@code pin_memory_device}); turns pinning on. */
    public DataLoader<T> pinMemoryDevice(Device cudaDevice) {
        checkNotStarted("pinMemoryDevice");
        if (cudaDevice == null || cudaDevice.isCpu())
            throw new IllegalArgumentException("DataLoader: pin_memory_device must be a GPU, got " + cudaDevice);
        this.pinDevice = cudaDevice;
        return this;
    }

    /** Batches prepared ahead at most (default 2 per worker, PyTorch's prefetch_factor). */
    public DataLoader<T> prefetch(int n) {
        if (n < 1) throw new IllegalArgumentException("DataLoader: prefetch must be positive, got " + n);
        this.prefetch = n;
        return this;
    }

    /** Drop the last incomplete batch (default false). */
    public DataLoader<T> dropLast(boolean b) { this.dropLast = b; return this; }

    /** The collate function (default {@link Collate#listDataCollate}); it must return a batch of new tensors. */
    public DataLoader<T> collate(Function<List<Object>, Batch> f) { this.collate = f; return this; }

    /** Batches per epoch. */
    public int size() { int n = source.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize; }

    /** The next epoch (0, 1, 2, ... over successive calls). */
    @Override public Iterator<Batch> iterator() { return epoch(nextEpoch).iterator(); }

    /** The batches of epoch {@code e}: the same for the same seed, whatever the workers. */
    public synchronized Iterable<Batch> epoch(int e) {
        if (closed) throw new IllegalStateException("DataLoader: closed");
        return () -> start(e);
    }

    private synchronized EpochIterator start(int e) {
        if (closed) throw new IllegalStateException("DataLoader: closed");
        if (active != null) active.drain();
        nextEpoch = e + 1;
        active = new EpochIterator(e);
        return active;
    }

    /** The item order of epoch {@code e}. */
    int[] order(int e) {
        int[] idx = new int[source.size()];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        if (shuffle) new RandomState(mix(seed, e, -1)).shuffle(idx);
        return idx;
    }

    /** The seed of item {@code index} in epoch {@code e}: a 32-bit hash of (base seed, epoch, index). */
    public long itemSeed(int e, int index) { return mix(seed, e, index); }

    private static long mix(long seed, long epoch, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + (index + 1) * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & 0xFFFFFFFFL;
    }

    private Batch prepare(int e, int[] indices) {
        try (Scope s = Scope.open()) {
            List<Object> outs = new ArrayList<>(indices.length);
            for (int i : indices) {
                Object o;
                try {
                    o = source.get(i, new RandomState(itemSeed(e, i)));
                } catch (RuntimeException ex) {
                    throw new IllegalStateException("DataLoader: the transform failed on item " + i + " (epoch " + e + "): " + ex.getMessage(), ex);
                }
                if (o == null) throw new IllegalStateException("DataLoader: the transform returned null for item " + i);
                outs.add(o);
            }
            Batch b = collate.apply(outs);
            return (pinDevice == null ? b : b.pinned(pinDevice)).releaseFromScope();
        }
    }

    private synchronized ExecutorService pool() {
        if (pool == null) {
            int id = POOLS.incrementAndGet();
            AtomicInteger n = new AtomicInteger();
            pool = Executors.newFixedThreadPool(numWorkers, r -> {
                Thread t = new Thread(r, "axial-loader-" + id + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    private void checkNotStarted(String what) {
        if (pool != null) throw new IllegalStateException("DataLoader." + what + ": the loader has already started");
    }

    /** Frees batches prepared but not consumed and stops the workers. Idempotent. */
    @Override public synchronized void close() {
        if (closed) return;
        closed = true;
        if (active != null) active.drain();
        if (pool != null) {
            pool.shutdownNow();
            try {
                if (!pool.awaitTermination(30, TimeUnit.SECONDS))
                    throw new IllegalStateException("DataLoader.close: workers did not stop within 30 s");
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final class EpochIterator implements Iterator<Batch> {
        private final int epoch;
        private final int[] order;
        private final int batches;
        private final ArrayDeque<Future<Batch>> ahead = new ArrayDeque<>();
        private int submitted, consumed;
        private boolean drained;

        EpochIterator(int epoch) {
            this.epoch = epoch;
            this.order = order(epoch);
            this.batches = size();
            if (numWorkers > 0) fill();
        }

        private int[] indices(int b) {
            int from = b * batchSize, to = Math.min(from + batchSize, order.length);
            int[] idx = new int[to - from];
            System.arraycopy(order, from, idx, 0, idx.length);
            return idx;
        }

        private void fill() {
            int limit = prefetch > 0 ? prefetch : 2 * numWorkers;
            while (submitted < batches && ahead.size() < limit) {
                int[] idx = indices(submitted++);
                ahead.add(pool().submit(() -> prepare(epoch, idx)));
            }
        }

        @Override public boolean hasNext() { return !drained && consumed < batches; }

        @Override public Batch next() {
            synchronized (DataLoader.this) {
                if (!hasNext()) throw new NoSuchElementException("DataLoader: epoch " + epoch + " has " + batches + " batches");
                if (numWorkers == 0) return prepare(epoch, indices(consumed++));
                Future<Batch> f = ahead.poll();
                consumed++;
                try {
                    Batch b = f.get();
                    fill();
                    return b;
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("DataLoader: interrupted while waiting for batch " + (consumed - 1), ex);
                } catch (ExecutionException ex) {
                    drain();
                    Throwable c = ex.getCause();
                    throw c instanceof RuntimeException r ? r : new IllegalStateException("DataLoader: batch " + (consumed - 1) + " failed", c);
                }
            }
        }

        /** Frees what was prepared ahead and not consumed; cancels what has not started. */
        void drain() {
            drained = true;
            for (Future<Batch> f; (f = ahead.poll()) != null; ) {
                if (f.cancel(false)) continue;
                try {
                    f.get().close();
                } catch (CancellationException | ExecutionException ignored) {
                    // NOTE: a failed batch owns nothing: its worker scope freed what it made
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
