package dev.axial.tensor.cuda;

import dev.axial.tensor.Device;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.cuda.ffi.CudaDriver;
import dev.axial.tensor.cuda.ffi.CudaException;
import dev.axial.tensor.cuda.ffi.Cublas;
import dev.axial.tensor.spi.BackendUnavailableException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One CUDA device as Axial drives it: the device's primary context, one non-blocking compute stream on which every
 * kernel, copy, memset and GEMM is queued (so work runs in the order it was issued), the caching allocator, the
 * loaded kernel modules, a pinned staging buffer for host copies and, lazily, a cuBLAS handle. One per device, made
 * on first use and kept for the life of the JVM. The context is made current once on each Java thread that uses it.
 *
 * <pre>{@code
 * CudaContext ctx = CudaContext.of(out);
 * long n = out.numel();
 * ctx.launch("unary", CudaDTypes.kernel("unary", out.dtype()), ctx.gridFor(n, 256), 256, 0,
 *            new KernelArgs().strided(out, in).i32(op.ordinal()));
 * ctx.synchronize();   // only to wait; copies to the host wait by themselves
 * }</pre>
 */
public final class CudaContext {
    private static final ConcurrentHashMap<Integer, Object> CONTEXTS = new ConcurrentHashMap<>();   // CudaContext or failure
    private static final ThreadLocal<CudaContext> CURRENT = new ThreadLocal<>();
    private static final long STAGING_BYTES = 8L << 20;
    private static final int DEFAULT_DYNAMIC_SHARED_LIMIT = 48 << 10;

    private final CudaDriver cu;
    private final Device device;
    private final int ordinal;
    private final long context;
    private final long stream;
    private final String name;
    private final int multiProcessors;
    private final int[] computeCapability;
    private final int maxSharedOptin;
    private final long totalMemory;
    private final CachingAllocator allocator;
    private final CachingAllocator pinnedAllocator;   // page-locked host memory (Tensor.pinMemory)
    private final KernelModules modules = new KernelModules(this);
    private final ConcurrentHashMap<Long, Integer> sharedLimits = new ConcurrentHashMap<>();
    private final ThreadLocal<LaunchBuffer> launchBuffers = ThreadLocal.withInitial(LaunchBuffer::new);
    private MemorySegment staging;      // pinned, guarded by stagingLock
    private final Object stagingLock = new Object();
    private long cublasHandle;          // guarded by this

    /** The native memory of one launch: kernelParams[0] points at the packed struct. */
    private static final class LaunchBuffer {
        final MemorySegment params, args;

        LaunchBuffer() {
            Arena a = Arena.ofAuto();
            args = a.allocate(KernelArgs.MAX_BYTES, 16);
            params = a.allocate(ValueLayout.ADDRESS);
            params.set(ValueLayout.ADDRESS, 0, args);
        }
    }

    private CudaContext(CudaDriver cu, int ordinal) {
        this.cu = cu;
        this.ordinal = ordinal;
        this.device = Device.cuda(ordinal);
        int dev = cu.device(ordinal);
        this.context = cu.primaryCtxRetain(dev);
        cu.ctxSetCurrent(context);
        CURRENT.set(this);
        this.name = cu.deviceName(dev);
        this.multiProcessors = cu.deviceAttribute(CudaDriver.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, dev);
        this.computeCapability = new int[]{cu.deviceAttribute(CudaDriver.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev),
                cu.deviceAttribute(CudaDriver.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev)};
        this.maxSharedOptin = cu.deviceAttribute(CudaDriver.CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN, dev);
        this.totalMemory = cu.deviceTotalMem(dev);
        this.stream = cu.streamCreate(CudaDriver.CU_STREAM_NON_BLOCKING);
        this.allocator = new CachingAllocator(new DriverMemory());
        this.pinnedAllocator = new CachingAllocator(new PinnedHostMemory());
    }

    /**
     * Page-locked host memory (cuMemAllocHost), which the copy engine reads and writes at full speed, for the
     * pinned-memory pool: cached like device memory, since pinning pages costs far more than a malloc. Every
     * copy from or to it waits for its stream before returning, so a freed block is never still being copied.
     */
    private final class PinnedHostMemory implements DeviceMemory {
        @Override public long allocate(long bytes) {
            makeCurrent();
            return cu.memAllocHost(bytes).address();
        }

        @Override public void free(long address) {
            makeCurrent();
            cu.memFreeHost(MemorySegment.ofAddress(address));
        }

        @Override public long[] info() { throw new UnsupportedOperationException("pinned host memory has no device figures"); }

        @Override public void synchronize() { CudaContext.this.synchronize(); }

        @Override public String kind() { return "pinned host"; }

        @Override public String allocateCall() { return "cuMemAllocHost_v2"; }
    }

    /** The real device's memory, for the allocator. */
    private final class DriverMemory implements DeviceMemory {
        @Override public long allocate(long bytes) {
            makeCurrent();
            return cu.memAlloc(bytes);
        }

