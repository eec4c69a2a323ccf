package dev.axial.tensor.cuda;

import dev.axial.tensor.Backends;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** kernels/selftest.cu through CudaContext.launch: shared memory, barriers, shuffles, atomics, dynamic shared memory. */
class CudaLaunchTest {
    static final Device CUDA = Device.cuda(0);

    @BeforeAll static void needCuda() {
        assumeTrue(Backends.isAvailable(CUDA), () -> "no CUDA backend: " + Backends.status().get("cuda"));
    }

    @Test void blockSumThroughSharedMemoryShufflesAndAtomics() {
        int n = 10000, block = 128;
        int[] in = new int[n];
        long expect = 0;
        for (int i = 0; i < n; i++) expect += in[i] = i % 97 - 40;
        try (Scope s = Scope.open()) {
            CudaContext ctx = CudaContext.get(0);
            long grid = ctx.gridFor(n, block);
            Tensor din = Tensor.of(in, n).to(CUDA);
            Tensor out = Tensor.empty(DType.INT64, CUDA, 1);
            Tensor warps = Tensor.empty(DType.INT32, CUDA, grid * block / 32);
            ctx.memset(CudaStorage.address(out), (byte) 0, 8);
            ctx.launch("selftest", "block_sum_i32", grid, block, 0,
                    new KernelArgs().ptr(CudaStorage.address(din)).ptr(CudaStorage.address(out)).ptr(CudaStorage.address(warps)).i64(n));
            long[] got = new long[1];
            ctx.copyToHost(CudaStorage.address(out), MemorySegment.ofArray(got), 8);
            assertEquals(expect, got[0]);
            long warpTotal = 0;
            for (int w : warps.cpu().toIntArray()) warpTotal += w;
            assertEquals(expect, warpTotal);
        }
    }

    @Test void tileReverseThroughDynamicSharedMemory() {
        int tile = 64, tiles = 3, n = tile * tiles;
        float[] in = new float[n], expect = new float[n];
        for (int i = 0; i < n; i++) in[i] = i;
        for (int b = 0; b < tiles; b++)
            for (int t = 0; t < tile; t++) expect[b * tile + t] = in[b * tile + tile - 1 - t];
        try (Scope s = Scope.open()) {
            CudaContext ctx = CudaContext.get(0);
            Tensor din = Tensor.of(in, n).to(CUDA), dout = Tensor.empty(DType.FLOAT32, CUDA, n);
            ctx.launch("selftest", "tile_reverse_f32", tiles, tile, tile * 4,
                    new KernelArgs().ptr(CudaStorage.address(din)).ptr(CudaStorage.address(dout)).i32(tile));
            assertArrayEquals(expect, dout.cpu().toFloatArray());
        }
    }
}
