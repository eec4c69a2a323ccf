package dev.axial.benchmarks.transforms;

import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.cpu.Parallel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Items per second of the whole {@link SpleenPipeline} with 1, 2, ... worker threads (each item on one thread:
 * {@code Parallel.setThreads(1)}, items spread over a plain fixed pool as a DataLoader's workers would), and the
 * scaling against one worker. Issue 7's target: items/s scale at least 0.7 × cores.
 *
 * <pre>{@code java ... dev.axial.benchmarks.transforms.SpleenPipelineScaling [items=8] [workers=1,2] [rounds=2]}</pre>
 */
public final class SpleenPipelineScaling {
    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int[] workers = args.length > 1 ? Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, Runtime.getRuntime().availableProcessors()};
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Parallel.setThreads(1);
        Path dir = SpleenData.ensure(SpleenData.defaultDir());
        Map<String, Object> item = SpleenPipeline.item(dir);
        SpleenPipeline p = new SpleenPipeline();
        for (int w = 0; w < 2; w++) run(p, item, 1, 2);   // warm-up
        double base = 0;
        System.out.printf("items=%d, cores=%d%n", items, Runtime.getRuntime().availableProcessors());
        for (int r = 0; r < rounds; r++)
            for (int w : workers) {
                double s = run(p, item, w, items);
                double ips = items / s;
                if (w == 1) base = ips;
                System.out.printf("round %d workers %d: %.2f s, %.3f items/s, scaling %.2f x%n", r, w, s, ips, base > 0 ? ips / base : Double.NaN);
            }
    }

    static double run(SpleenPipeline p, Map<String, Object> item, int workers, int items) throws Exception {
        ExecutorService ex = Executors.newFixedThreadPool(workers);
        try {
            long t0 = System.nanoTime();
            List<Future<Integer>> fs = new ArrayList<>();
            for (int i = 0; i < items; i++) {
                long seed = i;
                fs.add(ex.submit(() -> {
                    try (Scope s = Scope.open()) {
                        return p.apply(item, new RandomState(seed)).size();
                    }
                }));
            }
            for (Future<Integer> f : fs) f.get();
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            ex.shutdown();
        }
    }
}
