package dev.axial.tensor.cuda;

import dev.axial.tensor.Device;

/**
 * The caching allocator's counters per device, as torch.cuda's memory functions: bytes held by tensors, bytes
 * reserved from the driver, the peak, and emptying the cache.
 *
 * <pre>{@code
 * CudaMemory.resetPeak(Device.cuda(0));
 * trainOneEpoch();
 * long peak = CudaMemory.peakAllocatedBytes(Device.cuda(0));
 * CudaMemory.emptyCache(Device.cuda(0));   // give cached blocks back to the driver
 * }</pre>
 * Each call loads the device's backend if it is not loaded yet (and throws the reason if it cannot load).
 */
public final class CudaMemory {
    private CudaMemory() {}

    private static CachingAllocator allocator(Device d) {
        if (d.isCpu()) throw new IllegalArgumentException("CudaMemory: " + d + " is not a CUDA device");
        return CudaContext.get(d.index()).allocator();
    }

    /** Bytes held by live tensors (block sizes, rounded). */
    public static long allocatedBytes(Device d) { return allocator(d).allocatedBytes(); }

    /** Bytes taken from the driver: live tensors plus the cache. */
    public static long reservedBytes(Device d) { return allocator(d).reservedBytes(); }

    /** The most {@link #allocatedBytes} since start or {@link #resetPeak}. */
    public static long peakAllocatedBytes(Device d) { return allocator(d).peakAllocatedBytes(); }

    public static void resetPeak(Device d) { allocator(d).resetPeak(); }

    /** Returns every wholly free cached segment to the driver. */
    public static void emptyCache(Device d) { allocator(d).emptyCache(); }

    /** {free, total} bytes of the device as the driver reports them. */
    public static long[] deviceInfo(Device d) { return allocator(d).deviceInfo(); }

    /** One line: "cuda:0: 12.00 MiB allocated, 20.00 MiB reserved, peak 16.00 MiB, 3 segments". */
    public static String summary(Device d) { return d + ": " + allocator(d); }
}
