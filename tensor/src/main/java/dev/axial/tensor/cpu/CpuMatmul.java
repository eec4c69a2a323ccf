package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import dev.axial.tensor.Tensor;

import java.lang.foreign.MemorySegment;

/**
 * Batched matmul on the CPU, (B, M, K) x (B, K, N) -> (B, M, N): float32 and float64 through the packed
 * {@link Sgemm} / {@link Dgemm} (matrix-vector shapes through {@link Gemv}), float16/bfloat16 computed in float32
 * and rounded once, integers (exact, wrapping long arithmetic as PyTorch's CPU kernels) through a row loop over
 * gathered panels.
 */
final class CpuMatmul {
    /** Below this many multiply-adds per matrix, batches run in parallel rather than each matrix. */
    private static final long SMALL = 1L << 16;
    /** Below this many multiply-adds per matrix, a batch of at least two per thread runs whole matrices per thread. */
    private static final long BATCH_SPLIT = 1L << 22;

    private CpuMatmul() {}

    static void matmul(Tensor out, Tensor a, Tensor b) {
        long batch = out.size(0), m = out.size(1), n = out.size(2), k = a.size(2);
        if (out.numel() == 0) return;
        DType dt = out.dtype();
        switch (dt) {
            case FLOAT32, FLOAT64 -> floatBatched(out, a, b, batch, m, n, k);
            case FLOAT16, BFLOAT16 -> {
                // compute in float32, round once at the end (as PyTorch's CPU half matmul accumulates in float)
                try (Tensor af = a.to(DType.FLOAT32); Tensor bf = b.to(DType.FLOAT32);
                     Tensor of = Tensor.empty(DType.FLOAT32, out.device(), out.shape())) {
                    floatBatched(of, af, bf, batch, m, n, k);
                    CpuCopy.copy(out, of);
                }
            }
            case BOOL -> throw new UnsupportedOperationException("matmul: bool is not supported");
            default -> rowLoop(out, a, b, batch, m, n, k);
        }
    }

    /** A GEMM or GEMV on one matrix of the batch; offsets and strides in elements, C row-major with row stride n. */
    @FunctionalInterface
    private interface Product {
        void run(int m, int n, int k, MemorySegment a, long aOff, long aRs, long aCs,
                 MemorySegment b, long bOff, long bRs, long bCs, MemorySegment c, long cOff, long cRs);
    }

    /**
     * Float32 or float64 (B, M, K) x (B, K, N): strided operands straight in, no copies. N == 1 or M == 1 is a
     * matrix-vector product ({@link Gemv}: a GEMM micro-tile would pad it 8 to 32 times over), else the packed GEMM.
     */
    private static void floatBatched(Tensor out, Tensor a, Tensor b, long batch, long m, long n, long k) {
        checkInt(m, n, k);
        boolean dbl = out.dtype() == DType.FLOAT64;
        Product gemm = dbl
                ? (mm, nn, kk, sa, ao, ars, acs, sb, bo, brs, bcs, sc, co, crs) ->
                        Dgemm.dgemm(mm, nn, kk, 1.0, sa, ao, ars, acs, sb, bo, brs, bcs, 0.0, sc, co, crs)
                : (mm, nn, kk, sa, ao, ars, acs, sb, bo, brs, bcs, sc, co, crs) ->
                        Sgemm.sgemm(mm, nn, kk, 1f, sa, ao, ars, acs, sb, bo, brs, bcs, 0f, sc, co, crs);
        Product product;
        if (n == 1) {
            // y (m) = A (m x k) b(:, 0)
            product = (mm, nn, kk, sa, ao, ars, acs, sb, bo, brs, bcs, sc, co, crs) -> {
                if (dbl) Gemv.dgemv(mm, kk, sa, ao, ars, acs, sb, bo, brs, sc, co, crs);
                else Gemv.sgemv(mm, kk, sa, ao, ars, acs, sb, bo, brs, sc, co, crs);
            };
        } else if (m == 1) {
            // y (n) = B^T (n x k) a(0, :): B's columns are the rows of the GEMV
            product = (mm, nn, kk, sa, ao, ars, acs, sb, bo, brs, bcs, sc, co, crs) -> {
                if (dbl) Gemv.dgemv(nn, kk, sb, bo, bcs, brs, sa, ao, acs, sc, co, 1);
                else Gemv.sgemv(nn, kk, sb, bo, bcs, brs, sa, ao, acs, sc, co, 1);
            };
        } else {
            product = gemm;
        }
        MemorySegment sa = CpuBackend.seg(a), sb = CpuBackend.seg(b), so = CpuBackend.seg(out);
        long[] as = a.strides(), bs = b.strides();
        long mnk = m * n * k;
        Parallel.Range body = (s, e) -> {
            for (long i = s; i < e; i++) {
                product.run((int) m, (int) n, (int) k,
                        sa, a.offset() + i * as[0], as[1], as[2],
                        sb, b.offset() + i * bs[0], bs[1], bs[2],
                        so, out.offset() + i * m * n, n);
            }
        };
        // NOTE: each matrix is computed identically either way (the kernels' results do not depend on threads);
        // whole matrices per thread beat splitting each small one (one hand-off per batch instead of per matrix)
        if (batch > 1 && (mnk < SMALL || batch >= 2L * Parallel.threads() && mnk < BATCH_SPLIT))
            Parallel.forRange(batch, Math.max(1, SMALL / Math.max(mnk, 1)), body);
        else body.run(0, batch);
    }

