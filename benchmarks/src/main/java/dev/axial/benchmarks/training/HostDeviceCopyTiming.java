package dev.axial.benchmarks.training;

import dev.axial.tensor.Backends;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.cuda.CudaContext;
import dev.axial.tensor.cuda.CudaStorage;
import dev.axial.tensor.cuda.ffi.CudaDriver;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Locale;

/**
 * Host-to-device copies of one training batch's image (8 x 1 x 96³ float32, 28 MB), median GB/s of {@code reps}:
 * a CPU tensor's {@code to(cuda)} (our allocator's pageable memory), from a pinned tensor ({@code Tensor.pinMemory},
 * and that copy itself), a heap array (through the pinned staging buffer), a plain malloc'd segment, and pinned
 * memory (the copy engine's ceiling). Compare with PyTorch's pageable copy in unet_step_profile.py's profile.
 *
 * <pre>{@code bash .gpu/run.sh main dev.axial.benchmarks.training.HostDeviceCopyTiming [reps=10]}</pre>
 */
public final class HostDeviceCopyTiming {
    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Device dev = Device.cuda(0);
        Backends.get(dev);
        CudaContext ctx = CudaContext.get(0);
        long n = 8L * 96 * 96 * 96, bytes = n * 4;
        Tensor host = Tensor.normal(new Generator(1), DType.FLOAT32, Device.CPU, 0, 1, 8, 1, 96, 96, 96);
        Tensor target = Tensor.empty(DType.FLOAT32, dev, 8, 1, 96, 96, 96);
        long dst = CudaStorage.address(target);
        report("tensor.to(cuda) (pageable, our allocator)", bytes, reps, () -> host.to(dev).close());
        try (Tensor pinnedTensor = host.pinMemory(dev)) {
            report("pinned tensor (Tensor.pinMemory).to(cuda)", bytes, reps, () -> pinnedTensor.to(dev).close());
            report("tensor.pinMemory() alone (the loader's copy)", bytes, reps, () -> host.pinMemory(dev).close());
        }
        float[] heap = host.toFloatArray();
        MemorySegment heapSeg = MemorySegment.ofArray(heap);
        report("heap float[] via pinned staging", bytes, reps, () -> ctx.copyFromHost(heapSeg, dst, bytes));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment plain = arena.allocate(bytes, 64);
            plain.copyFrom(heapSeg);
            report("Arena segment (pageable, malloc)", bytes, reps, () -> ctx.copyFromHost(plain, dst, bytes));
        }
        MemorySegment pinned = CudaDriver.get().memAllocHost(bytes);
        pinned.copyFrom(heapSeg);
        report("pinned (cuMemAllocHost)", bytes, reps, () -> ctx.copyFromHost(pinned, dst, bytes));
        CudaDriver.get().memFreeHost(pinned);
        report("device to host into our allocator", bytes, reps, () -> target.cpu().close());
    }

    private static void report(String what, long bytes, int reps, Runnable copy) {
        double med = Medians.millis(2, reps, copy);
        System.out.printf(Locale.ROOT, "%-44s %8.2f ms  %6.1f GB/s%n", what, med, bytes / med / 1e6);
    }
}
