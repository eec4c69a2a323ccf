package dev.axial.benchmarks;

import dev.axial.tensor.cpu.Parallel;
import dev.axial.tensor.cpu.Sgemm;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

/**
 * One row-major SGEMM problem C (m x n) = A (m x k) @ B (k x n) held twice: as Axial's off-heap segments and as
 * OpenBLAS's native buffers, filled with the same random values. OpenBLAS is the yardstick here only.
 */
final class Gemm implements AutoCloseable {
    final int m, n, k;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment a, b, c;
    private final FloatPointer pa, pb, pc;

    Gemm(int m, int n, int k) {
        this.m = m;
        this.n = n;
        this.k = k;
        a = random(arena, (long) m * k, 1);
        b = random(arena, (long) k * n, 2);
        c = arena.allocate((long) m * n * 4, 64);
        pa = new FloatPointer((long) m * k);
        pb = new FloatPointer((long) k * n);
        pc = new FloatPointer((long) m * n);
        pa.asByteBuffer().order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer().put(a.asByteBuffer().order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer());
        pb.asByteBuffer().order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer().put(b.asByteBuffer().order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer());
    }

    private static MemorySegment random(Arena arena, long n, long seed) {
        MemorySegment s = arena.allocate(n * 4, 64);
        Random r = new Random(seed);
        for (long i = 0; i < n; i++) s.setAtIndex(ValueLayout.JAVA_FLOAT, i, r.nextFloat() - 0.5f);
        return s;
    }

    /** Both libraries on {@code threads} threads. */
    static void threads(int threads) {
        Parallel.setThreads(threads);
        openblas_nolapack.blas_set_num_threads(threads);
    }

    static int allThreads() { return Runtime.getRuntime().availableProcessors(); }

    double flop() { return 2.0 * m * n * k; }

    void axial() { Sgemm.sgemm(m, n, k, 1f, a, 0, k, 1, b, 0, n, 1, 0f, c, 0, n); }

    void openblas() {
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                openblas_nolapack.CblasNoTrans, m, n, k, 1f, pa, k, pb, n, 0f, pc, n);
    }

    /** Largest |axial - openblas| relative to the largest |C|: a sanity check that both computed the same thing. */
    double relativeDifference() {
        axial();
        openblas();
        double diff = 0, max = 0;
        java.nio.FloatBuffer ob = pc.asByteBuffer().order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
        for (long i = 0; i < (long) m * n; i++) {
            float x = c.getAtIndex(ValueLayout.JAVA_FLOAT, i), y = ob.get((int) i);
            diff = Math.max(diff, Math.abs(x - y));
            max = Math.max(max, Math.abs(y));
        }
        return diff / Math.max(max, 1e-30);
    }

    @Override public void close() {
        arena.close();
        pa.close();
        pb.close();
        pc.close();
    }
}
