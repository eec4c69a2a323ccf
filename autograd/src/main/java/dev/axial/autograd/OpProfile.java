package dev.axial.autograd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a training step's time goes, op by op: while a profile is open, every recorded op (forward) and every
 * backward formula is timed on the wall clock, with {@code sync} (the device's synchronize) run at each boundary so
 * queued GPU work is charged to the op that queued it. Forward time is charged from the previous boundary, so work
 * between recorded ops (tensor creation, ops without a graph) goes to the next recorded op; {@link #mark()} starts a
 * region. For one thread at a time; the syncs make the profiled steps slower than real ones.
 *
 * <pre>{@code
 * try (OpProfile p = OpProfile.start(CudaContext.get(0)::synchronize)) {
 *     p.mark();
 *     loss.forward(net.forward(x), y).backward();
 *     System.out.print(p.table(25));
 * }
 * }</pre>
 */
public final class OpProfile implements AutoCloseable {
    private static volatile OpProfile active;

    private final Runnable sync;
    private final Map<String, long[]> spent = new HashMap<>();   // name -> {nanos, calls}
    private long mark;

    private OpProfile(Runnable sync) { this.sync = sync; }

    /** Opens the profile (one at a time); {@code sync} waits for the device's queued work. */
    public static OpProfile start(Runnable sync) {
        if (active != null) throw new IllegalStateException("OpProfile.start: a profile is already open");
        OpProfile p = new OpProfile(sync);
        p.mark();
        active = p;
        return p;
    }

    /** Starts a region here: the time before it is charged to nothing. */
    public void mark() {
        sync.run();
        mark = System.nanoTime();
    }

    /** Charges the time since the last boundary to {@code name} (for work outside the graph: an optimizer step). */
    public void charge(String name) {
        sync.run();
        long now = System.nanoTime();
        add(name, now - mark);
        mark = now;
    }

    static void forward(String op) {
        OpProfile p = active;
        if (p != null) p.charge("forward  " + op);
    }

    static void beforeBackward() {
        OpProfile p = active;
        if (p != null) p.mark();
    }

    static void backward(String op) {
        OpProfile p = active;
        if (p != null) p.charge("backward " + op);
    }

    private void add(String name, long nanos) {
        long[] a = spent.computeIfAbsent(name, k -> new long[2]);
        a[0] += nanos;
        a[1]++;
    }

    /** Total milliseconds charged so far. */
    public double totalMillis() { return spent.values().stream().mapToLong(a -> a[0]).sum() / 1e6; }

    /** The {@code rows} costliest names: total ms, share, calls, ms per call. */
    public String table(int rows) {
        List<Map.Entry<String, long[]>> e = new ArrayList<>(spent.entrySet());
        e.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        double total = totalMillis();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-36s %10s %6s %7s %9s%n", "op", "total ms", "share", "calls", "ms/call"));
        for (Map.Entry<String, long[]> x : e.subList(0, Math.min(rows, e.size()))) {
            double ms = x.getValue()[0] / 1e6;
            sb.append(String.format(Locale.ROOT, "%-36s %10.2f %5.1f%% %7d %9.4f%n", x.getKey(), ms, 100 * ms / total,
                    x.getValue()[1], ms / x.getValue()[1]));
        }
        sb.append(String.format(Locale.ROOT, "%-36s %10.2f%n", "all", total));
        return sb.toString();
    }

    @Override public void close() { active = null; }
}
