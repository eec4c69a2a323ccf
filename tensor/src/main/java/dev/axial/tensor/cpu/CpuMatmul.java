package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import dev.axial.tensor.Tensor;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;

/**
 * Batched matmul on the CPU, (B, M, K) x (B, K, N) -> (B, M, N): float32 through the packed {@link Sgemm}
 * (strided operands straight in, no copies), float16/bfloat16 computed in float32, float64 and integers
 * (exact, wrapping long arithmetic as PyTorch's CPU kernels) through a row loop over gathered panels.
 */
final class CpuMatmul {
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    /** Below this many multiply-adds per matrix, batches run in parallel rather than each matrix. */
    private static final long SMALL = 1L << 16;

    private CpuMatmul() {}

    static void matmul(Tensor out, Tensor a, Tensor b) {
        long batch = out.size(0), m = out.size(1), n = out.size(2), k = a.size(2);
        if (out.numel() == 0) return;
        DType dt = out.dtype();
        switch (dt) {
            case FLOAT32 -> sgemmBatched(out, a, b, batch, m, n, k);
            case FLOAT16, BFLOAT16 -> {
                // compute in float32, round once at the end (as PyTorch's CPU half matmul accumulates in float)
                try (Tensor af = a.to(DType.FLOAT32); Tensor bf = b.to(DType.FLOAT32);
                     Tensor of = Tensor.empty(DType.FLOAT32, out.device(), out.shape())) {
                    sgemmBatched(of, af, bf, batch, m, n, k);
                    CpuCopy.copy(out, of);
                }
            }
            case FLOAT64 -> rowLoop(out, a, b, batch, m, n, k, true);
            case BOOL -> throw new UnsupportedOperationException("matmul: bool is not supported");
            default -> rowLoop(out, a, b, batch, m, n, k, false);
        }
    }

    private static void sgemmBatched(Tensor out, Tensor a, Tensor b, long batch, long m, long n, long k) {
        checkInt(m, n, k);
        MemorySegment sa = CpuBackend.seg(a), sb = CpuBackend.seg(b), so = CpuBackend.seg(out);
        long[] as = a.strides(), bs = b.strides();
        long mnk = m * n * k;
        Parallel.Range body = (s, e) -> {
            for (long i = s; i < e; i++) {
                Sgemm.sgemm((int) m, (int) n, (int) k, 1f,
                        sa, a.offset() + i * as[0], as[1], as[2],
                        sb, b.offset() + i * bs[0], bs[1], bs[2],
                        0f, so, out.offset() + i * m * n, n);
            }
        };
        // NOTE: each matrix is computed identically either way (Sgemm's results do not depend on threads)
        if (mnk < SMALL && batch > 1) Parallel.forRange(batch, Math.max(1, SMALL / Math.max(mnk, 1)), body);
        else body.run(0, batch);
    }

    private static void checkInt(long m, long n, long k) {
        if (m > Integer.MAX_VALUE || n > Integer.MAX_VALUE || k > Integer.MAX_VALUE)
            throw new UnsupportedOperationException("matmul: a dimension over 2^31-1 (" + m + "x" + k + " @ " + k + "x" + n + ")");
    }

    /**
     * out[b, i, :] = sum_p a[b, i, p] * b[b, p, :], row by row in p order (so a row's result does not depend on how
     * rows are split across threads). B's matrix is gathered once per batch into a contiguous heap panel.
     */
    private static void rowLoop(Tensor out, Tensor a, Tensor b, long batch, long m, long n, long k, boolean floating) {
        checkInt(m, n, k);
        if (k * n > Integer.MAX_VALUE - 8) throw new UnsupportedOperationException("matmul: operand too large for this dtype");
        MemorySegment sa = CpuBackend.seg(a), sb = CpuBackend.seg(b), so = CpuBackend.seg(out);
        long[] as = a.strides(), bs = b.strides();
        int ni = (int) n, ki = (int) k;
        long grain = Math.max(1, (1L << 15) / Math.max(1, k * n));
        for (long bi = 0; bi < batch; bi++) {
            long aBase = a.offset() + bi * as[0], bBase = b.offset() + bi * bs[0], oBase = out.offset() + bi * m * n;
            double[] pd = floating ? new double[ki * ni] : null;
            long[] pl = floating ? null : new long[ki * ni];
            for (int p = 0, o = 0; p < ki; p++) {
                for (int j = 0; j < ni; j++, o++) {
                    long at = bBase + p * bs[1] + j * bs[2];
                    if (floating) pd[o] = Elem.getDouble(sb, b.dtype(), at);
                    else pl[o] = Elem.getLong(sb, b.dtype(), at);
                }
            }
            Parallel.forRange(m, grain, (s, e) -> {
                for (long i = s; i < e; i++) {
                    long ar = aBase + i * as[1], or = oBase + i * n;
                    if (floating) rowDouble(sa, a.dtype(), ar, as[2], pd, ki, ni, so, out.dtype(), or);
                    else rowLong(sa, a.dtype(), ar, as[2], pl, ki, ni, so, out.dtype(), or);
                }
            });
        }
    }

    private static void rowDouble(MemorySegment sa, DType ta, long ar, long ak, double[] panel, int k, int n,
                                  MemorySegment so, DType to, long or) {
        double[] row = new double[n];
        for (int p = 0; p < k; p++) axpy(Elem.getDouble(sa, ta, ar + p * ak), panel, p * n, row);
        for (int j = 0; j < n; j++) Elem.putDouble(so, to, or + j, row[j]);
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

    /** row += x * panel[off .. off+row.length). */
    private static void axpy(double x, double[] panel, int off, double[] row) {
        int n = row.length, j = 0;
        DoubleVector vx = DoubleVector.broadcast(DS, x);
        for (int up = DS.loopBound(n); j < up; j += DS.length())
            DoubleVector.fromArray(DS, panel, off + j).fma(vx, DoubleVector.fromArray(DS, row, j)).intoArray(row, j);
        for (; j < n; j++) row[j] = Math.fma(x, panel[off + j], row[j]);
    }
}
