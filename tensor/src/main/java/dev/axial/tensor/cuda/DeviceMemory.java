package dev.axial.tensor.cuda;

/**
 * Raw device memory as the {@link CachingAllocator} sees it: the driver's cuMemAlloc/cuMemFree/cuMemGetInfo on a
 * GPU, a pure-Java fake with a capacity in tests.
 *
 * <pre>{@code
 * DeviceMemory mem = ...;
 * long p = mem.allocate(2 << 20);   // throws CudaOutOfMemoryException when full
 * mem.free(p);
 * long[] freeTotal = mem.info();
 * }</pre>
 */
public interface DeviceMemory {
    /** A new block of exactly {@code bytes} (> 0); throws {@link dev.axial.tensor.cuda.ffi.CudaOutOfMemoryException} when full. */
    long allocate(long bytes);

    /** Returns a block from {@link #allocate}. */
    void free(long address);

    /** {free, total} bytes of the device. */
    long[] info();

    /** Waits until no queued work can still touch memory about to be freed (a no-op for the fake). */
    default void synchronize() {}

    /** What this memory is, for messages: "device", or "pinned host" for page-locked host memory. */
    default String kind() { return "device"; }

    /** The driver call that allocates it, for messages. */
    default String allocateCall() { return "cuMemAlloc_v2"; }
}
