package dev.axial.tensor;

import java.util.ArrayList;

/**
 * Owns every storage allocated on this thread while it is the innermost open scope, and frees them
 * when it closes. Results that must outlive the scope are moved out with {@link #keep}.
 *
 * <pre>{@code
 * Tensor loss;
 * try (Scope s = Scope.open()) {
 *     Tensor t = x.mul(2).add(1);        // temporaries, freed at the end of the block
 *     loss = s.keep(t.sum());            // moved to the enclosing scope (or to the caller)
 * }
 * }</pre>
 *
 * Scopes are confined to the thread that opened them and nest; closing an outer scope first closes
 * any inner scope still open on this thread.
 */
public final class Scope implements AutoCloseable {
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    private final Scope parent;
    private final Thread thread;
    private final ArrayList<Storage> owned = new ArrayList<>();
    private boolean closed;

    private Scope(Scope parent) {
        this.parent = parent;
        this.thread = Thread.currentThread();
    }

    /** Opens a scope nested in the current one and makes it current on this thread. */
    public static Scope open() {
        Scope s = new Scope(CURRENT.get());
        CURRENT.set(s);
        return s;
    }

    /** The innermost open scope on this thread, or null. */
    public static Scope current() { return CURRENT.get(); }

    /** Called by backends for every new storage: the current scope, if any, takes ownership. */
    static void adopt(Storage s) {
        Scope cur = CURRENT.get();
        if (cur != null) {
            s.owner = cur;
            cur.owned.add(s);
        }
    }

    /**
     * Moves {@code t}'s storage out of this scope: to the enclosing scope, or, if there is none, to the
     * caller, who then frees it with {@link Tensor#close()}. Returns {@code t}.
     */
    public <T extends Tensor> T keep(T t) {
        checkOpen("keep");
        Storage s = t.storage();
        s.checkAlive("Scope.keep");
        if (s.owner != this) {
            throw new IllegalStateException("Scope.keep: the tensor " + t.describe() + " is not owned by this scope"
                    + (s.owner == null ? " (it was made outside any scope)" : " (it belongs to another scope)"));
        }
        moveTo(s, parent);
        return t;
    }

    /** True when {@code t}'s storage is owned by this scope (and not moved out or freed). */
    public boolean owns(Tensor t) {
        Storage s = t.storage();
        return s.owner == this && !s.isFreed();
    }

    /**
     * Moves {@code t}'s storage out of whichever scope owns it (one on this thread) to the caller, who then
     * frees it with {@link Tensor#close()}: for results owned by a long-lived object (a gradient held by its
     * parameter, a module's buffer). A tensor owned by no scope is returned as is. Returns {@code t}.
     */
    public static <T extends Tensor> T release(T t) {
        Storage s = t.storage();
        s.checkAlive("Scope.release");
        Scope owner = s.owner;
        if (owner == null) return t;
        if (owner.thread != Thread.currentThread())
            throw new IllegalStateException("Scope.release: the tensor " + t.describe() + " belongs to a scope of thread " + owner.thread.getName());
        moveTo(s, null);
        return t;
    }

    /** Hands {@code t}'s storage (wherever it is owned) to {@code target}, or to the caller when null. */
    static void moveTo(Storage s, Scope target) {
        s.owner = target;
        if (target != null) target.owned.add(s);
    }

    /** Number of live storages this scope owns (for tests and leak hunting). */
    public int ownedCount() {
        int n = 0;
        for (Storage s : owned) if (s.owner == this && !s.isFreed()) n++;
        return n;
    }

    private void checkOpen(String what) {
        if (closed) throw new IllegalStateException("Scope." + what + ": scope already closed");
        if (Thread.currentThread() != thread)
            throw new IllegalStateException("Scope." + what + ": scopes are thread-confined; opened on " + thread.getName());
    }

    /** Frees every storage still owned by this scope (latest first) and restores the enclosing scope. */
    @Override public void close() {
        if (closed) return;
        if (Thread.currentThread() != thread)
            throw new IllegalStateException("Scope.close: scopes are thread-confined; opened on " + thread.getName());
        // close inner scopes left open (e.g. by an exception between open and try)
        Scope cur = CURRENT.get();
        while (cur != null && cur != this) {
            Scope p = cur.parent;
            cur.close();
            cur = p;
        }
        closed = true;
        for (int i = owned.size() - 1; i >= 0; i--) {
            Storage s = owned.get(i);
            if (s.owner == this) {
                s.owner = null;
                s.free();
            }
        }
        owned.clear();
        CURRENT.set(parent);
    }
}
