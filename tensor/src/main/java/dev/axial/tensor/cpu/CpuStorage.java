package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import dev.axial.tensor.Debug;
import dev.axial.tensor.Device;
import dev.axial.tensor.Storage;

import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Off-heap host memory from {@link HostAllocator} (64-byte aligned, for full-width vector loads), or page-locked
 * memory from a GPU's pinned pool ({@link #pinned}, behind {@code Tensor.pinMemory}). Freed by its owner (a scope or
 * close()); if the owner forgets, the Cleaner frees it once the storage is unreachable and, in debug mode, reports
 * the leak.
 */
public final class CpuStorage extends Storage {
    private static final Cleaner CLEANER = Cleaner.create();

    private final MemorySegment segment;
    private final Block block;
    private final Cleaner.Cleanable cleanable;

    private static final AtomicLong PINNED_LIVE = new AtomicLong();

    /** The native block; runs at most once: from release(), or from the Cleaner for a leaked storage. */
    private static final class Block implements Runnable {
        private final long address, size, numel;
        private final DType dtype;
        private final Runnable pinnedFree;   // null: HostAllocator's memory
        private volatile boolean released;

        Block(long address, long size, DType dtype, long numel, Runnable pinnedFree) {
            this.address = address;
            this.size = size;
            this.dtype = dtype;
            this.numel = numel;
            this.pinnedFree = pinnedFree;
        }

        @Override public void run() {
            // NOTE: the description is built here, not per allocation: small ops allocate often
            if (!released && Debug.enabled())
                System.err.println("axial: leaked " + dtype + "[" + numel + "] freed by the GC (no scope or close() owned it)");
            if (pinnedFree == null) {
                HostAllocator.free(address, size);
            } else {
                PINNED_LIVE.addAndGet(-size);
                pinnedFree.run();
            }
        }
    }

    public CpuStorage(DType dtype, long numel) {
        super(dtype, numel);
        long bytes = numel * dtype.byteSize();
        long address = HostAllocator.allocate(bytes);
        this.segment = MemorySegment.ofAddress(address).reinterpret(bytes);
        this.block = new Block(address, HostAllocator.roundUp(bytes), dtype, numel, null);
        this.cleanable = CLEANER.register(this, block);
    }

    private CpuStorage(DType dtype, long numel, long address, Runnable free) {
        super(dtype, numel);
        long bytes = numel * dtype.byteSize();
        this.segment = MemorySegment.ofAddress(address).reinterpret(bytes);
        this.block = new Block(address, bytes, dtype, numel, free);
        PINNED_LIVE.addAndGet(bytes);
        this.cleanable = CLEANER.register(this, block);
    }

    /**
     * A CPU storage over page-locked memory at {@code address} (at least {@code numel} elements) that a GPU backend's
     * pinned pool handed out; {@code free} gives it back, once.
     */
    public static CpuStorage pinned(DType dtype, long numel, long address, Runnable free) {
        return new CpuStorage(dtype, numel, address, java.util.Objects.requireNonNull(free, "free"));
    }

    /** True for page-locked memory from a GPU's pinned pool. */
    public boolean isPinned() { return block.pinnedFree != null; }

    /** The elements, as a native segment of exactly {@code numel * byteSize} bytes. */
    public MemorySegment segment() { return segment; }

    @Override public Device device() { return Device.CPU; }

    @Override protected void release() {
        block.released = true;
        cleanable.clean();
    }

    /** Bytes of host memory held by live CPU storages, pinned ones included. */
    public static long liveBytes() { return HostAllocator.liveBytes() + PINNED_LIVE.get(); }

    /** The most bytes of {@link HostAllocator}'s memory held at once since start (pinned memory not included). */
    public static long peakBytes() { return HostAllocator.peakBytes(); }
}
