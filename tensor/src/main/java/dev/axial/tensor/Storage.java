package dev.axial.tensor;

/**
 * A buffer of {@code numel} elements of one dtype on one device, with exactly one owner: the {@link Scope}
 * it was made in, or (made outside any scope) whoever holds the tensor, who frees it with {@link Tensor#close()}.
 * Views share their base tensor's storage. Freeing twice is harmless; using a freed storage throws
 * {@link UseAfterFreeException} naming the op and, in debug mode, where the buffer was freed.
 */
public abstract class Storage {
    private final DType dtype;
    private final long numel;
    private volatile boolean freed;
    private volatile Throwable freedAt;
    Scope owner;

    protected Storage(DType dtype, long numel) {
        this.dtype = dtype;
        this.numel = numel;
    }

    public final DType dtype() { return dtype; }

    public final long numel() { return numel; }

    public final long byteSize() { return numel * dtype.byteSize(); }

    public abstract Device device();

    public final boolean isFreed() { return freed; }

    /** Throws {@link UseAfterFreeException} if this storage was freed; {@code op} names the operation that tried. */
    public final void checkAlive(String op) {
        if (freed) throw new UseAfterFreeException(op, this, freedAt);
    }

    /** Frees the buffer now; later use throws. Idempotent. */
    public final synchronized void free() {
        if (freed) return;
        freed = true;
        if (Debug.enabled()) freedAt = new Throwable("storage freed here (thread " + Thread.currentThread().getName() + ")");
        release();
    }

    /** Returns the memory to the backend's allocator; called once. */
    protected abstract void release();

    @Override public String toString() {
        return "Storage(" + dtype + "[" + numel + "] on " + device() + (freed ? ", freed" : "") + ")";
    }
}
