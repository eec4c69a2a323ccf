package dev.axial.tensor.cuda;

import dev.axial.tensor.DType;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Connected-component labelling on CUDA (kernels/label.cu), the same result as the CPU backend: every foreground
 * voxel gets the smallest linear index of its component, background -1. label_init, then rounds of
 * label_propagate (min over the neighbourhood, hooking the old label) + label_jump (pointer jumping); the device
 * 'changed' flag is cleared before and read after every {@value #ROUNDS} rounds, so a converged labelling costs at
 * most {@value #ROUNDS} extra rounds and one 4-byte read back per batch.
 */
final class CudaLabeling {
    private CudaLabeling() {}

    private static final String FAMILY = "label";
    private static final int BLOCK = 256;
    private static final int ROUNDS = 4;

    static void label(CudaContext ctx, Tensor out, Tensor mask, int connectivity) {
        mask.checkAlive("label");
        long n = mask.numel();
        if (n == 0) return;
        long[] shape = mask.shape();
        try (Scope s = Scope.open(); Arena arena = Arena.ofConfined()) {
            Tensor flag = Tensor.empty(DType.INT32, mask.device(), 1);
            long flagAddr = CudaStorage.address(flag);
            KernelArgs a = new KernelArgs().ptr(CudaStorage.address(mask)).ptr(CudaStorage.address(out)).ptr(flagAddr)
                    .i64(n).i64s(shape, 8).i32(shape.length).i32(connectivity);
            long grid = ctx.gridFor(n, BLOCK);
            ctx.launch(FAMILY, "label_init", grid, BLOCK, 0, a);
            MemorySegment host = arena.allocate(ValueLayout.JAVA_INT);
            do {
                ctx.memset(flagAddr, (byte) 0, 4);
                for (int r = 0; r < ROUNDS; r++) {
                    ctx.launch(FAMILY, "label_propagate", grid, BLOCK, 0, a);
                    ctx.launch(FAMILY, "label_jump", grid, BLOCK, 0, a);
                }
                ctx.copyToHost(flagAddr, host, 4);
            } while (host.get(ValueLayout.JAVA_INT, 0) != 0);
        }
    }
}
