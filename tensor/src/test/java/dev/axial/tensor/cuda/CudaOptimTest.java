package dev.axial.tensor.cuda;

import dev.axial.tensor.Backends;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The optimizer kernels' contract (optim's tests compare whole optimizers with the CPU): what they accept, the
 * float32 sum of squares, an SGD step by hand; and the emulator is never taken for a GPU.
 */
class CudaOptimTest {
    static final Device CUDA = Device.cuda(0);

    @BeforeAll static void needCuda() {
        assumeTrue(Backends.isAvailable(CUDA), () -> "no CUDA backend: " + Backends.status().get("cuda"));
    }

    @Test void acceptsContiguousFloat32OnOneDeviceOnly() {
        try (Scope s = Scope.open()) {
            Tensor p = Tensor.zeros(DType.FLOAT32, CUDA, 4, 3), g = Tensor.ones(DType.FLOAT32, CUDA, 4, 3);
            assertTrue(CudaOptim.fusable(p, g, null));
            assertFalse(CudaOptim.fusable(p, Tensor.ones(4, 3)), "a CPU operand");
            assertFalse(CudaOptim.fusable(p, g.to(DType.FLOAT64)), "float64");
            assertFalse(CudaOptim.fusable(p, g.transpose(0, 1)), "a strided view");
            assertFalse(CudaOptim.fusable((Tensor) null), "nothing on a device");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CudaOptim.sgd(p, Tensor.ones(4, 3), null, true, 0, 0, 0, false, 1));
            assertTrue(e.getMessage().contains("optim.sgd"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> CudaOptim.sgd(p, Tensor.ones(DType.FLOAT32, CUDA, 5), null, true, 0, 0, 0, false, 1));
        }
    }

    @Test void sgdStepAndSumOfSquares() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.randn(new Generator(1), 1000, 7);
            assertEquals((float) x.square().sum().item(), CudaOptim.sumSquares(x.to(CUDA)), 1e-6 * x.square().sum().item());
            Tensor p = Tensor.ones(DType.FLOAT32, CUDA, 1000, 7);
            CudaOptim.sgd(p, x.to(CUDA), null, true, 0.5f, 0, 0, false, 0.1f);   // p - 0.1 (x + 0.5 p)
            assertArrayEquals(Tensor.ones(1000, 7).sub(x.add(Tensor.ones(1000, 7).mul(0.5)).mul(0.1)).toFloatArray(),
                    p.to(Device.CPU).toFloatArray(), 1e-6f);
        }
    }

    @Test void theEmulatorIsNeverTheAutomaticDevice() {
        assumeTrue(Backends.get(CUDA).isEmulated(), "runs on the emulator");
        assertFalse(Backends.isRealGpu(CUDA));
        assertEquals(Device.CPU, Backends.preferredDevice());
        assertEquals(CUDA, Backends.parseDevice("cuda"));
    }
}
