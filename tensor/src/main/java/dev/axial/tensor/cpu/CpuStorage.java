package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import dev.axial.tensor.Debug;
import dev.axial.tensor.Device;
import dev.axial.tensor.Storage;

import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;

/**
 * Off-heap host memory from {@link HostAllocator} (64-byte aligned, for full-width vector loads). Freed by
 * its owner (a scope or close()); if the owner forgets, the Cleaner frees it once the storage is unreachable
 * and, in debug mode, reports the leak.
 */
public final class CpuStorage extends Storage {
    private static final Cleaner CLEANER = Cleaner.create();

    private final MemorySegment segment;
    private final Block block;
    private final Cleaner.Cleanable cleanable;

    /** The native block; runs at most once: from release(), or from the Cleaner for a leaked storage. */
    private static final class Block implements Runnable {
        private final long address, size, numel;
        private final DType dtype;
        private volatile boolean released;

        Block(long address, long size, DType dtype, long numel) {
            this.address = address;
            this.size = size;
            this.dtype = dtype;
            this.numel = numel;
        }

        @Override public void run() {
            // NOTE: the description is built here, not per allocation: small ops allocate often
            if (!released && Debug.enabled())
                System.err.println("axial: leaked " + dtype + "[" + numel + "] freed by the GC (no scope or close() owned it)");
            HostAllocator.free(address, size);
        }
    }

    public CpuStorage(DType dtype, long numel) {
        super(dtype, numel);
        long bytes = numel * dtype.byteSize();
        long address = HostAllocator.allocate(bytes);
        this.segment = MemorySegment.ofAddress(address).reinterpret(bytes);
        this.block = new Block(address, HostAllocator.roundUp(bytes), dtype, numel);
        this.cleanable = CLEANER.register(this, block);
    }

    /** The elements, as a native segment of exactly {@code numel * byteSize} bytes. */
    public MemorySegment segment() { return segment; }

    @Override public Device device() { return Device.CPU; }

    @Override protected void release() {
        block.released = true;
        cleanable.clean();
    }

    /** Bytes of host memory held by live CPU storages. */
    public static long liveBytes() { return HostAllocator.liveBytes(); }

    /** The most bytes held at once since start. */
    public static long peakBytes() { return HostAllocator.peakBytes(); }
}