        @Override public void free(long address) {
            makeCurrent();
            cu.memFree(address);
        }

        @Override public long[] info() {
            makeCurrent();
            return cu.memGetInfo();
        }

        @Override public void synchronize() { CudaContext.this.synchronize(); }
    }

    /**
     * The context of CUDA device {@code ordinal}, created on first use; throws {@link BackendUnavailableException}
     * with the reason (no driver, no such device, ...), the same reason every time.
     */
    public static CudaContext get(int ordinal) {
        Object o = CONTEXTS.computeIfAbsent(ordinal, CudaContext::create);
        if (o instanceof CudaContext c) return c;
        BackendUnavailableException e = (BackendUnavailableException) o;
        throw new BackendUnavailableException(e.getMessage(), e);
    }

    private static Object create(int ordinal) {
        try {
            CudaDriver cu = CudaDriver.get();
            int count = cu.deviceCount();
            if (ordinal >= count)
                return new BackendUnavailableException("cuda:" + ordinal + " does not exist: the CUDA driver (" + cu.soname() + ") sees "
                        + count + " device" + (count == 1 ? "" : "s"));
            return new CudaContext(cu, ordinal);
        } catch (BackendUnavailableException e) {
            return e;
        } catch (CudaException | IllegalStateException e) {
            return new BackendUnavailableException("cuda:" + ordinal + ": " + e.getMessage(), e);
        }
    }

    /** The context of a CUDA tensor's device. */
    public static CudaContext of(Tensor t) {
        if (t.storage() instanceof CudaStorage s) return s.context();
        throw new IllegalArgumentException("expected a CUDA tensor, got " + t.describe());
    }

    /** Makes this context current on the calling thread (a no-op when it already is). */
    public void makeCurrent() {
        if (CURRENT.get() != this) {
            cu.ctxSetCurrent(context);
            CURRENT.set(this);
        }
    }

    public Device device() { return device; }

    public CudaDriver driver() { return cu; }

    /** The compute stream (CUstream) every operation of this context is queued on. */
    public long stream() { return stream; }

    public CachingAllocator allocator() { return allocator; }

    /** The pool of page-locked host memory behind {@code Tensor.pinMemory} (counters as the device allocator's). */
    public CachingAllocator pinnedAllocator() { return pinnedAllocator; }

    /** The device's name, e.g. "NVIDIA H100 80GB HBM3". */
    public String name() { return name; }

    public int multiProcessorCount() { return multiProcessors; }

    /** {major, minor}. */
    public int[] computeCapability() { return computeCapability.clone(); }

    public long totalMemory() { return totalMemory; }

    /** The grid for {@code n} elements in blocks of {@code block} threads: min(ceil(n / block), SMs * 32), at least 1. */
    public long gridFor(long n, int block) {
        if (block <= 0) throw new IllegalArgumentException("gridFor: block must be positive, got " + block);
        long blocks = n <= 0 ? 1 : (n + block - 1) / block;
        return Math.max(1, Math.min(blocks, (long) multiProcessors * 32));
    }

    // ---- launches ---------------------------------------------------------------------------------

    /**
     * Queues {@code kernel} of {@code family} on the stream with a 1-D grid (no sync). {@code args} is the kernel's
     * one struct argument. Sizes are checked before anything reaches the driver.
     */
    public void launch(String family, String kernel, long grid, int block, int dynamicSharedBytes, KernelArgs args) {
        if (grid <= 0 || grid > Integer.MAX_VALUE)
            throw new IllegalArgumentException(kernel + ": grid of " + grid + " blocks (must be 1.." + Integer.MAX_VALUE + ")");
        if (block <= 0 || block > 1024) throw new IllegalArgumentException(kernel + ": block of " + block + " threads (must be 1..1024)");
        if (dynamicSharedBytes < 0 || dynamicSharedBytes > Math.max(maxSharedOptin, DEFAULT_DYNAMIC_SHARED_LIMIT))
            throw new IllegalArgumentException(kernel + ": " + dynamicSharedBytes + " bytes of dynamic shared memory (this device allows "
                    + Math.max(maxSharedOptin, DEFAULT_DYNAMIC_SHARED_LIMIT) + ")");
        makeCurrent();
        long f = modules.function(family, kernel);
        if (dynamicSharedBytes > DEFAULT_DYNAMIC_SHARED_LIMIT) raiseSharedLimit(f, dynamicSharedBytes);
        LaunchBuffer lb = launchBuffers.get();
        args.copyTo(lb.args);
        cu.launchKernel(f, (int) grid, block, dynamicSharedBytes, stream, lb.params, kernel);
    }

    private void raiseSharedLimit(long f, int bytes) {
        Integer cur = sharedLimits.get(f);
        if (cur != null && cur >= bytes) return;
        cu.funcSetAttribute(f, CudaDriver.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, bytes);
        sharedLimits.merge(f, bytes, Math::max);
    }

