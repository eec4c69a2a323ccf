package dev.axial.tensor.cuda;

import dev.axial.tensor.Backends;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;
import dev.axial.tensor.cpu.CpuStorage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Tensor.pinMemory: page-locked copies from the context's pinned pool, and copies to the device from them. */
class CudaPinnedMemoryTest {
    static final Device GPU = Device.cuda(0);

    @BeforeAll static void gpu() {
        Assumptions.assumeTrue(Backends.isAvailable(GPU), "no CUDA backend");
    }

    @Test void pinnedCopyHoldsTheValuesAndCopiesToTheDevice() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.normal(new Generator(3), DType.FLOAT32, Device.CPU, 0, 1, 2, 3, 5);
            Tensor strided = x.transpose(0, 2);                       // a view: pinMemory makes it contiguous
            Tensor p = strided.pinMemory(GPU);
            assertTrue(p.isPinned());
            assertFalse(x.isPinned());
            assertTrue(p.device().isCpu());
            assertTrue(p.isContiguous());
            assertArrayEquals(strided.toFloatArray(), p.toFloatArray());
            assertSame(p, p.pinMemory(GPU), "a pinned tensor pins to itself, as PyTorch");
            Tensor d = p.to(GPU);
            assertArrayEquals(strided.toFloatArray(), d.toFloatArray());
            Tensor back = Tensor.empty(DType.FLOAT32, Device.CPU, 5, 3, 2).pinMemory(GPU);
            back.copy_(d);                                           // device to pinned host
            assertArrayEquals(strided.toFloatArray(), back.toFloatArray());
            Tensor ints = Tensor.of(new long[]{7, -1, 1L << 40}).pinMemory(GPU);
            assertArrayEquals(new long[]{7, -1, 1L << 40}, ints.to(GPU).toLongArray());
        }
    }

    @Test void freedBlocksGoBackToThePoolAndCountAsLiveHostMemoryMeanwhile() {
        CachingAllocator pool = CudaContext.get(0).pinnedAllocator();
        long before = pool.allocatedBytes(), liveBefore = CpuStorage.liveBytes();
        long reservedAfterFirst;
        try (Scope s = Scope.open()) {
            Tensor p = Tensor.zeros(DType.FLOAT64, Device.CPU, 1000).pinMemory(GPU);
            assertTrue(pool.allocatedBytes() >= before + 8000, "allocated " + pool.allocatedBytes());
            assertTrue(CpuStorage.liveBytes() >= liveBefore + 8000);
            p.close();
            assertEquals(before, pool.allocatedBytes());
            reservedAfterFirst = pool.reservedBytes();
            Tensor again = Tensor.zeros(DType.FLOAT64, Device.CPU, 1000).pinMemory(GPU);   // the cached block, no new one
            assertEquals(reservedAfterFirst, pool.reservedBytes());
            assertEquals(0, again.sum().item(), 0);
        }
        assertEquals(before, pool.allocatedBytes());
        assertEquals(liveBefore, CpuStorage.liveBytes());
    }

    @Test void badUseIsAClearError() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(DType.FLOAT32, Device.CPU, 4);
            TensorException cpu = assertThrows(TensorException.class, () -> x.pinMemory(Device.CPU));
            assertTrue(cpu.getMessage().contains("pinMemory"), cpu.getMessage());
            Tensor d = x.to(GPU);
            TensorException onGpu = assertThrows(TensorException.class, () -> d.pinMemory(GPU));
            assertTrue(onGpu.getMessage().contains("needs a CPU tensor"), onGpu.getMessage());
        }
    }
}
