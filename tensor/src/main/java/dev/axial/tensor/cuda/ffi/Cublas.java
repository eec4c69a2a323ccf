package dev.axial.tensor.cuda.ffi;

import dev.axial.tensor.spi.BackendUnavailableException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * cuBLAS (libcublas.so.13, else .12): handles and the GEMMs Axial uses, column-major as cuBLAS is, every status
 * checked ({@link CudaException} with cublasGetStatusName's name). Handles, streams and device pointers are Java
 * longs; alpha and beta are host values (the default pointer mode).
 *
 * <pre>{@code
 * Cublas blas = Cublas.get();
 * long h = blas.create();
 * blas.setStream(h, stream);
 * // C (m x n) = A (m x k) B (k x n), column-major, batch of 1
 * blas.sgemmStridedBatched(h, Cublas.OP_N, Cublas.OP_N, m, n, k, 1f, a, m, 0, b, k, 0, 0f, c, m, 0, 1);
 * }</pre>
 */
public final class Cublas {
    public static final String LIBRARY = "cuBLAS";

    public static final int OP_N = 0, OP_T = 1;
    /** cudaDataType_t (library_types.h). */
    public static final int CUDA_R_32F = 0, CUDA_R_64F = 1, CUDA_R_16F = 2, CUDA_R_16BF = 14;
    /** cublasComputeType_t CUBLAS_COMPUTE_32F. */
    public static final int COMPUTE_32F = 68;
    /** cublasGemmAlgo_t CUBLAS_GEMM_DEFAULT. */
    public static final int GEMM_DEFAULT = -1;
    /** cublasMath_t: CUBLAS_DEFAULT_MATH (no TF32 down-conversion), CUBLAS_TF32_TENSOR_OP_MATH. */
    public static final int DEFAULT_MATH = 0, TF32_TENSOR_OP_MATH = 3;

    private static final LoadOnce<Cublas> INSTANCE = new LoadOnce<>(() -> new Cublas(NativeLibrary.open(LIBRARY, "libcublas.so.13", "libcublas.so.12")));

    private final NativeLibrary lib;
    private final NativeLibrary.Function create, destroy, setStream, setMathMode, getStatusName, getVersion,
            sgemm, dgemm, sgemmStridedBatched, dgemmStridedBatched, gemmStridedBatchedEx;

    private Cublas(NativeLibrary lib) {
        this.lib = lib;
        create = lib.function("cublasCreate_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        destroy = lib.function("cublasDestroy_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        setStream = lib.function("cublasSetStream_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
        setMathMode = lib.function("cublasSetMathMode", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT));
        getStatusName = lib.function("cublasGetStatusName", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        getVersion = lib.function("cublasGetVersion_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS));
        FunctionDescriptor gemm = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
        sgemm = lib.function("cublasSgemm_v2", gemm);
        dgemm = lib.function("cublasDgemm_v2", gemm);
        FunctionDescriptor batched = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
        sgemmStridedBatched = lib.function("cublasSgemmStridedBatched", batched);
        dgemmStridedBatched = lib.function("cublasDgemmStridedBatched", batched);
        gemmStridedBatchedEx = lib.function("cublasGemmStridedBatchedEx", FunctionDescriptor.of(JAVA_INT,
                JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG,
                JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG,
                ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT));
    }

    /** cuBLAS, loaded once; throws {@link BackendUnavailableException} naming the sonames tried. */
    public static Cublas get() { return INSTANCE.get(); }

    public String soname() { return lib.soname(); }

    private static final ThreadLocal<MemorySegment> SCRATCH = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(64, 16));

    private void check(int status, String call) {
        if (status != 0) throw new CudaException(LIBRARY, call, status, statusName(status));
    }

    /** cublasGetStatusName, or "cuBLAS status N"; never throws. */
    public String statusName(int status) {
        try {
            MemorySegment s = (MemorySegment) getStatusName.handle().invokeExact(status);
            if (!s.equals(MemorySegment.NULL)) return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            // fall through
        }
        return "cuBLAS status " + status;
    }

    /** A new handle (on the context current on this thread). */
    public long create() {
        MemorySegment o = SCRATCH.get();
        int s;
        try { s = (int) create.handle().invokeExact(o); } catch (Throwable t) { throw CudaDriver.rethrow(t); }
        check(s, "cublasCreate_v2()");
        return o.get(JAVA_LONG, 0);
    }

    public void destroy(long handle) {
        int s;
        try { s = (int) destroy.handle().invokeExact(handle); } catch (Throwable t) { throw CudaDriver.rethrow(t); }
        check(s, "cublasDestroy_v2()");
    }

    public void setStream(long handle, long stream) {
        int s;
        try { s = (int) setStream.handle().invokeExact(handle, stream); } catch (Throwable t) { throw CudaDriver.rethrow(t); }
        check(s, "cublasSetStream_v2()");
    }

    public void setMathMode(long handle, int mode) {
        int s;
        try { s = (int) setMathMode.handle().invokeExact(handle, mode); } catch (Throwable t) { throw CudaDriver.rethrow(t); }
        check(s, "cublasSetMathMode(" + mode + ")");
    }

    /** cublasGetVersion_v2: major*10000 + minor*100 + patch. */
    public int version(long handle) {
        MemorySegment o = SCRATCH.get();
        int s;
        try { s = (int) getVersion.handle().invokeExact(handle, o); } catch (Throwable t) { throw CudaDriver.rethrow(t); }
        check(s, "cublasGetVersion_v2()");
        return o.get(JAVA_INT, 0);
    }

    private static MemorySegment scalars(MemoryLayout layout, double alpha, double beta) {
        MemorySegment o = SCRATCH.get();
        if (layout == JAVA_DOUBLE) {
            o.set(JAVA_DOUBLE, 0, alpha);
            o.set(JAVA_DOUBLE, 8, beta);
        } else {
            o.set(JAVA_FLOAT, 0, (float) alpha);
            o.set(JAVA_FLOAT, 8, (float) beta);
        }
        return o;
    }

    private static void checkGemm(String call, int m, int n, int k, long a, long b, long c, int batch) {
        if (m < 0 || n < 0 || k < 0 || batch < 0)
            throw new IllegalArgumentException(call + ": negative size m=" + m + " n=" + n + " k=" + k + " batch=" + batch);
        if ((k > 0 && (a == 0 || b == 0)) || c == 0) throw new IllegalArgumentException(call + ": null device pointer");
    }

    /** C = alpha op(A) op(B) + beta C, float32, column-major. */
    public void sgemm(long h, int ta, int tb, int m, int n, int k, float alpha, long a, int lda, long b, int ldb, float beta, long c, int ldc) {
        gemm(sgemm, JAVA_FLOAT, h, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /** C = alpha op(A) op(B) + beta C, float64, column-major. */
    public void dgemm(long h, int ta, int tb, int m, int n, int k, double alpha, long a, int lda, long b, int ldb, double beta, long c, int ldc) {
        gemm(dgemm, JAVA_DOUBLE, h, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    private void gemm(NativeLibrary.Function f, MemoryLayout scalar, long h, int ta, int tb, int m, int n, int k, double alpha,
                      long a, int lda, long b, int ldb, double beta, long c, int ldc) {
        checkGemm(f.symbol(), m, n, k, a, b, c, 1);
        MemorySegment ab = scalars(scalar, alpha, beta);
        int s;
        try { s = (int) f.handle().invokeExact(h, ta, tb, m, n, k, ab, a, lda, b, ldb, ab.asSlice(8), c, ldc); }
        catch (Throwable t) { throw CudaDriver.rethrow(t); }
        check(s, f.symbol() + "(m=" + m + ", n=" + n + ", k=" + k + ")");
    }

    /** {@code batch} float32 GEMMs, matrix i at A + i*strideA (elements), etc. */
    public void sgemmStridedBatched(long h, int ta, int tb, int m, int n, int k, float alpha, long a, int lda, long strideA,
                                    long b, int ldb, long strideB, float beta, long c, int ldc, long strideC, int batch) {
        batched(sgemmStridedBatched, JAVA_FLOAT, h, ta, tb, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC, batch);
    }

    /** {@code batch} float64 GEMMs. */
    public void dgemmStridedBatched(long h, int ta, int tb, int m, int n, int k, double alpha, long a, int lda, long strideA,
                                    long b, int ldb, long strideB, double beta, long c, int ldc, long strideC, int batch) {
        batched(dgemmStridedBatched, JAVA_DOUBLE, h, ta, tb, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC, batch);
    }

    private void batched(NativeLibrary.Function f, MemoryLayout scalar, long h, int ta, int tb, int m, int n, int k, double alpha,
                         long a, int lda, long strideA, long b, int ldb, long strideB, double beta, long c, int ldc, long strideC, int batch) {
        checkGemm(f.symbol(), m, n, k, a, b, c, batch);
        MemorySegment ab = scalars(scalar, alpha, beta);
        int s;
        try {
            s = (int) f.handle().invokeExact(h, ta, tb, m, n, k, ab, a, lda, strideA, b, ldb, strideB, ab.asSlice(8), c, ldc, strideC, batch);
        } catch (Throwable t) { throw CudaDriver.rethrow(t); }
        check(s, f.symbol() + "(m=" + m + ", n=" + n + ", k=" + k + ", batch=" + batch + ")");
    }

    /**
     * cublasGemmStridedBatchedEx with one data type for A, B and C ({@link #CUDA_R_16F}, {@link #CUDA_R_16BF}, ...)
     * and float compute ({@link #COMPUTE_32F}, float alpha and beta), {@link #GEMM_DEFAULT} algorithm.
     */
    public void gemmStridedBatchedEx(long h, int ta, int tb, int m, int n, int k, float alpha, long a, int lda, long strideA,
                                     long b, int ldb, long strideB, float beta, long c, int ldc, long strideC, int batch, int dataType) {
        checkGemm("cublasGemmStridedBatchedEx", m, n, k, a, b, c, batch);
        MemorySegment ab = scalars(JAVA_FLOAT, alpha, beta);
        int s;
        try {
            s = (int) gemmStridedBatchedEx.handle().invokeExact(h, ta, tb, m, n, k, ab, a, dataType, lda, strideA,
                    b, dataType, ldb, strideB, ab.asSlice(8), c, dataType, ldc, strideC, batch, COMPUTE_32F, GEMM_DEFAULT);
        } catch (Throwable t) { throw CudaDriver.rethrow(t); }
        check(s, "cublasGemmStridedBatchedEx(m=" + m + ", n=" + n + ", k=" + k + ", batch=" + batch + ", type=" + dataType + ")");
    }
}
