package dev.axial.tensor.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;

/**
 * The CPU backend's one worker pool: persistent threads, coarse splits (one chunk per thread, each at least
 * {@code grain} items), so small ops run on the caller alone and pay no hand-off. Nested calls from inside a
 * worker run serially. The thread count is {@code AXIAL_NUM_THREADS} (or {@code -Daxial.threads}), else every core.
 *
 * <pre>{@code
 * Parallel.forRange(n, 1 << 15, (start, end) -> { for (long i = start; i < end; i++) ... });
 * }</pre>
 */
public final class Parallel {
    /** The body of a parallel loop: handles items [start, end). */
    @FunctionalInterface
    public interface Range {
        void run(long start, long end);
    }

    private static volatile int threads = initialThreads();
    private static volatile ForkJoinPool pool = newPool(threads);

    private Parallel() {}

    private static int initialThreads() {
        String s = System.getProperty("axial.threads", System.getenv("AXIAL_NUM_THREADS"));
        if (s != null && !s.isBlank()) {
            try {
                return Math.max(1, Integer.parseInt(s.trim()));
            } catch (NumberFormatException ignored) {
                // fall through to the core count
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    private static ForkJoinPool newPool(int n) {
        return new ForkJoinPool(Math.max(1, n), p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("axial-cpu-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        }, null, false);
    }

    /** Threads the CPU backend uses. */
    public static int threads() { return threads; }

    /** Sets the thread count (1 = serial); results do not depend on it. */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
        if (n == threads) return;
        ForkJoinPool old = pool;
        pool = newPool(n);
        threads = n;
        old.shutdown();
    }

    private static boolean inWorker() {
        return Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == pool;
    }

    /** Runs body over [0, n) split into at most threads() chunks of at least {@code grain} items. */
    public static void forRange(long n, long grain, Range body) {
        if (n <= 0) return;
        int t = threads;
        long chunks = Math.min(t, Math.max(1, n / Math.max(1, grain)));
        if (chunks <= 1 || inWorker()) {
            body.run(0, n);
            return;
        }
        forChunks(n, (int) chunks, body);
    }

    /** Runs body over [0, n) in exactly {@code chunks} near-equal pieces, in parallel (caller runs the first). */
    public static void forChunks(long n, int chunks, Range body) {
        if (chunks <= 1 || inWorker()) {
            body.run(0, n);
            return;
        }
        RecursiveAction[] tasks = new RecursiveAction[chunks - 1];
        for (int c = 1; c < chunks; c++) {
            long s = n * c / chunks, e = n * (c + 1) / chunks;
            tasks[c - 1] = new RecursiveAction() {
                @Override protected void compute() { body.run(s, e); }
            };
        }
        ForkJoinPool p = pool;
        for (RecursiveAction a : tasks) p.execute(a);
        Throwable failure = null;
        try {
            body.run(0, n / chunks);
        } catch (Throwable e) {
            failure = e;
        }
        for (RecursiveAction a : tasks) {
            try {
                a.join();
            } catch (Throwable e) {
                if (failure == null) failure = e;
            }
        }
        if (failure instanceof RuntimeException re) throw re;
        if (failure instanceof Error er) throw er;
        if (failure != null) throw new RuntimeException(failure);
    }

    /** For tests: is the pool idle (all tasks finished)? */
    static boolean quiescent() { return ForkJoinTask.inForkJoinPool() || pool.isQuiescent(); }
}
