package dev.axial.tensor.cuda.ffi;

import dev.axial.tensor.spi.BackendUnavailableException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The CUDA driver API (libcuda.so.1), the calls Axial uses and nothing else, each status checked: a failure throws
 * {@link CudaException} with cuGetErrorName's name ({@link CudaOutOfMemoryException} for out-of-memory).
 * Opaque handles (CUcontext, CUstream, CUevent, CUmodule, CUfunction) and device pointers (CUdeviceptr) are
 * passed as Java longs: on LP64 Linux a pointer and a 64-bit integer travel the same way.
 *
 * <pre>{@code
 * CudaDriver cu = CudaDriver.get();          // throws BackendUnavailableException without a driver
 * int dev = cu.device(0);
 * long ctx = cu.primaryCtxRetain(dev);
 * cu.ctxSetCurrent(ctx);                     // once per thread
 * long p = cu.memAlloc(1 << 20);
 * cu.memFree(p);
 * }</pre>
 *
 * The driver calls need the context current on the calling thread: {@code CudaContext} does that once per thread.
 */
public final class CudaDriver {
    public static final String LIBRARY = "CUDA driver";

    public static final int CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
    public static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
    public static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;
    public static final int CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN = 97;
    public static final int CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES = 8;
    public static final int CU_STREAM_NON_BLOCKING = 1;
    public static final int CU_EVENT_DISABLE_TIMING = 2;
    public static final int CUDA_ERROR_NOT_READY = 600;

    private static final LoadOnce<CudaDriver> INSTANCE = new LoadOnce<>(CudaDriver::load);

    private final NativeLibrary lib;
    private final NativeLibrary.Function cuInit, cuDriverGetVersion, cuGetErrorName, cuGetErrorString, cuDeviceGetCount,
            cuDeviceGet, cuDeviceGetName, cuDeviceGetAttribute, cuDeviceTotalMem, cuDevicePrimaryCtxRetain,
            cuDevicePrimaryCtxRelease, cuCtxSetCurrent, cuCtxSynchronize, cuMemGetInfo, cuMemAlloc, cuMemFree,
            cuMemAllocHost, cuMemFreeHost, cuMemcpyHtoDAsync, cuMemcpyDtoHAsync, cuMemcpyDtoDAsync, cuMemsetD8Async,
            cuStreamCreate, cuStreamDestroy, cuStreamSynchronize, cuStreamWaitEvent, cuEventCreate, cuEventRecord,
            cuEventSynchronize, cuEventQuery, cuEventElapsedTime, cuEventDestroy, cuModuleLoadData, cuModuleUnload,
            cuModuleGetFunction, cuFuncSetAttribute, cuLaunchKernel;