    private static void checkInt(long m, long n, long k) {
        if (m > Integer.MAX_VALUE || n > Integer.MAX_VALUE || k > Integer.MAX_VALUE)
            throw new UnsupportedOperationException("matmul: a dimension over 2^31-1 (" + m + "x" + k + " @ " + k + "x" + n + ")");
    }

    /**
     * Integers: out[b, i, :] = sum_p a[b, i, p] * b[b, p, :], row by row in p order (so a row's result does not depend
     * on how rows are split across threads). B's matrix is gathered once per batch into a contiguous heap panel.
     */
    private static void rowLoop(Tensor out, Tensor a, Tensor b, long batch, long m, long n, long k) {
        checkInt(m, n, k);
        if (k * n > Integer.MAX_VALUE - 8) throw new UnsupportedOperationException("matmul: operand too large for this dtype");
        MemorySegment sa = CpuBackend.seg(a), sb = CpuBackend.seg(b), so = CpuBackend.seg(out);
        long[] as = a.strides(), bs = b.strides();
        int ni = (int) n, ki = (int) k;
        long grain = Math.max(1, (1L << 15) / Math.max(1, k * n));
        for (long bi = 0; bi < batch; bi++) {
            long aBase = a.offset() + bi * as[0], bBase = b.offset() + bi * bs[0], oBase = out.offset() + bi * m * n;
            long[] pl = new long[ki * ni];
            for (int p = 0, o = 0; p < ki; p++)
                for (int j = 0; j < ni; j++, o++) pl[o] = Elem.getLong(sb, b.dtype(), bBase + p * bs[1] + j * bs[2]);
            Parallel.forRange(m, grain, (s, e) -> {
                for (long i = s; i < e; i++) rowLong(sa, a.dtype(), aBase + i * as[1], as[2], pl, ki, ni, so, out.dtype(), oBase + i * n);
            });
        }
    }

    /** Exact (wrapping) int64 arithmetic, as PyTorch's CPU integer matmul. */
    private static void rowLong(MemorySegment sa, DType ta, long ar, long ak, long[] panel, int k, int n,
                                MemorySegment so, DType to, long or) {
        long[] row = new long[n];
        for (int p = 0; p < k; p++) {
            long x = Elem.getLong(sa, ta, ar + p * ak);
            if (x == 0) continue;
            for (int j = 0, o = p * n; j < n; j++) row[j] += x * panel[o + j];
        }
        for (int j = 0; j < n; j++) Elem.putLong(so, to, or + j, row[j]);
    }
}
