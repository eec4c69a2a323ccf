package dev.axial.tensor.cuda;

import dev.axial.tensor.Backends;
import dev.axial.tensor.Conformance;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.cuda.ffi.CudaException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The driver skeleton on a real GPU or, in the build, on the CPU emulator: copies, the allocator, errors, matmul. */
class CudaBackendTest {
    static final Device CUDA = Device.cuda(0);

    @BeforeAll static void needCuda() {
        assumeTrue(Backends.isAvailable(CUDA), () -> "no CUDA backend: " + Backends.status().get("cuda"));
    }

    static CudaContext ctx() { return CudaContext.get(0); }

    @Test void describesDeviceAndLibraries() {
        String d = Backends.get(CUDA).describe();
        assertTrue(d.startsWith("cuda:0 ("), d);
        assertTrue(d.contains("sm_"), d);
        assertTrue(d.contains("cuBLAS 1"), d);
        assertTrue(Backends.status().get("cuda").startsWith("available: cuda:0"), Backends.status().toString());
    }

    @ParameterizedTest @EnumSource(DType.class)
    void roundTripsEveryDtype(DType dt) {
        double[] v = {0, 1, -2, 3.5, 100, -7, 1, 0, 42, 5, 6, 7};
        if (dt == DType.BOOL) v = new double[]{0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0};
        if (dt == DType.UINT8) v = new double[]{0, 1, 2, 3, 255, 7, 1, 0, 42, 5, 6, 7};
        try (Scope s = Scope.open()) {
            Tensor host = Conformance.tensor(Device.CPU, dt, v, 3, 4);
            Tensor dev = host.to(CUDA);
            assertEquals(CUDA, dev.device());
            assertTrue(dev.storage() instanceof CudaStorage);
            Tensor back = dev.cpu();
            assertArrayEquals(host.toDoubleArray(), back.toDoubleArray(), dt.toString());
        }
    }

