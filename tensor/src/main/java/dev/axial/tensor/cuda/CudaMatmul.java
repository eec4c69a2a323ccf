package dev.axial.tensor.cuda;

import dev.axial.tensor.DType;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.cuda.ffi.Cublas;

/**
 * Batched matmul through cuBLAS's strided-batched GEMM. cuBLAS is column-major; a row-major (M, N) result C is the
 * column-major (N, M) matrix C^T = B^T A^T, so the call swaps the operands: gemm(m = N, n = M, k = K, B, A). A
 * row-major operand whose last dim has unit stride is, seen column-major, its own transpose with leading dimension
 * stride[-2] (OP_N in the swapped call); one whose second-to-last dim has unit stride is itself with leading
 * dimension stride[-1] (OP_T). float32 and float64 use S/DgemmStridedBatched, float16 and bfloat16 GemmStridedBatchedEx
 * with float accumulation; the math mode is cuBLAS's default (no TF32), so float32 matches the CPU.
 *
 * <pre>{@code
 * CudaMatmul.matmul(ctx, out, a, b);   // (B, M, K) x (B, K, N) -> (B, M, N), out contiguous
 * }</pre>
 *
 * An operand with neither unit-stride layout (or a negative batch stride) is first copied contiguous (through the
 * backend's elementwise copy). Integer matmul has no cuBLAS routine: not implemented.
 */
final class CudaMatmul {
    private CudaMatmul() {}

    /** How cuBLAS reads one row-major operand: op and leading dimension, or null when it must be copied first. */
    record Layout(int op, long ld) {}

    /** The layout of a row-major (rows x cols) matrix with strides (rowStride, colStride), as seen column-major. */
    static Layout layout(long rows, long cols, long rowStride, long colStride) {
        if (cols == 1 || colStride == 1) {
            long ld = rows == 1 ? Math.max(cols, 1) : rowStride;
            if (ld >= Math.max(cols, 1)) return new Layout(Cublas.OP_N, ld);
        }
        if (rows == 1 || rowStride == 1) {
            long ld = cols == 1 ? Math.max(rows, 1) : colStride;
            if (ld >= Math.max(rows, 1)) return new Layout(Cublas.OP_T, ld);
        }
        return null;
    }

    static void matmul(CudaContext ctx, Tensor out, Tensor a, Tensor b) {
        DType dt = out.dtype();
        long[] as = a.shape(), bs = b.shape(), os = out.shape();
        if (as.length != 3 || bs.length != 3 || os.length != 3 || as[0] != bs[0] || as[2] != bs[1] || os[0] != as[0]
                || os[1] != as[1] || os[2] != bs[2] || a.dtype() != dt || b.dtype() != dt)
            throw new IllegalArgumentException("cuda matmul: expects (B, M, K) x (B, K, N) -> (B, M, N) of one dtype, got "
                    + a.describe() + " x " + b.describe() + " -> " + out.describe());
        if (!out.isContiguous()) throw new IllegalArgumentException("cuda matmul: the output must be contiguous, got " + out.describe());
        long batch = as[0], m = as[1], k = as[2], n = bs[2];
        if (batch == 0 || m == 0 || n == 0) return;
        if (k == 0) {
            ctx.memset(CudaStorage.address(out), (byte) 0, out.numel() * dt.byteSize());
            return;
        }
        int dataType = switch (dt) {
            case FLOAT32 -> Cublas.CUDA_R_32F;
            case FLOAT64 -> Cublas.CUDA_R_64F;
            case FLOAT16 -> Cublas.CUDA_R_16F;
            case BFLOAT16 -> Cublas.CUDA_R_16BF;
            case UINT8, INT8, INT16, INT32, INT64 -> -1;
            default -> throw new UnsupportedOperationException("cuda matmul: " + dt + " is not supported: " + a.describe() + " x " + b.describe());
        };
        if (dataType < 0) {   // integers: cuBLAS has none; our kernel, exact wrapping int64 as the CPU
            long[] sa = a.strides(), sb = b.strides();
            KernelArgs args = new KernelArgs().ptr(CudaStorage.address(out)).ptr(CudaStorage.address(a)).ptr(CudaStorage.address(b))
                    .i64(batch).i64(m).i64(n).i64(k).i64(sa[0]).i64(sa[1]).i64(sa[2]).i64(sb[0]).i64(sb[1]).i64(sb[2]);
            ctx.launch("linalg", "matmul_int_" + CudaDTypes.suffix(dt), ctx.gridFor(batch * m * n, 256), 256, 0, args);
            return;
        }
        if (gemmable(a) && gemmable(b)) {
            gemm(ctx, out, a, b, dataType);
            return;
        }
        try (Scope s = Scope.open()) {   // an operand cuBLAS cannot read as it is: a contiguous copy (the elementwise copy kernel)
            gemm(ctx, out, gemmable(a) ? a : a.contiguous(), gemmable(b) ? b : b.contiguous(), dataType);
        }
    }

    /** True when cuBLAS reads the 3-D operand as it is (unit stride in one of the last two dims, batch stride >= 0). */
    static boolean gemmable(Tensor t) {
        return layout(t.size(1), t.size(2), t.stride(1), t.stride(2)) != null && (t.size(0) == 1 || t.stride(0) >= 0);
    }

    private static void gemm(CudaContext ctx, Tensor out, Tensor a, Tensor b, int dataType) {
        DType dt = out.dtype();
        long batch = a.size(0), m = a.size(1), k = a.size(2), n = b.size(2);
        // swapped call: cuBLAS's A is our b (N x K as needed), cuBLAS's B is our a
        Layout lb = layout(k, n, b.stride(1), b.stride(2)), la = layout(m, k, a.stride(1), a.stride(2));
        long sa = batch == 1 ? 0 : a.stride(0), sb = batch == 1 ? 0 : b.stride(0);
        for (long v : new long[]{batch, m, n, k, la.ld(), lb.ld()})
            if (v > Integer.MAX_VALUE)
                throw new IllegalArgumentException("cuda matmul: " + a.describe() + " x " + b.describe() + " exceeds cuBLAS's 32-bit sizes");
        Cublas blas = Cublas.get();
        long h = ctx.cublas();
        long pa = CudaStorage.address(b), pb = CudaStorage.address(a), pc = CudaStorage.address(out);
        int M = (int) n, N = (int) m, K = (int) k, lda = (int) lb.ld(), ldb = (int) la.ld(), ldc = (int) n, nb = (int) batch;
        long strideC = m * n;
        synchronized (ctx) {   // one handle per context; calls on it are serialised
            switch (dt) {
                case FLOAT32 -> blas.sgemmStridedBatched(h, lb.op(), la.op(), M, N, K, 1f, pa, lda, sb, pb, ldb, sa, 0f, pc, ldc, strideC, nb);
                case FLOAT64 -> blas.dgemmStridedBatched(h, lb.op(), la.op(), M, N, K, 1d, pa, lda, sb, pb, ldb, sa, 0d, pc, ldc, strideC, nb);
                default -> blas.gemmStridedBatchedEx(h, lb.op(), la.op(), M, N, K, 1f, pa, lda, sb, pb, ldb, sa, 0f, pc, ldc, strideC, nb, dataType);
            }
        }
    }
}
