package dev.axial.autograd;

/**
 * Whether operations on {@link Variable}s record a graph, per thread. No-grad mode is scoped: it lasts until the
 * returned handle closes, nests, and never leaks into other threads (data-loader workers, the engine's pool).
 *
 * <pre>{@code
 * try (var ng = GradMode.noGrad()) {
 *     Variable pred = model.forward(x);     // no graph, nothing saved for backward
 * }
 * }</pre>
 */
public final class GradMode {
    private GradMode() {}

    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[]{true});

    /** True when operations on this thread record a graph. */
    public static boolean isEnabled() { return ENABLED.get()[0]; }

    /** Turns graph recording off on this thread until the handle closes (then restores the previous mode). */
    public static Guard noGrad() { return set(false); }

    /** Turns graph recording on on this thread until the handle closes, e.g. inside a no-grad block. */
    public static Guard enableGrad() { return set(true); }

    private static Guard set(boolean on) {
        boolean[] cell = ENABLED.get();
        Guard g = new Guard(cell, cell[0], Thread.currentThread());
        cell[0] = on;
        return g;
    }

    /** Restores the grad mode that was current when it was made; closing twice is harmless. */
    public static final class Guard implements AutoCloseable {
        private final boolean[] cell;
        private final boolean previous;
        private final Thread thread;
        private boolean closed;

        private Guard(boolean[] cell, boolean previous, Thread thread) {
            this.cell = cell;
            this.previous = previous;
            this.thread = thread;
        }

        @Override public void close() {
            if (closed) return;
            if (Thread.currentThread() != thread)
                throw new IllegalStateException("GradMode: a no-grad block is thread-confined; it was opened on " + thread.getName());
            closed = true;
            cell[0] = previous;
        }
    }
}