    private CudaDriver(NativeLibrary lib) {
        this.lib = lib;
        FunctionDescriptor i_l = FunctionDescriptor.of(JAVA_INT, JAVA_LONG);
        cuInit = lib.function("cuInit", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        cuDriverGetVersion = lib.function("cuDriverGetVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        cuGetErrorName = lib.function("cuGetErrorName", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        cuGetErrorString = lib.function("cuGetErrorString", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        cuDeviceGetCount = lib.function("cuDeviceGetCount", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        cuDeviceGet = lib.function("cuDeviceGet", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cuDeviceGetName = lib.function("cuDeviceGetName", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        cuDeviceGetAttribute = lib.function("cuDeviceGetAttribute", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        cuDeviceTotalMem = lib.function("cuDeviceTotalMem_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cuDevicePrimaryCtxRetain = lib.function("cuDevicePrimaryCtxRetain", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cuDevicePrimaryCtxRelease = lib.function("cuDevicePrimaryCtxRelease_v2", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        cuCtxSetCurrent = lib.function("cuCtxSetCurrent", i_l);
        cuCtxSynchronize = lib.function("cuCtxSynchronize", FunctionDescriptor.of(JAVA_INT));
        cuMemGetInfo = lib.function("cuMemGetInfo_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        cuMemAlloc = lib.function("cuMemAlloc_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        cuMemFree = lib.function("cuMemFree_v2", i_l);
        cuMemAllocHost = lib.function("cuMemAllocHost_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        cuMemFreeHost = lib.function("cuMemFreeHost", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        cuMemcpyHtoDAsync = lib.function("cuMemcpyHtoDAsync_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_LONG));
        cuMemcpyDtoHAsync = lib.function("cuMemcpyDtoHAsync_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        cuMemcpyDtoDAsync = lib.function("cuMemcpyDtoDAsync_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        cuMemsetD8Async = lib.function("cuMemsetD8Async", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_BYTE, JAVA_LONG, JAVA_LONG));
        cuStreamCreate = lib.function("cuStreamCreate", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cuStreamDestroy = lib.function("cuStreamDestroy_v2", i_l);
        cuStreamSynchronize = lib.function("cuStreamSynchronize", i_l);
        cuStreamWaitEvent = lib.function("cuStreamWaitEvent", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
        cuEventCreate = lib.function("cuEventCreate", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cuEventRecord = lib.function("cuEventRecord", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
        cuEventSynchronize = lib.function("cuEventSynchronize", i_l);
        cuEventQuery = lib.function("cuEventQuery", i_l);
        cuEventElapsedTime = lib.function("cuEventElapsedTime", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
        cuEventDestroy = lib.function("cuEventDestroy_v2", i_l);
        cuModuleLoadData = lib.function("cuModuleLoadData", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        cuModuleUnload = lib.function("cuModuleUnload", i_l);
        cuModuleGetFunction = lib.function("cuModuleGetFunction", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
        cuFuncSetAttribute = lib.function("cuFuncSetAttribute", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT));
        cuLaunchKernel = lib.function("cuLaunchKernel", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS));
    }

    /**
     * The driver, loaded and initialised (cuInit) once; throws {@link BackendUnavailableException} with the exact
     * reason when libcuda.so.1 does not load ("... cannot open shared object file ... (no NVIDIA driver?)") or cuInit fails.
     */
    public static CudaDriver get() { return INSTANCE.get(); }

    private static CudaDriver load() {
        NativeLibrary lib = openLibrary(System.getProperty(NativeLibrary.EMULATOR_PROPERTY));
        CudaDriver d = new CudaDriver(lib);
        try {
            d.init();
        } catch (CudaException | IllegalStateException e) {
            throw new BackendUnavailableException("the CUDA driver (" + lib.soname() + ") loads but " + e.getMessage(), e);
        }
        return d;
    }

    /** libcuda.so.1, or the emulator when {@code emulator} is not null; without a driver the reason ends "(no NVIDIA driver?)". */
    static NativeLibrary openLibrary(String emulator) {
        try {
            return NativeLibrary.openFrom(emulator, LIBRARY, "libcuda.so.1");
        } catch (BackendUnavailableException e) {
            throw emulator == null ? new BackendUnavailableException(e.getMessage() + " (no NVIDIA driver?)", e) : e;
        }
    }

    /**
     * Why the system's libcuda.so.1 does not load, ignoring the emulator, or null when it loads: for {@code axial info}
     * and tests ("libcuda.so.1: cannot open shared object file: No such file or directory (no NVIDIA driver?)").
     */
    public static String systemDriverProblem() {
        try {
            openLibrary(null);
            return null;
        } catch (BackendUnavailableException e) {
            return e.getMessage();
        }
    }

    /** The soname that loaded (mentions the emulator when emulated). */
    public String soname() { return lib.soname(); }

    /** True when running on the CPU emulator (system property {@value NativeLibrary#EMULATOR_PROPERTY}). */
    public boolean emulated() { return lib.emulated(); }

    // ---- plumbing ---------------------------------------------------------------------------------

    /** Per-thread scratch for out-parameters (never used across two native calls). */
    private static final ThreadLocal<MemorySegment> SCRATCH = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(256, 16));

    private static MemorySegment out() { return SCRATCH.get(); }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    private void check(int status, String call) {
        if (status == 0) return;
        if (status == CudaOutOfMemoryException.STATUS) throw new CudaOutOfMemoryException(LIBRARY, call, null);
        throw new CudaException(LIBRARY, call, status, errorName(status));
    }

    private void check(int status, NativeLibrary.Function f) {
        if (status != 0) check(status, f.symbol() + "()");
    }

    private static void checkNative(MemorySegment host, long bytes, String call) {
        if (host == null || !host.isNative() || host.equals(MemorySegment.NULL))
            throw new IllegalArgumentException(call + ": host memory must be a native, non-null segment, got " + host);
        if (bytes < 0 || host.byteSize() < bytes)
            throw new IllegalArgumentException(call + ": " + bytes + " bytes do not fit the host segment of " + host.byteSize() + " bytes");
    }

    private static void checkDevice(long dptr, String call) {
        if (dptr == 0) throw new IllegalArgumentException(call + ": null device pointer");
    }

    // ---- init, errors, devices ----------------------------------------------------------------------

    private void init() {
        int s;
        try { s = (int) cuInit.handle().invokeExact(0); } catch (Throwable t) { throw rethrow(t); }
        check(s, "cuInit(0)");
    }

    /** cuDriverGetVersion as "major.minor" (13000 -> "13.0"). */
    public int driverVersion() {
        int s;
        MemorySegment o = out();
        try { s = (int) cuDriverGetVersion.handle().invokeExact(o); } catch (Throwable t) { throw rethrow(t); }
        check(s, cuDriverGetVersion);
        return o.get(JAVA_INT, 0);
    }

    /** cuGetErrorName's name of {@code status}, or "CUDA error N" for a code the driver does not know; never throws. */
    public String errorName(int status) { return describe(cuGetErrorName, status); }

    /** cuGetErrorString's sentence for {@code status}; never throws. */
    public String errorString(int status) { return describe(cuGetErrorString, status); }

    private static String describe(NativeLibrary.Function f, int status) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            int s = (int) f.handle().invokeExact(status, p);
            MemorySegment str = p.get(ADDRESS, 0);
            if (s == 0 && !str.equals(MemorySegment.NULL)) return str.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            // fall through
        }
        return "CUDA error " + status;
    }

    public int deviceCount() {
        int s;
        MemorySegment o = out();
        try { s = (int) cuDeviceGetCount.handle().invokeExact(o); } catch (Throwable t) { throw rethrow(t); }
        check(s, cuDeviceGetCount);
        return o.get(JAVA_INT, 0);
    }

    /** The CUdevice of {@code ordinal}. */
    public int device(int ordinal) {
        int s;
        MemorySegment o = out();
        try { s = (int) cuDeviceGet.handle().invokeExact(o, ordinal); } catch (Throwable t) { throw rethrow(t); }
        check(s, "cuDeviceGet(" + ordinal + ")");
        return o.get(JAVA_INT, 0);
    }

    public String deviceName(int dev) {
        int s;
        MemorySegment o = out();
        try { s = (int) cuDeviceGetName.handle().invokeExact(o, (int) o.byteSize(), dev); } catch (Throwable t) { throw rethrow(t); }
        check(s, "cuDeviceGetName(" + dev + ")");
        o.set(JAVA_BYTE, o.byteSize() - 1, (byte) 0);
        return o.getString(0);
    }

    public int deviceAttribute(int attribute, int dev) {
        int s;
        MemorySegment o = out();
        try { s = (int) cuDeviceGetAttribute.handle().invokeExact(o, attribute, dev); } catch (Throwable t) { throw rethrow(t); }
        check(s, "cuDeviceGetAttribute(" + attribute + ", " + dev + ")");
        return o.get(JAVA_INT, 0);
    }

    public long deviceTotalMem(int dev) {
        int s;
        MemorySegment o = out();
        try { s = (int) cuDeviceTotalMem.handle().invokeExact(o, dev); } catch (Throwable t) { throw rethrow(t); }
        check(s, "cuDeviceTotalMem_v2(" + dev + ")");
        return o.get(JAVA_LONG, 0);
    }

    // ---- contexts ---------------------------------------------------------------------------------

    public long primaryCtxRetain(int dev) {
        int s;
        MemorySegment o = out();
        try { s = (int) cuDevicePrimaryCtxRetain.handle().invokeExact(o, dev); } catch (Throwable t) { throw rethrow(t); }
        check(s, "cuDevicePrimaryCtxRetain(" + dev + ")");
        return o.get(JAVA_LONG, 0);
    }

    public void primaryCtxRelease(int dev) {
        int s;
        try { s = (int) cuDevicePrimaryCtxRelease.handle().invokeExact(dev); } catch (Throwable t) { throw rethrow(t); }
        check(s, "cuDevicePrimaryCtxRelease_v2(" + dev + ")");
    }

    public void ctxSetCurrent(long ctx) {
        int s;
        try { s = (int) cuCtxSetCurrent.handle().invokeExact(ctx); } catch (Throwable t) { throw rethrow(t); }
        check(s, cuCtxSetCurrent);
    }

    public void ctxSynchronize() {
        int s;
        try { s = (int) cuCtxSynchronize.handle().invokeExact(); } catch (Throwable t) { throw rethrow(t); }
        check(s, cuCtxSynchronize);
    }

    // ---- memory -----------------------------------------------------------------------------------

    /** {free, total} bytes of the current context's device. */
    public long[] memGetInfo() {
        int s;
        MemorySegment o = out();
        try { s = (int) cuMemGetInfo.handle().invokeExact(o, o.asSlice(8)); } catch (Throwable t) { throw rethrow(t); }
        check(s, cuMemGetInfo);
        return new long[]{o.get(JAVA_LONG, 0), o.get(JAVA_LONG, 8)};
    }

    /** cuMemAlloc_v2; throws {@link CudaOutOfMemoryException} when the device is full. */
    public long memAlloc(long bytes) {
        if (bytes <= 0) throw new IllegalArgumentException("cuMemAlloc_v2: size must be positive, got " + bytes);
        int s;
        MemorySegment o = out();
        try { s = (int) cuMemAlloc.handle().invokeExact(o, bytes); } catch (Throwable t) { throw rethrow(t); }
        check(s, "cuMemAlloc_v2(" + bytes + " bytes)");
        return o.get(JAVA_LONG, 0);
    }

    public void memFree(long dptr) {
        checkDevice(dptr, "cuMemFree_v2");
        int s;
        try { s = (int) cuMemFree.handle().invokeExact(dptr); } catch (Throwable t) { throw rethrow(t); }
        check(s, cuMemFree);
    }

    /** Page-locked host memory of {@code bytes}, as a segment of that size (free with {@link #memFreeHost}). */
    public MemorySegment memAllocHost(long bytes) {
        if (bytes <= 0) throw new IllegalArgumentException("cuMemAllocHost_v2: size must be positive, got " + bytes);
        int s;
        MemorySegment o = out();
        try { s = (int) cuMemAllocHost.handle().invokeExact(o, bytes); } catch (Throwable t) { throw rethrow(t); }
        check(s, "cuMemAllocHost_v2(" + bytes + " bytes)");
        return o.get(ADDRESS, 0).reinterpret(bytes);
    }

    public void memFreeHost(MemorySegment host) {
        checkNative(host, 0, "cuMemFreeHost");
        int s;
        try { s = (int) cuMemFreeHost.handle().invokeExact(host); } catch (Throwable t) { throw rethrow(t); }
        check(s, cuMemFreeHost);
    }

    public void memcpyHtoDAsync(long dst, MemorySegment src, long bytes, long stream) {
        if (bytes == 0) return;
        checkDevice(dst, "cuMemcpyHtoDAsync_v2");
        checkNative(src, bytes, "cuMemcpyHtoDAsync_v2");
        int s;
        try { s = (int) cuMemcpyHtoDAsync.handle().invokeExact(dst, src, bytes, stream); } catch (Throwable t) { throw rethrow(t); }
        check(s, "cuMemcpyHtoDAsync_v2(" + bytes + " bytes)");
    }

    public void memcpyDtoHAsync(MemorySegment dst, long src, long bytes, long stream) {
        if (bytes == 0) return;
        checkDevice(src, "cuMemcpyDtoHAsync_v2");
        checkNative(dst, bytes, "cuMemcpyDtoHAsync_v2");
        int s;
        try { s = (int) cuMemcpyDtoHAsync.handle().invokeExact(dst, src, bytes, stream); } catch (Throwable t) { throw rethrow(t); }
        check(s, "cuMemcpyDtoHAsync_v2(" + bytes + " bytes)");
    }

    public void memcpyDtoDAsync(long dst, long src, long bytes, long stream) {
        if (bytes == 0) return;
        checkDevice(dst, "cuMemcpyDtoDAsync_v2");
        checkDevice(src, "cuMemcpyDtoDAsync_v2");
        int s;
        try { s = (int) cuMemcpyDtoDAsync.handle().invokeExact(dst, src, bytes, stream); } catch (Throwable t) { throw rethrow(t); }
        check(s, "cuMemcpyDtoDAsync_v2(" + bytes + " bytes)");
    }

    public void memsetD8Async(long dst, byte value, long bytes, long stream) {
        if (bytes == 0) return;
        checkDevice(dst, "cuMemsetD8Async");
        int s;
        try { s = (int) cuMemsetD8Async.handle().invokeExact(dst, value, bytes, stream); } catch (Throwable t) { throw rethrow(t); }
        check(s, "cuMemsetD8Async(" + bytes + " bytes)");
    }

    // ---- streams and events -----------------------------------------------------------------------

    public long streamCreate(int flags) {
        int s;
        MemorySegment o = out();
        try { s = (int) cuStreamCreate.handle().invokeExact(o, flags); } catch (Throwable t) { throw rethrow(t); }
        check(s, cuStreamCreate);
        return o.get(JAVA_LONG, 0);
    }

    public void streamDestroy(long stream) {
        int s;
        try { s = (int) cuStreamDestroy.handle().invokeExact(stream); } catch (Throwable t) { throw rethrow(t); }
        check(s, cuStreamDestroy);
    }

    public void streamSynchronize(long stream) {
        int s;
        try { s = (int) cuStreamSynchronize.handle().invokeExact(stream); } catch (Throwable t) { throw rethrow(t); }
        check(s, cuStreamSynchronize);
    }

    public void streamWaitEvent(long stream, long event, int flags) {
        int s;
        try { s = (int) cuStreamWaitEvent.handle().invokeExact(stream, event, flags); } catch (Throwable t) { throw rethrow(t); }
        check(s, cuStreamWaitEvent);
    }

    public long eventCreate(int flags) {
        int s;
        MemorySegment o = out();
        try { s = (int) cuEventCreate.handle().invokeExact(o, flags); } catch (Throwable t) { throw rethrow(t); }
        check(s, cuEventCreate);
        return o.get(JAVA_LONG, 0);
    }

    public void eventRecord(long event, long stream) {
        int s;
        try { s = (int) cuEventRecord.handle().invokeExact(event, stream); } catch (Throwable t) { throw rethrow(t); }
        check(s, cuEventRecord);
    }

    public void eventSynchronize(long event) {
        int s;
        try { s = (int) cuEventSynchronize.handle().invokeExact(event); } catch (Throwable t) { throw rethrow(t); }
        check(s, cuEventSynchronize);
    }

    /** True when the event has completed, false while it is pending (CUDA_ERROR_NOT_READY). */
    public boolean eventQuery(long event) {
        int s;
        try { s = (int) cuEventQuery.handle().invokeExact(event); } catch (Throwable t) { throw rethrow(t); }
        if (s == CUDA_ERROR_NOT_READY) return false;
        check(s, cuEventQuery);
        return true;
    }

    /** Milliseconds between two recorded events (created without CU_EVENT_DISABLE_TIMING). */
    public float eventElapsedTime(long start, long end) {
        int s;
        MemorySegment o = out();
        try { s = (int) cuEventElapsedTime.handle().invokeExact(o, start, end); } catch (Throwable t) { throw rethrow(t); }
        check(s, cuEventElapsedTime);
        return o.get(JAVA_FLOAT, 0);
    }

    public void eventDestroy(long event) {
        int s;
        try { s = (int) cuEventDestroy.handle().invokeExact(event); } catch (Throwable t) { throw rethrow(t); }
        check(s, cuEventDestroy);
    }

    // ---- modules and launches ---------------------------------------------------------------------

    /** cuModuleLoadData on a NUL-terminated image (PTX text); {@code what} names it in errors. */
    public long moduleLoadData(MemorySegment image, String what) {
        checkNative(image, 1, "cuModuleLoadData");
        int s;
        MemorySegment o = out();
        try { s = (int) cuModuleLoadData.handle().invokeExact(o, image); } catch (Throwable t) { throw rethrow(t); }
        check(s, "cuModuleLoadData(" + what + ")");
        return o.get(JAVA_LONG, 0);
    }

    public void moduleUnload(long module) {
        int s;
        try { s = (int) cuModuleUnload.handle().invokeExact(module); } catch (Throwable t) { throw rethrow(t); }
        check(s, cuModuleUnload);
    }

    public long moduleGetFunction(long module, String name) {
        int s;
        long f;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment o = a.allocate(JAVA_LONG);
            try { s = (int) cuModuleGetFunction.handle().invokeExact(o, module, a.allocateFrom(name)); } catch (Throwable t) { throw rethrow(t); }
            f = o.get(JAVA_LONG, 0);
        }
        check(s, "cuModuleGetFunction(" + name + ")");
        return f;
    }

    public void funcSetAttribute(long function, int attribute, int value) {
        int s;
        try { s = (int) cuFuncSetAttribute.handle().invokeExact(function, attribute, value); } catch (Throwable t) { throw rethrow(t); }
        check(s, "cuFuncSetAttribute(" + attribute + ", " + value + ")");
    }

    /**
     * cuLaunchKernel with a 1-D grid and block; {@code kernelParams} is the native {@code void*[]} of parameter
     * addresses; {@code name} is for the error message.
     */
    public void launchKernel(long function, int grid, int block, int sharedBytes, long stream, MemorySegment kernelParams, String name) {
        if (function == 0) throw new IllegalArgumentException("cuLaunchKernel(" + name + "): null function");
        checkNative(kernelParams, 8, "cuLaunchKernel(" + name + ")");
        if (grid <= 0 || block <= 0 || sharedBytes < 0)
            throw new IllegalArgumentException("cuLaunchKernel(" + name + "): bad grid " + grid + ", block " + block + " or shared " + sharedBytes);
        int s;
        try {
            s = (int) cuLaunchKernel.handle().invokeExact(function, grid, 1, 1, block, 1, 1, sharedBytes, stream, kernelParams, MemorySegment.NULL);
        } catch (Throwable t) { throw rethrow(t); }
        if (s != 0) check(s, "cuLaunchKernel(" + name + ", grid " + grid + ", block " + block + ", shared " + sharedBytes + ")");
    }
}
