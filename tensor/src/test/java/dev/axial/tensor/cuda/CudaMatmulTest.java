package dev.axial.tensor.cuda;

import dev.axial.tensor.Backends;
import dev.axial.tensor.Conformance;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.cuda.ffi.Cublas;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Matmul through cuBLAS (or the emulator's fake cuBLAS) against the CPU backend. */
class CudaMatmulTest {
    static final Device CUDA = Device.cuda(0);

    @BeforeAll static void needCuda() {
        assumeTrue(Backends.isAvailable(CUDA), () -> "no CUDA backend: " + Backends.status().get("cuda"));
    }

    static void assertClose(Tensor expect, Tensor got, DType dt) {
        double[] e = expect.toDoubleArray(), g = got.cpu().toDoubleArray();
        assertEquals(e.length, g.length);
        double tol = Math.max(Conformance.tol(dt), 1e-6) * 8;
        for (int i = 0; i < e.length; i++)
            assertEquals(e[i], g[i], tol * Math.max(1, Math.abs(e[i])), dt + " element " + i);
    }

    /** a (b, m, k) x b (b, k, n) on the device vs the CPU, with the given views applied on both. */
    static void check(DType dt, int batch, int m, int k, int n, boolean transposeA, boolean transposeB) {
        try (Scope s = Scope.open()) {
            double[] av = Conformance.uniform(1, batch * m * k, -1, 1), bv = Conformance.uniform(2, batch * k * n, -1, 1);
            Tensor a = transposeA ? Conformance.tensor(Device.CPU, dt, av, batch, k, m).transpose(1, 2)
                    : Conformance.tensor(Device.CPU, dt, av, batch, m, k);
            Tensor b = transposeB ? Conformance.tensor(Device.CPU, dt, bv, batch, n, k).transpose(1, 2)
                    : Conformance.tensor(Device.CPU, dt, bv, batch, k, n);
            Tensor expect = Tensor.empty(dt, Device.CPU, batch, m, n);
            Backends.get(Device.CPU).matmul(expect, a, b);
            Tensor da = transposeA ? a.transpose(1, 2).contiguous().to(CUDA).transpose(1, 2) : a.to(CUDA);
            Tensor db = transposeB ? b.transpose(1, 2).contiguous().to(CUDA).transpose(1, 2) : b.to(CUDA);
            Tensor out = Tensor.empty(dt, CUDA, batch, m, n);
            Backends.get(CUDA).matmul(out, da, db);
            assertClose(expect, out, dt);
        }
    }

    @ParameterizedTest @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64", "FLOAT16", "BFLOAT16"})
    void matchesTheCpu(DType dt) {
        check(dt, 3, 5, 7, 4, false, false);
        check(dt, 2, 6, 3, 5, true, false);
        check(dt, 2, 4, 6, 3, false, true);
        check(dt, 1, 3, 4, 5, true, true);
        check(dt, 2, 1, 5, 1, false, false);
    }

    @Test void broadcastBatchAndEmptyK() {
        try (Scope s = Scope.open()) {
            Tensor a = Conformance.tensor(Device.CPU, DType.FLOAT32, Conformance.uniform(3, 12, -1, 1), 1, 3, 4).expand(5, 3, 4);
            Tensor b = Conformance.tensor(Device.CPU, DType.FLOAT32, Conformance.uniform(4, 5 * 8, -1, 1), 5, 4, 2);
            Tensor expect = Tensor.empty(DType.FLOAT32, Device.CPU, 5, 3, 2);
            Backends.get(Device.CPU).matmul(expect, a, b);
            Tensor da = Conformance.tensor(Device.CPU, DType.FLOAT32, Conformance.uniform(3, 12, -1, 1), 1, 3, 4).to(CUDA).expand(5, 3, 4);
            Tensor out = Tensor.empty(DType.FLOAT32, CUDA, 5, 3, 2);
            Backends.get(CUDA).matmul(out, da, b.to(CUDA));
            assertClose(expect, out, DType.FLOAT32);

            Tensor z = Tensor.empty(DType.FLOAT32, CUDA, 2, 3, 4);
            Backends.get(CUDA).matmul(z, Tensor.empty(DType.FLOAT32, CUDA, 2, 3, 0), Tensor.empty(DType.FLOAT32, CUDA, 2, 0, 4));
            for (double v : z.cpu().toDoubleArray()) assertEquals(0, v);
        }
    }

    /** Every other element of the last dim of a contiguous (2, 3, 8): strides (24, 8, 2), no unit stride. */
    static Tensor everyOther(Tensor t) {
        return new Tensor(t.storage(), t.backend(), new long[]{2, 3, 4}, new long[]{24, 8, 2}, 0);
    }

    @Test void operandsWithoutUnitStrideAreCopiedFirst() {
        try (Scope s = Scope.open()) {
            double[] av = Conformance.uniform(5, 2 * 3 * 8, -1, 1);
            Tensor a = everyOther(Conformance.tensor(Device.CPU, DType.FLOAT32, av, 2, 3, 8));
            Tensor b = Conformance.tensor(Device.CPU, DType.FLOAT32, Conformance.uniform(6, 2 * 4 * 5, -1, 1), 2, 4, 5);
            Tensor expect = Tensor.empty(DType.FLOAT32, Device.CPU, 2, 3, 5);
            Backends.get(Device.CPU).matmul(expect, a, b);
            Tensor da = everyOther(Conformance.tensor(Device.CPU, DType.FLOAT32, av, 2, 3, 8).to(CUDA));
            Tensor out = Tensor.empty(DType.FLOAT32, CUDA, 2, 3, 5);
            try {
                Backends.get(CUDA).matmul(out, da, b.to(CUDA));
            } catch (UnsupportedOperationException e) {
                assumeTrue(false, "needs the CUDA elementwise copy: " + e.getMessage());
            }
            assertClose(expect, out, DType.FLOAT32);
        }
    }

    @Test void layoutsMapUnitStrideToOpNOrOpT() {
        assertEquals(new CudaMatmul.Layout(Cublas.OP_N, 5), CudaMatmul.layout(3, 5, 5, 1));    // row-major
        assertEquals(new CudaMatmul.Layout(Cublas.OP_T, 3), CudaMatmul.layout(3, 5, 1, 3));    // transposed view
        assertEquals(new CudaMatmul.Layout(Cublas.OP_N, 8), CudaMatmul.layout(3, 5, 8, 1));    // padded rows
        assertEquals(new CudaMatmul.Layout(Cublas.OP_N, 5), CudaMatmul.layout(1, 5, 0, 1));    // one row
        assertNull(CudaMatmul.layout(3, 5, 10, 2));                                            // needs a copy
        assertNull(CudaMatmul.layout(3, 5, 0, 1));                                             // broadcast rows
    }

    @Test void integerMatmulWrapsAsTheCpu() {
        Random r = new Random(11);
        for (DType dt : new DType[]{DType.UINT8, DType.INT8, DType.INT16, DType.INT32, DType.INT64}) {
            try (Scope s = Scope.open()) {
                long[] av = new long[2 * 3 * 5], bv = new long[2 * 5 * 4];
                for (int i = 0; i < av.length; i++) av[i] = dt == DType.INT64 ? r.nextLong() : r.nextInt(256) - 128;
                for (int i = 0; i < bv.length; i++) bv[i] = dt == DType.INT64 ? r.nextLong() : r.nextInt(256) - 128;
                Tensor a = Tensor.of(av, 2, 3, 5).to(dt), b = Tensor.of(bv, 2, 4, 5).to(dt).transpose(1, 2);  // a strided operand
                Tensor ref = a.matmul(b);
                Tensor got = a.to(CUDA).matmul(b.to(CUDA).transpose(1, 2).contiguous().transpose(1, 2));
                assertArrayEquals(ref.toLongArray(), got.cpu().toLongArray(), dt.toString());
            }
        }
    }
}
