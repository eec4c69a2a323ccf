package dev.axial.tensor.cuda;

import dev.axial.tensor.cuda.ffi.CudaException;
import dev.axial.tensor.cuda.ffi.Cudnn;
import dev.axial.tensor.cuda.ffi.Cudnn.ConvKind;
import dev.axial.tensor.cuda.ffi.NativeLibrary;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cuDNN facade against the emulator's fake cuDNN (kernels/emu/fake_cudnn.cpp), where device pointers are host
 * pointers: descriptor validation and status names, the algorithm queries' struct layout, and small hand-checked
 * results. Skipped without the emulator (on a real GPU host pointers are not device pointers).
 */
class CudnnFacadeTest {
    static Cudnn dnn;

    @BeforeAll static void load() {
        Assumptions.assumeTrue(System.getProperty(NativeLibrary.EMULATOR_PROPERTY) != null, "needs the CUDA emulator");
        dnn = Cudnn.get();
    }

    @Test void versionAndErrorNames() {
        assertTrue(dnn.majorVersion() >= 8, "version " + dnn.version());
        assertEquals("CUDNN_STATUS_BAD_PARAM", dnn.errorString(Cudnn.STATUS_BAD_PARAM));
    }

    @Test void badDescriptorsGiveCudnnStatuses() {
        long t = dnn.createTensor();
        try {
            CudaException e = assertThrows(CudaException.class,
                    () -> dnn.setTensorNd(t, Cudnn.DATA_FLOAT, new int[]{1, 0, 3, 3}, new int[]{9, 9, 3, 1}));
            assertEquals(Cudnn.STATUS_BAD_PARAM, e.status());
            assertTrue(e.getMessage().contains("CUDNN_STATUS_BAD_PARAM"), e.getMessage());
            assertEquals("cuDNN", e.library());
        } finally {
            dnn.destroyTensor(t);
        }
        long c = dnn.createConvolution();
        try {
            assertThrows(CudaException.class, () -> dnn.setConvolutionNd(c, new int[]{0}, new int[]{0}, new int[]{1},
                    Cudnn.CROSS_CORRELATION, Cudnn.DATA_FLOAT));
            assertThrows(CudaException.class, () -> dnn.setConvolutionGroupCount(c, 0));
        } finally {
            dnn.destroyConvolution(c);
        }
    }

    /** A 1x1x1x4 input, 1x1x1x2 filter, stride 1, pad 1: y = [x0 w1, x0 w0 + x1 w1, ..., x3 w0]. */
    @Test void forwardPaddedCrossCorrelationWithBlending() {
        long h = dnn.create();
        long x = dnn.createTensor(), y = dnn.createTensor(), w = dnn.createFilter(), cv = dnn.createConvolution();
        try (Arena a = Arena.ofConfined()) {
            dnn.setTensorNd(x, Cudnn.DATA_DOUBLE, new int[]{1, 1, 1, 4}, new int[]{4, 4, 4, 1});
            dnn.setTensorNd(y, Cudnn.DATA_DOUBLE, new int[]{1, 1, 1, 5}, new int[]{5, 5, 5, 1});
            dnn.setFilterNd(w, Cudnn.DATA_DOUBLE, Cudnn.TENSOR_NCHW, new int[]{1, 1, 1, 2});
            dnn.setConvolutionNd(cv, new int[]{0, 1}, new int[]{1, 1}, new int[]{1, 1}, Cudnn.CROSS_CORRELATION, Cudnn.DATA_DOUBLE);
            MemorySegment xs = a.allocateFrom(JAVA_DOUBLE, 1, 2, 3, 4), ws = a.allocateFrom(JAVA_DOUBLE, 10, 100);
            MemorySegment ys = a.allocateFrom(JAVA_DOUBLE, 1, 1, 1, 1, 1);
            Cudnn.AlgoPerf[] perf = dnn.algorithms(ConvKind.FORWARD, h, x, w, cv, y);
            assertTrue(perf.length >= 1);
            int algo = perf[0].algo();
            long bytes = dnn.workspaceSize(ConvKind.FORWARD, h, x, w, cv, y, algo);
            assertEquals(perf[0].memory(), bytes);
            MemorySegment scratch = a.allocate(Math.max(1, bytes), 16);
            dnn.convolution(ConvKind.FORWARD, h, Cudnn.DATA_DOUBLE, 1, x, xs.address(), w, ws.address(), cv, algo,
                    scratch.address(), bytes, 0.5, y, ys.address());
            assertArrayEquals(new double[]{100.5, 210.5, 320.5, 430.5, 40.5}, ys.toArray(JAVA_DOUBLE), 0);
            if (bytes > 0) {
                CudaException e = assertThrows(CudaException.class, () -> dnn.convolution(ConvKind.FORWARD, h, Cudnn.DATA_DOUBLE,
                        1, x, xs.address(), w, ws.address(), cv, algo, 0, 0, 0, y, ys.address()));
                assertTrue(e.status() >= Cudnn.STATUS_BAD_PARAM && e.status() < Cudnn.STATUS_NOT_SUPPORTED);
            }
        } finally {
            dnn.destroyConvolution(cv);
            dnn.destroyFilter(w);
            dnn.destroyTensor(y);
            dnn.destroyTensor(x);
            dnn.destroy(h);
        }
    }

