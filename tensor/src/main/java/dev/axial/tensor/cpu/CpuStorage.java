package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import dev.axial.tensor.Debug;
import dev.axial.tensor.Device;
import dev.axial.tensor.Storage;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Off-heap host memory from the C allocator (64-byte aligned, for full-width vector loads). Freed by its
 * owner (scope or close()); if the owner forgets, the Cleaner frees it after the tensor is unreachable and,
 * in debug mode, reports the leak.
 */
public final class CpuStorage extends Storage {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle ALIGNED_ALLOC = LINKER.downcallHandle(
            LINKER.defaultLookup().find("aligned_alloc").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
    private static final MethodHandle FREE = LINKER.downcallHandle(
            LINKER.defaultLookup().find("free").orElseThrow(),
            FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicLong LIVE_BYTES = new AtomicLong();
    private static final AtomicLong PEAK_BYTES = new AtomicLong();

    private final MemorySegment segment;
    private final Cleaner.Cleanable cleanable;

    /** The native memory; freed when the cleanable runs (explicitly or, for leaks, after GC). */
    private record Block(long address, long bytes, String what) implements Runnable {
        @Override public void run() {
            // runs at most once: explicitly from release(), or from the Cleaner for a leaked storage
            LIVE_BYTES.addAndGet(-bytes);
            try {
                FREE.invokeExact(MemorySegment.ofAddress(address));
            } catch (Throwable t) {
                throw new AssertionError("free failed", t);
            }
        }
    }

    private static final class LeakReport implements Runnable {
        private final Block block;
        private volatile boolean released;

        LeakReport(Block block) { this.block = block; }

        @Override public void run() {
            if (!released && Debug.enabled()) System.err.println("axial: leaked " + block.what + " freed by the GC (no scope or close() owned it)");
            block.run();
        }
    }

    private final LeakReport report;

    public CpuStorage(DType dtype, long numel) {
        super(dtype, numel);
        long bytes = Math.max(64, (numel * dtype.byteSize() + 63) & ~63L);
        MemorySegment p;
        try {
            p = (MemorySegment) ALIGNED_ALLOC.invokeExact(64L, bytes);
        } catch (Throwable t) {
            throw new AssertionError("aligned_alloc failed", t);
        }
        if (p.address() == 0)
            throw new OutOfMemoryError("cpu: cannot allocate " + bytes + " bytes for " + dtype + "[" + numel + "]");
        long live = LIVE_BYTES.addAndGet(bytes);
        PEAK_BYTES.accumulateAndGet(live, Math::max);
        this.segment = p.reinterpret(numel * dtype.byteSize());
        this.report = new LeakReport(new Block(p.address(), bytes, dtype + "[" + numel + "]"));
        this.cleanable = CLEANER.register(this, report);
    }

    /** The elements, as a native segment of exactly {@code numel * byteSize} bytes. */
    public MemorySegment segment() { return segment; }

    @Override public Device device() { return Device.CPU; }

    @Override protected void release() {
        report.released = true;
        cleanable.clean();
    }

    /** Bytes of host memory held by live CPU storages. */
    public static long liveBytes() { return LIVE_BYTES.get(); }

    /** The most bytes held at once since start. */
    public static long peakBytes() { return PEAK_BYTES.get(); }
}