    /**
     * Milliseconds the device spent on the work {@code work} queues on the stream, measured by two events (the host
     * waits for the second): for benchmarks.
     */
    public float time(Runnable work) {
        long start = recordEvent();
        try {
            work.run();
            long end = recordEvent();
            try {
                return elapsedMillis(start, end);
            } finally {
                destroyEvent(end);
            }
        } finally {
            destroyEvent(start);
        }
    }

    /**
     * A new event recorded on the stream now (nothing waits): a point on the device's timeline, read later with
     * {@link #elapsedMillis} and freed with {@link #destroyEvent} (OpProfile's device clock, {@link #time}).
     */
    public long recordEvent() {
        makeCurrent();
        long e = cu.eventCreate(0);
        try {
            cu.eventRecord(e, stream);
        } catch (RuntimeException ex) {
            cu.eventDestroy(e);
            throw ex;
        }
        return e;
    }

    /** Device milliseconds between two events of {@link #recordEvent}; waits until {@code to} has happened. */
    public float elapsedMillis(long from, long to) {
        makeCurrent();
        cu.eventSynchronize(to);
        return cu.eventElapsedTime(from, to);
    }

    /** Frees an event of {@link #recordEvent}. */
    public void destroyEvent(long event) {
        makeCurrent();
        cu.eventDestroy(event);
    }

    /** Waits until everything queued on the stream has run (and reports an asynchronous kernel error, if any). */
    public void synchronize() {
        makeCurrent();
        cu.streamSynchronize(stream);
    }

    // ---- memory -----------------------------------------------------------------------------------

    /** Copies {@code bytes} from the device to host memory {@code dst}; returns when the data is there. */
    public void copyToHost(long deviceAddress, MemorySegment dst, long bytes) {
        checkCopy(dst, bytes, "copyToHost");
        if (bytes == 0) return;
        makeCurrent();
        if (dst.isNative()) {
            cu.memcpyDtoHAsync(dst, deviceAddress, bytes, stream);
            cu.streamSynchronize(stream);
            return;
        }
        synchronized (stagingLock) {
            MemorySegment pinned = staging();
            for (long done = 0; done < bytes; done += STAGING_BYTES) {
                long n = Math.min(STAGING_BYTES, bytes - done);
                cu.memcpyDtoHAsync(pinned, deviceAddress + done, n, stream);
                cu.streamSynchronize(stream);
                MemorySegment.copy(pinned, 0, dst, done, n);
            }
        }
    }

    /**
     * Copies {@code bytes} of host memory {@code src} to the device; {@code src} may be reused as soon as this returns
     * (native memory is copied by the driver directly, heap memory through the pinned staging buffer).
     */
    public void copyFromHost(MemorySegment src, long deviceAddress, long bytes) {
        checkCopy(src, bytes, "copyFromHost");
        if (bytes == 0) return;
        makeCurrent();
        if (src.isNative()) {
            cu.memcpyHtoDAsync(deviceAddress, src, bytes, stream);
            cu.streamSynchronize(stream);   // pageable copies wait for the stream anyway; this also covers pinned sources
            return;
        }
        synchronized (stagingLock) {
            MemorySegment pinned = staging();
            for (long done = 0; done < bytes; done += STAGING_BYTES) {
                long n = Math.min(STAGING_BYTES, bytes - done);
                MemorySegment.copy(src, done, pinned, 0, n);
                cu.memcpyHtoDAsync(deviceAddress + done, pinned, n, stream);
                cu.streamSynchronize(stream);   // before the staging buffer is refilled
            }
        }
    }

    private static void checkCopy(MemorySegment host, long bytes, String what) {
        if (host == null) throw new IllegalArgumentException(what + ": null host segment");
        if (bytes < 0 || host.byteSize() < bytes)
            throw new IllegalArgumentException(what + ": " + bytes + " bytes do not fit the host segment of " + host.byteSize() + " bytes");
    }

    private MemorySegment staging() {
        if (staging == null) staging = cu.memAllocHost(STAGING_BYTES);
        return staging;
    }

    /** Queues a device-to-device copy. */
    public void copyDeviceToDevice(long dst, long src, long bytes) {
        if (bytes <= 0) return;
        makeCurrent();
        cu.memcpyDtoDAsync(dst, src, bytes, stream);
    }

    /** Queues setting {@code bytes} bytes at {@code address} to {@code value}. */
    public void memset(long address, byte value, long bytes) {
        if (bytes <= 0) return;
        makeCurrent();
        cu.memsetD8Async(address, value, bytes, stream);
    }

    /** The cuBLAS handle of this context (created on first use, bound to the stream, default math: no TF32). */
    public synchronized long cublas() {
        if (cublasHandle == 0) {
            makeCurrent();
            Cublas blas = Cublas.get();
            long h = blas.create();
            blas.setStream(h, stream);
            blas.setMathMode(h, Cublas.DEFAULT_MATH);
            cublasHandle = h;
        }
        makeCurrent();
        return cublasHandle;
    }

    @Override public String toString() { return "CudaContext(" + device + ", " + name + ")"; }

    int ordinal() { return ordinal; }
}