    @Test void batchNormRejectsNegativeEpsilonAndUpdatesRunningStats() {
        long h = dnn.create();
        long x = dnn.createTensor(), bn = dnn.createTensor();
        try (Arena a = Arena.ofConfined()) {
            dnn.setTensorNd(x, Cudnn.DATA_FLOAT, new int[]{2, 1, 2, 1}, new int[]{2, 2, 1, 1});
            dnn.setTensorNd(bn, Cudnn.DATA_FLOAT, new int[]{1, 1, 1, 1}, new int[]{1, 1, 1, 1});
            MemorySegment xs = a.allocateFrom(JAVA_FLOAT, 1, 2, 3, 4), ys = a.allocate(JAVA_FLOAT, 4);
            MemorySegment one = a.allocateFrom(JAVA_FLOAT, 1), zero = a.allocateFrom(JAVA_FLOAT, 0);
            MemorySegment rm = a.allocateFrom(JAVA_FLOAT, 0), rv = a.allocateFrom(JAVA_FLOAT, 1);
            MemorySegment sm = a.allocate(JAVA_FLOAT), si = a.allocate(JAVA_FLOAT);
            CudaException e = assertThrows(CudaException.class, () -> dnn.batchNormForwardTraining(h, Cudnn.BATCHNORM_SPATIAL,
                    Cudnn.DATA_FLOAT, 1, 0, x, xs.address(), x, ys.address(), bn, one.address(), zero.address(), 0.1,
                    rm.address(), rv.address(), -1e-3, sm.address(), si.address()));
            assertEquals(Cudnn.STATUS_BAD_PARAM, e.status());
            dnn.batchNormForwardTraining(h, Cudnn.BATCHNORM_SPATIAL, Cudnn.DATA_FLOAT, 1, 0, x, xs.address(), x, ys.address(),
                    bn, one.address(), zero.address(), 0.1, rm.address(), rv.address(), 1e-5, sm.address(), si.address());
            assertEquals(2.5f, sm.get(JAVA_FLOAT, 0));
            assertEquals(1 / Math.sqrt(1.25 + 1e-5), si.get(JAVA_FLOAT, 0), 1e-6);
            assertEquals(0.25f, rm.get(JAVA_FLOAT, 0), 1e-7);
            assertEquals(0.9 + 0.1 * 5.0 / 3, rv.get(JAVA_FLOAT, 0), 1e-6);   // unbiased variance 5/3
        } finally {
            dnn.destroyTensor(bn);
            dnn.destroyTensor(x);
            dnn.destroy(h);
        }
    }
}
