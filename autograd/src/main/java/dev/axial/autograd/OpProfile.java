package dev.axial.autograd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a training step's time goes, op by op: while a profile is open, every recorded op (forward) and every
 * backward formula is charged the time from the previous boundary to its own. What a boundary reads is the profile's
 * {@link Clock}: {@link #start(Runnable)} runs {@code sync} (the device's synchronize) and reads the wall clock, so
 * queued GPU work is charged to the op that queued it, at the price of a sync per op (slower steps, and each op pays
 * the launch and sync latency); {@link #start(Clock)} with a device clock (CUDA events, read when the table is made)
 * charges each op the device's time between its boundaries without slowing anything. Forward time is charged from the
 * previous boundary, so work between recorded ops (tensor creation, ops without a graph) goes to the next recorded
 * op; {@link #mark()} starts a region. For one thread at a time.
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

    /**
     * What a boundary reads. {@link #stamp} is called at each boundary and must not wait for the device;
     * {@link #nanos} turns two stamps into the nanoseconds between them, and may wait (it runs when the table is made);
     * {@link #release} frees a stamp once read.
     */
    public interface Clock {
        long stamp();

        long nanos(long from, long to);

        default void release(long stamp) {}
    }

    private final Clock clock;
    private final Map<String, long[]> spent = new HashMap<>();   // name -> {nanos, calls}
    private final List<Object[]> pending = new ArrayList<>();   // {name, from stamp, to stamp} not yet read
    private final List<Long> stamps = new ArrayList<>();        // every stamp not yet released
    private long mark;

    private OpProfile(Clock clock) { this.clock = clock; }

    /** Opens the profile (one at a time) on the wall clock; {@code sync} waits for the device's queued work. */
    public static OpProfile start(Runnable sync) {
        return start(new Clock() {
            @Override public long stamp() {
                sync.run();
                return System.nanoTime();
            }

            @Override public long nanos(long from, long to) { return to - from; }
        });
    }

    /** Opens the profile (one at a time) on {@code clock}, e.g. CUDA events on the device's stream. */
    public static OpProfile start(Clock clock) {
        if (active != null) throw new IllegalStateException("OpProfile.start: a profile is already open");
        OpProfile p = new OpProfile(clock);
        p.mark();
        active = p;
        return p;
    }

    private long stamp() {
        long t = clock.stamp();
        stamps.add(t);
        return t;
    }

    /** Starts a region here: the time before it is charged to nothing. */
    public void mark() { mark = stamp(); }

    /** Charges the time since the last boundary to {@code name} (for work outside the graph: an optimizer step). */
    public void charge(String name) {
        long now = stamp();
        pending.add(new Object[]{name, mark, now});
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

    /** Reads every pending charge (a device clock waits for its stamps here) and frees every stamp but the current mark. */
    private void resolve() {
        for (Object[] c : pending) add((String) c[0], clock.nanos((Long) c[1], (Long) c[2]));
        pending.clear();
        for (long t : stamps) if (t != mark) clock.release(t);
        stamps.clear();
        stamps.add(mark);
    }

    /** Total milliseconds charged so far. */
    public double totalMillis() {
        resolve();
        return spent.values().stream().mapToLong(a -> a[0]).sum() / 1e6;
    }

    /** The {@code rows} costliest names: total ms, share, calls, ms per call. */
    public String table(int rows) {
        resolve();
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

    @Override public void close() {
        try {
            resolve();
            clock.release(mark);
        } finally {
            active = null;
        }
    }
}