    @Test void heapAndNativeSegmentsBothCopy() {
        CudaContext c = ctx();
        int n = 3 * (1 << 20) + 5;   // past one staging buffer? no: 12 MiB of floats spans two 8 MiB chunks
        float[] src = new float[n];
        for (int i = 0; i < n; i++) src[i] = i * 0.5f;
        try (Scope s = Scope.open(); Arena arena = Arena.ofConfined()) {
            Tensor d = Tensor.empty(DType.FLOAT32, CUDA, n);
            c.copyFromHost(MemorySegment.ofArray(src), CudaStorage.address(d), 4L * n);       // heap: staged
            float[] heapBack = new float[n];
            c.copyToHost(CudaStorage.address(d), MemorySegment.ofArray(heapBack), 4L * n);
            assertArrayEquals(src, heapBack);
            MemorySegment nat = arena.allocate(4L * n, 64);                                  // native: direct
            c.copyToHost(CudaStorage.address(d), nat, 4L * n);
            assertEquals(src[n - 1], nat.getAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, n - 1));
            c.memset(CudaStorage.address(d), (byte) 0, 8);
            c.copyFromHost(nat.asSlice(0, 8), CudaStorage.address(d) + 8, 8);
            float[] head = new float[4];
            c.copyToHost(CudaStorage.address(d), MemorySegment.ofArray(head), 16);
            assertArrayEquals(new float[]{0, 0, 0, 0.5f}, head);
            assertThrows(IllegalArgumentException.class, () -> c.copyToHost(CudaStorage.address(d), MemorySegment.ofArray(new float[2]), 16));
        }
    }

    @Test void addressIncludesTheOffset() {
        try (Scope s = Scope.open()) {
            Tensor d = Tensor.empty(DType.FLOAT64, CUDA, 10);
            Tensor view = d.narrow(0, 3, 4);
            assertEquals(CudaStorage.address(d) + 3 * 8, CudaStorage.address(view));
            assertThrows(IllegalArgumentException.class, () -> CudaStorage.address(Tensor.zeros(2)));
        }
    }

    @Test void viewWritesTheTensorsAddressAndStrides() {
        try (Scope s = Scope.open()) {
            Tensor d = Tensor.empty(DType.FLOAT32, CUDA, 4, 6).narrow(1, 2, 3);   // strides (6, 1), offset 2
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(new KernelArgs().view(d).toByteArray()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            assertEquals(CudaStorage.address(d), b.getLong(0));
            assertEquals(6, b.getLong(8));
            assertEquals(1, b.getLong(16));
            assertEquals(0, b.getLong(24));
        }
    }

    @Test void storagesGoBackToTheCachingAllocator() {
        CachingAllocator a = ctx().allocator();
        long before = a.allocatedBytes();
        long reservedBefore;
        try (Scope s = Scope.open()) {
            Tensor.empty(DType.FLOAT32, CUDA, 1000);                 // 4000 -> 4096 bytes
            assertEquals(before + 4096, a.allocatedBytes());
            Tensor.empty(DType.FLOAT32, CUDA, 1 << 20);               // 4 MiB
            assertEquals(before + 4096 + (4 << 20), a.allocatedBytes());
            reservedBefore = a.reservedBytes();
        }
        assertEquals(before, a.allocatedBytes());
        long calls = a.segmentCalls()[0];
        for (int i = 0; i < 100; i++)
            try (Scope s = Scope.open()) {
                Tensor.empty(DType.FLOAT32, CUDA, 1000);
                Tensor.empty(DType.FLOAT32, CUDA, 1 << 20);
            }
        assertEquals(calls, a.segmentCalls()[0], "cached blocks were reused, no new segments");
        assertEquals(reservedBefore, a.reservedBytes());
        assertTrue(a.peakAllocatedBytes() >= before + 4096 + (4 << 20));
    }

    @Test void aFailingCallNamesTheCallAndTheError() {
        CudaContext c = ctx();
        CudaException e = assertThrows(CudaException.class, () -> c.driver().memcpyDtoDAsync(16, 32, 8, c.stream()));
        assertEquals("CUDA_ERROR_INVALID_VALUE", e.statusName());
        assertEquals(1, e.status());
        assertTrue(e.getMessage().startsWith("cuMemcpyDtoDAsync_v2(8 bytes) failed: CUDA_ERROR_INVALID_VALUE (1)"), e.getMessage());
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> c.launch("selftest", "no_such_kernel_f32", 1, 32, 0, new KernelArgs().i64(0)));
        assertTrue(missing.getMessage().contains("no_such_kernel_f32") && missing.getMessage().contains("CUDA_ERROR_NOT_FOUND"), missing.getMessage());
        IllegalStateException noFamily = assertThrows(IllegalStateException.class,
                () -> c.launch("no_such_family", "k", 1, 32, 0, new KernelArgs().i64(0)));
        assertTrue(noFamily.getMessage().contains("'no_such_family'"), noFamily.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.launch("selftest", "block_sum_i32", 0, 32, 0, new KernelArgs()));
        assertThrows(IllegalArgumentException.class, () -> c.launch("selftest", "block_sum_i32", 1, 2048, 0, new KernelArgs()));
    }

    @Test void memoryCountersAndEventTiming() {
        long before = CudaMemory.allocatedBytes(CUDA);
        try (Scope s = Scope.open()) {
            Tensor.empty(DType.FLOAT32, CUDA, 3 << 18);   // 3 MiB -> a 4 MiB block
            assertEquals(before + (4 << 20), CudaMemory.allocatedBytes(CUDA));
            assertTrue(CudaMemory.reservedBytes(CUDA) >= CudaMemory.allocatedBytes(CUDA));
            assertTrue(CudaMemory.summary(CUDA).startsWith("cuda:0: "), CudaMemory.summary(CUDA));
        }
        CudaMemory.emptyCache(CUDA);
        assertEquals(before, CudaMemory.allocatedBytes(CUDA));
        long[] info = CudaMemory.deviceInfo(CUDA);
        assertTrue(info[0] > 0 && info[0] <= info[1], java.util.Arrays.toString(info));
        try (Scope s = Scope.open()) {
            Tensor t = Tensor.empty(DType.UINT8, CUDA, 1 << 20);
            float ms = ctx().time(() -> ctx().memset(CudaStorage.address(t), (byte) 1, 1 << 20));
            assertTrue(ms >= 0, "elapsed " + ms);
        }
        assertThrows(IllegalArgumentException.class, () -> CudaMemory.allocatedBytes(Device.CPU));
    }

    @Test void otherThreadsMakeTheContextCurrentAndCopy() throws Exception {
        float[] v = {1, 2, 3, 4};
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            java.util.List<java.util.concurrent.Future<float[]>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++)
                results.add(pool.submit(() -> {
                    try (Scope s = Scope.open()) {
                        return Tensor.of(v, 4).to(CUDA).cpu().toFloatArray();
                    }
                }));
            for (java.util.concurrent.Future<float[]> f : results) assertArrayEquals(v, f.get());
        } finally {
            pool.shutdown();
        }
    }

    @Test void aStorageNobodyFreedGoesBackWhenUnreachable() throws InterruptedException {
        assumeTrue(Scope.current() == null, "a scope left open on this thread would own the tensor");
        CachingAllocator.Block block = leak();
        assertTrue(block.isAllocated());
        for (int i = 0; i < 200 && block.isAllocated(); i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(!block.isAllocated(), "the Cleaner returned the block");
    }

    /** The block of a CUDA tensor that no scope owns and nobody references once this returns. */
    private static CachingAllocator.Block leak() {
        Tensor t = Tensor.empty(DType.FLOAT32, CUDA, 5000);
        return ((CudaStorage) t.storage()).block();
    }

    @Test void gridIsCappedAndAtLeastOne() {
        CudaContext c = ctx();
        assertEquals(1, c.gridFor(0, 256));
        assertEquals(1, c.gridFor(256, 256));
        assertEquals(2, c.gridFor(257, 256));
        assertEquals(c.multiProcessorCount() * 32L, c.gridFor(1L << 40, 256));
    }
}
