package dev.axial.tensor.cuda;

import dev.axial.tensor.DType;
import dev.axial.tensor.Debug;
import dev.axial.tensor.Device;
import dev.axial.tensor.Storage;
import dev.axial.tensor.Tensor;

import java.lang.ref.Cleaner;

/**
 * Device memory for one tensor buffer: a block of its context's {@link CachingAllocator}. Freeing (by the owning
 * {@link dev.axial.tensor.Scope} or close()) returns the block to the allocator's cache; a storage nobody freed is
 * given back by the Cleaner once unreachable (reported in debug mode).
 *
 * <pre>{@code
 * long p = CudaStorage.address(t);   // device address of t's first element: base + offset * elementSize
 * }</pre>
 */
public final class CudaStorage extends Storage {
    private static final Cleaner CLEANER = Cleaner.create();

    private final CudaContext ctx;
    private final long address;
    private final Release release;
    private final Cleaner.Cleanable cleanable;

    /** Returns the block at most once: from release(), or from the Cleaner for a leaked storage. */
    private static final class Release implements Runnable {
        private final CachingAllocator allocator;
        private final CachingAllocator.Block block;
        private final String what;
        private volatile boolean released;

        Release(CachingAllocator allocator, CachingAllocator.Block block, String what) {
            this.allocator = allocator;
            this.block = block;
            this.what = what;
        }

        @Override public void run() {
            if (!released && Debug.enabled()) System.err.println("axial: leaked " + what + " freed by the GC (no scope or close() owned it)");
            allocator.free(block);
        }
    }

    /** {@code numel} elements of {@code dtype} on {@code ctx}'s device, contents undefined. */
    public CudaStorage(CudaContext ctx, DType dtype, long numel) {
        super(dtype, numel);
        if (numel < 0) throw new IllegalArgumentException("CudaStorage: negative size " + numel);
        long bytes = Math.multiplyExact(numel, (long) dtype.byteSize());
        this.ctx = ctx;
        CachingAllocator.Block block = ctx.allocator().allocate(bytes);
        this.address = block.address();
        this.release = new Release(ctx.allocator(), block, dtype + "[" + numel + "] on " + ctx.device());
        this.cleanable = CLEANER.register(this, release);
    }

    /** The device address of element 0 of the buffer. */
    public long address() { return address; }

    /** The allocator's block (for tests and leak hunting). */
    CachingAllocator.Block block() { return release.block; }

    /** The context (device) this memory belongs to. */
    public CudaContext context() { return ctx; }

    @Override public Device device() { return ctx.device(); }

    @Override protected void release() {
        release.released = true;
        cleanable.clean();
    }

    /**
     * The device address of {@code t}'s first element (storage base + offset * element size); throws if t is not a
     * CUDA tensor or was freed.
     */
    public static long address(Tensor t) {
        if (!(t.storage() instanceof CudaStorage s))
            throw new IllegalArgumentException("expected a CUDA tensor, got " + t.describe());
        s.checkAlive("CudaStorage.address");
        return s.address + t.offset() * t.dtype().byteSize();
    }
}
