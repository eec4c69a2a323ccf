package dev.axial.tensor.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Matrix-vector products, {@code y(i) = sum_p A(i, p) x(p)} for i &lt; rows, p &lt; k, in float32 and float64:
 * the memory-bound shapes (matmul with N or M equal to 1, mv, dot) that a GEMM micro-tile would pad up to 32x.
 * <ul>
 * <li>rows contiguous (or any layout but columns contiguous): one dot product per row, four rows at a time;
 * each row is summed in depth blocks of {@link #KB} with four vector accumulators, the blocks added in order.</li>
 * <li>columns contiguous (A transposed): {@code y += x(p) * A(:, p)} over tiles of rows, p in order.</li>
 * </ul>
 * Each y(i) is computed by one fixed sequence of operations whichever thread and row group computes it, so results
 * are bitwise independent of the thread count. Offsets, strides and increments are in elements.
 */
final class Gemv {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /** Depth block of a row's dot product: fixed, so a long dot product splits over threads without changing its sum. */
    static final int KB = 8192;
    /**
     * Rows per tile of the column (axpy) path, at most: the y tile stays in L1 while each column is read in runs long
     * enough for the prefetcher (512-row runs read 1.7x slower). A tile's arithmetic does not depend on its size.
     */
    private static final int RT_MAX = 4096, RT_MIN = 256;
    /** Multiply-adds per parallel chunk. */
    private static final long GRAIN = 1L << 16;
    private static final Thread PROBE = new Thread(() -> { });

    private Gemv() {}

    /** One product: A (rows x k) with its strides, x with its increment, y with its increment. */
    private record Prob(boolean dbl, int rows, int k, MemorySegment a, long aOff, long aRs, long aCs,
                        MemorySegment x, long xOff, long xInc, MemorySegment y, long yOff, long yInc) {}

    static void sgemv(int rows, int k, MemorySegment a, long aOff, long aRs, long aCs,
                      MemorySegment x, long xOff, long xInc, MemorySegment y, long yOff, long yInc) {
        run(new Prob(false, rows, k, a, aOff, aRs, aCs, x, xOff, xInc, y, yOff, yInc));
    }

    static void dgemv(int rows, int k, MemorySegment a, long aOff, long aRs, long aCs,
                      MemorySegment x, long xOff, long xInc, MemorySegment y, long yOff, long yInc) {
        run(new Prob(true, rows, k, a, aOff, aRs, aCs, x, xOff, xInc, y, yOff, yInc));
    }

    private static void run(Prob p) {
        if (p.rows <= 0) return;
        boolean shared = p.a.isAccessibleBy(PROBE) && p.x.isAccessibleBy(PROBE) && p.y.isAccessibleBy(PROBE);
        long grain = shared ? GRAIN : Long.MAX_VALUE;
        if (p.k == 0) {
            for (int i = 0; i < p.rows; i++) put(p, i, 0);
        } else if (p.aRs == 1 && p.aCs != 1 && p.rows > 1) {
            int per = (p.rows + Parallel.threads() - 1) / Parallel.threads();
            int rt = Math.clamp((per + 63) / 64 * 64L, RT_MIN, RT_MAX), tiles = (p.rows + rt - 1) / rt;
            Parallel.forRange(tiles, Math.max(1, grain / ((long) rt * p.k)), (s, e) -> {
                for (long t = s; t < e; t++) columns(p, (int) t * rt, (int) Math.min(p.rows, (t + 1) * rt));
            });
        } else {
            Prob q = contiguousX(p);
            if (p.rows == 1 && p.k > KB) {
                long aRow = p.aOff;
                if (p.aCs != 1) {
                    q = gatherRow(q, 0);
                    aRow = 0;
                }
                oneRow(q, aRow, grain);
            } else {
                Prob qq = q;
                Parallel.forRange(p.rows, Math.max(1, grain / p.k), (s, e) -> rowRange(qq, (int) s, (int) e));
            }
        }
    }

    /** y(i) for rows [s, e): dot products, four rows at a time where rows are contiguous. */
    private static void rowRange(Prob p, int s, int e) {
        int i = s;
        if (p.aCs == 1) {
            for (; i + 4 <= e; i += 4) {
                if (p.dbl) dot4D(p, i);
                else dot4F(p, i);
            }
        }
        for (; i < e; i++) {
            Prob q = p.aCs == 1 ? p : gatherRow(p, i);
            long row = p.aCs == 1 ? p.aOff + i * p.aRs : 0;
            double sum = 0;
            for (int b = 0; b < p.k; b += KB) {
                int n = Math.min(KB, p.k - b);
                sum = p.dbl ? sum + blockD(q.a, row + b, q.x, q.xOff + b, n) : (float) sum + blockF(q.a, row + b, q.x, q.xOff + b, n);
            }
            put(p, i, sum);
        }
    }

    /** One long dot product: depth blocks in parallel, their sums added in block order. */
    private static void oneRow(Prob p, long row, long grain) {
        int blocks = (p.k + KB - 1) / KB;
        double[] part = new double[blocks];
        Parallel.forRange(blocks, Math.max(1, grain / KB), (s, e) -> {
            for (int b = (int) s; b < e; b++) {
                long o = (long) b * KB;
                int n = Math.min(KB, p.k - b * KB);
                part[b] = p.dbl ? blockD(p.a, row + o, p.x, p.xOff + o, n) : blockF(p.a, row + o, p.x, p.xOff + o, n);
            }
        });
        double sum = 0;
        for (double v : part) sum = p.dbl ? sum + v : (float) sum + (float) v;
        put(p, 0, sum);
    }

    private static void put(Prob p, int i, double v) {
        long at = p.yOff + i * p.yInc;
        if (p.dbl) p.y.set(D, at * 8, v);
        else p.y.set(F, at * 4, (float) v);
    }

    /** x copied to a contiguous heap segment when it is strided (the row path reads it as vectors). */
    private static Prob contiguousX(Prob p) {
        if (p.xInc == 1) return p;
        MemorySegment x = p.dbl ? MemorySegment.ofArray(new double[p.k]) : MemorySegment.ofArray(new float[p.k]);
        for (int j = 0; j < p.k; j++) {
            long at = p.xOff + j * p.xInc;
            if (p.dbl) x.setAtIndex(D, j, p.x.get(D, at * 8));
            else x.setAtIndex(F, j, p.x.get(F, at * 4));
        }
        return new Prob(p.dbl, p.rows, p.k, p.a, p.aOff, p.aRs, p.aCs, x, 0, 1, p.y, p.yOff, p.yInc);
    }

    /** Row i of a matrix with strided rows, copied to a heap segment (the operand's A becomes that row, at 0). */
    private static Prob gatherRow(Prob p, int i) {
        MemorySegment r = p.dbl ? MemorySegment.ofArray(new double[p.k]) : MemorySegment.ofArray(new float[p.k]);
        long row = p.aOff + i * p.aRs;
        for (int j = 0; j < p.k; j++) {
            long at = row + j * p.aCs;
            if (p.dbl) r.setAtIndex(D, j, p.a.get(D, at * 8));
            else r.setAtIndex(F, j, p.a.get(F, at * 4));
        }
        return new Prob(p.dbl, 1, p.k, r, 0, p.k, 1, p.x, p.xOff, p.xInc, p.y, p.yOff, p.yInc);
    }

    // ---- float32 ---------------------------------------------------------------------------------

    /**
     * sum_j a[j] x[j], j &lt; n &lt;= KB, both contiguous: four accumulators over consecutive vectors, a masked tail
     * into the first, combined as (s0 + s1) + (s2 + s3) and reduced lane by lane in order.
     */
    private static float blockF(MemorySegment a, long ao, MemorySegment x, long xo, int n) {
        int l = FS.length();
        long ab = ao * 4, xb = xo * 4;
        FloatVector s0 = FloatVector.zero(FS), s1 = s0, s2 = s0, s3 = s0;
        int j = 0;
        for (int up = n - 4 * l; j <= up; j += 4 * l) {
            long o = 4L * j;
            s0 = ldF(a, ab + o).fma(ldF(x, xb + o), s0);
            s1 = ldF(a, ab + o + 4L * l).fma(ldF(x, xb + o + 4L * l), s1);
            s2 = ldF(a, ab + o + 8L * l).fma(ldF(x, xb + o + 8L * l), s2);
            s3 = ldF(a, ab + o + 12L * l).fma(ldF(x, xb + o + 12L * l), s3);
        }
        for (; j < n; j += l) {
            VectorMask<Float> m = FS.indexInRange(j, n);
            s0 = FloatVector.fromMemorySegment(FS, a, ab + 4L * j, LE, m).fma(FloatVector.fromMemorySegment(FS, x, xb + 4L * j, LE, m), s0);
        }
        return lanesF(s0.add(s1).add(s2.add(s3)));
    }

    /** Four rows i..i+3 (contiguous, one depth block per pass) against x: each row's arithmetic exactly as blockF's. */
    private static void dot4F(Prob p, int i) {
        int l = FS.length();
        long xb0 = p.xOff * 4;
        long r0 = (p.aOff + i * p.aRs) * 4, rs = p.aRs * 4;
        float t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        for (int b = 0; b < p.k; b += KB) {
            int n = Math.min(KB, p.k - b);
            long a0 = r0 + 4L * b, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs, xb = xb0 + 4L * b;
            FloatVector z = FloatVector.zero(FS);
            FloatVector s00 = z, s01 = z, s02 = z, s03 = z, s10 = z, s11 = z, s12 = z, s13 = z;
            FloatVector s20 = z, s21 = z, s22 = z, s23 = z, s30 = z, s31 = z, s32 = z, s33 = z;
            int j = 0;
            for (int up = n - 4 * l; j <= up; j += 4 * l) {
                long o = 4L * j;
                FloatVector x0 = ldF(p.x, xb + o), x1 = ldF(p.x, xb + o + 4L * l);
                FloatVector x2 = ldF(p.x, xb + o + 8L * l), x3 = ldF(p.x, xb + o + 12L * l);
                s00 = ldF(p.a, a0 + o).fma(x0, s00); s01 = ldF(p.a, a0 + o + 4L * l).fma(x1, s01);
                s02 = ldF(p.a, a0 + o + 8L * l).fma(x2, s02); s03 = ldF(p.a, a0 + o + 12L * l).fma(x3, s03);
                s10 = ldF(p.a, a1 + o).fma(x0, s10); s11 = ldF(p.a, a1 + o + 4L * l).fma(x1, s11);
                s12 = ldF(p.a, a1 + o + 8L * l).fma(x2, s12); s13 = ldF(p.a, a1 + o + 12L * l).fma(x3, s13);
                s20 = ldF(p.a, a2 + o).fma(x0, s20); s21 = ldF(p.a, a2 + o + 4L * l).fma(x1, s21);
                s22 = ldF(p.a, a2 + o + 8L * l).fma(x2, s22); s23 = ldF(p.a, a2 + o + 12L * l).fma(x3, s23);
                s30 = ldF(p.a, a3 + o).fma(x0, s30); s31 = ldF(p.a, a3 + o + 4L * l).fma(x1, s31);
                s32 = ldF(p.a, a3 + o + 8L * l).fma(x2, s32); s33 = ldF(p.a, a3 + o + 12L * l).fma(x3, s33);
            }
            for (; j < n; j += l) {
                VectorMask<Float> m = FS.indexInRange(j, n);
                long o = 4L * j;
                FloatVector x0 = FloatVector.fromMemorySegment(FS, p.x, xb + o, LE, m);
                s00 = FloatVector.fromMemorySegment(FS, p.a, a0 + o, LE, m).fma(x0, s00);
                s10 = FloatVector.fromMemorySegment(FS, p.a, a1 + o, LE, m).fma(x0, s10);
                s20 = FloatVector.fromMemorySegment(FS, p.a, a2 + o, LE, m).fma(x0, s20);
                s30 = FloatVector.fromMemorySegment(FS, p.a, a3 + o, LE, m).fma(x0, s30);
            }
            t0 += lanesF(s00.add(s01).add(s02.add(s03)));
            t1 += lanesF(s10.add(s11).add(s12.add(s13)));
            t2 += lanesF(s20.add(s21).add(s22.add(s23)));
            t3 += lanesF(s30.add(s31).add(s32.add(s33)));
        }
        put(p, i, t0);
        put(p, i + 1, t1);
        put(p, i + 2, t2);
        put(p, i + 3, t3);
    }

    /** dot4D in float64: each row's arithmetic exactly as blockD's. */
    private static void dot4D(Prob p, int i) {
        int l = DS.length();
        long xb0 = p.xOff * 8;
        long r0 = (p.aOff + i * p.aRs) * 8, rs = p.aRs * 8;
        double t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        for (int b = 0; b < p.k; b += KB) {
            int n = Math.min(KB, p.k - b);
            long a0 = r0 + 8L * b, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs, xb = xb0 + 8L * b;
            DoubleVector z = DoubleVector.zero(DS);
            DoubleVector s00 = z, s01 = z, s02 = z, s03 = z, s10 = z, s11 = z, s12 = z, s13 = z;
            DoubleVector s20 = z, s21 = z, s22 = z, s23 = z, s30 = z, s31 = z, s32 = z, s33 = z;
            int j = 0;
            for (int up = n - 4 * l; j <= up; j += 4 * l) {
                long o = 8L * j;
                DoubleVector x0 = ldD(p.x, xb + o), x1 = ldD(p.x, xb + o + 8L * l);
                DoubleVector x2 = ldD(p.x, xb + o + 16L * l), x3 = ldD(p.x, xb + o + 24L * l);
                s00 = ldD(p.a, a0 + o).fma(x0, s00); s01 = ldD(p.a, a0 + o + 8L * l).fma(x1, s01);
                s02 = ldD(p.a, a0 + o + 16L * l).fma(x2, s02); s03 = ldD(p.a, a0 + o + 24L * l).fma(x3, s03);
                s10 = ldD(p.a, a1 + o).fma(x0, s10); s11 = ldD(p.a, a1 + o + 8L * l).fma(x1, s11);
                s12 = ldD(p.a, a1 + o + 16L * l).fma(x2, s12); s13 = ldD(p.a, a1 + o + 24L * l).fma(x3, s13);
                s20 = ldD(p.a, a2 + o).fma(x0, s20); s21 = ldD(p.a, a2 + o + 8L * l).fma(x1, s21);
                s22 = ldD(p.a, a2 + o + 16L * l).fma(x2, s22); s23 = ldD(p.a, a2 + o + 24L * l).fma(x3, s23);
                s30 = ldD(p.a, a3 + o).fma(x0, s30); s31 = ldD(p.a, a3 + o + 8L * l).fma(x1, s31);
                s32 = ldD(p.a, a3 + o + 16L * l).fma(x2, s32); s33 = ldD(p.a, a3 + o + 24L * l).fma(x3, s33);
            }
            for (; j < n; j += l) {
                VectorMask<Double> m = DS.indexInRange(j, n);
                long o = 8L * j;
                DoubleVector x0 = DoubleVector.fromMemorySegment(DS, p.x, xb + o, LE, m);
                s00 = DoubleVector.fromMemorySegment(DS, p.a, a0 + o, LE, m).fma(x0, s00);
                s10 = DoubleVector.fromMemorySegment(DS, p.a, a1 + o, LE, m).fma(x0, s10);
                s20 = DoubleVector.fromMemorySegment(DS, p.a, a2 + o, LE, m).fma(x0, s20);
                s30 = DoubleVector.fromMemorySegment(DS, p.a, a3 + o, LE, m).fma(x0, s30);
            }
            t0 += lanesD(s00.add(s01).add(s02.add(s03)));
            t1 += lanesD(s10.add(s11).add(s12.add(s13)));
            t2 += lanesD(s20.add(s21).add(s22.add(s23)));
            t3 += lanesD(s30.add(s31).add(s32.add(s33)));
        }
        put(p, i, t0);
        put(p, i + 1, t1);
        put(p, i + 2, t2);
        put(p, i + 3, t3);
    }

    private static FloatVector ldF(MemorySegment s, long byteOff) { return FloatVector.fromMemorySegment(FS, s, byteOff, LE); }

    /** The lanes' sum in lane order (reduceLanes leaves the order open, and compiled and interpreted code may differ). */
    private static float lanesF(FloatVector v) {
        float[] t = new float[FS.length()];
        v.intoArray(t, 0);
        float s = 0;
        for (float x : t) s += x;
        return s;
    }

    /** y(r0..r1) = A(r0..r1, :) x for A with contiguous columns: y += x(p) * A(:, p), p in order, four p per pass. */
    private static void columns(Prob p, int r0, int r1) {
        if (p.dbl) {
            columnsD(p, r0, r1);
            return;
        }
        int n = r1 - r0, l = FS.length();
        float[] y = new float[n];
        long base = p.aOff + r0;
        int c = 0;
        for (; c + 4 <= p.k; c += 4) {
            FloatVector x0 = FloatVector.broadcast(FS, xF(p, c)), x1 = FloatVector.broadcast(FS, xF(p, c + 1));
            FloatVector x2 = FloatVector.broadcast(FS, xF(p, c + 2)), x3 = FloatVector.broadcast(FS, xF(p, c + 3));
            long c0 = (base + c * p.aCs) * 4, cs = p.aCs * 4, c1 = c0 + cs, c2 = c1 + cs, c3 = c2 + cs;
            for (int j = 0; j < n; j += l) {
                VectorMask<Float> m = FS.indexInRange(j, n);
                long o = 4L * j;
                FloatVector acc = FloatVector.fromArray(FS, y, j, m);
                acc = FloatVector.fromMemorySegment(FS, p.a, c0 + o, LE, m).fma(x0, acc);
                acc = FloatVector.fromMemorySegment(FS, p.a, c1 + o, LE, m).fma(x1, acc);
                acc = FloatVector.fromMemorySegment(FS, p.a, c2 + o, LE, m).fma(x2, acc);
                acc = FloatVector.fromMemorySegment(FS, p.a, c3 + o, LE, m).fma(x3, acc);
                acc.intoArray(y, j, m);
            }
        }
        for (; c < p.k; c++) {
            FloatVector x0 = FloatVector.broadcast(FS, xF(p, c));
            long c0 = (base + c * p.aCs) * 4;
            for (int j = 0; j < n; j += l) {
                VectorMask<Float> m = FS.indexInRange(j, n);
                FloatVector.fromMemorySegment(FS, p.a, c0 + 4L * j, LE, m).fma(x0, FloatVector.fromArray(FS, y, j, m)).intoArray(y, j, m);
            }
        }
        for (int i = 0; i < n; i++) put(p, r0 + i, y[i]);
    }

    private static float xF(Prob p, int j) { return p.x.get(F, (p.xOff + j * p.xInc) * 4); }

    // ---- float64: the same algorithms ------------------------------------------------------------

    private static double xD(Prob p, int j) { return p.x.get(D, (p.xOff + j * p.xInc) * 8); }

    private static double blockD(MemorySegment a, long ao, MemorySegment x, long xo, int n) {
        int l = DS.length();
        long ab = ao * 8, xb = xo * 8;
        DoubleVector s0 = DoubleVector.zero(DS), s1 = s0, s2 = s0, s3 = s0;
        int j = 0;
        for (int up = n - 4 * l; j <= up; j += 4 * l) {
            long o = 8L * j;
            s0 = ldD(a, ab + o).fma(ldD(x, xb + o), s0);
            s1 = ldD(a, ab + o + 8L * l).fma(ldD(x, xb + o + 8L * l), s1);
            s2 = ldD(a, ab + o + 16L * l).fma(ldD(x, xb + o + 16L * l), s2);
            s3 = ldD(a, ab + o + 24L * l).fma(ldD(x, xb + o + 24L * l), s3);
        }
        for (; j < n; j += l) {
            VectorMask<Double> m = DS.indexInRange(j, n);
            s0 = DoubleVector.fromMemorySegment(DS, a, ab + 8L * j, LE, m).fma(DoubleVector.fromMemorySegment(DS, x, xb + 8L * j, LE, m), s0);
        }
        return lanesD(s0.add(s1).add(s2.add(s3)));
    }

    private static DoubleVector ldD(MemorySegment s, long byteOff) { return DoubleVector.fromMemorySegment(DS, s, byteOff, LE); }

    private static double lanesD(DoubleVector v) {
        double[] t = new double[DS.length()];
        v.intoArray(t, 0);
        double s = 0;
        for (double x : t) s += x;
        return s;
    }

    private static void columnsD(Prob p, int r0, int r1) {
        int n = r1 - r0, l = DS.length();
        double[] y = new double[n];
        long base = p.aOff + r0;
        int c = 0;
        for (; c + 4 <= p.k; c += 4) {
            DoubleVector x0 = DoubleVector.broadcast(DS, xD(p, c)), x1 = DoubleVector.broadcast(DS, xD(p, c + 1));
            DoubleVector x2 = DoubleVector.broadcast(DS, xD(p, c + 2)), x3 = DoubleVector.broadcast(DS, xD(p, c + 3));
            long c0 = (base + c * p.aCs) * 8, cs = p.aCs * 8, c1 = c0 + cs, c2 = c1 + cs, c3 = c2 + cs;
            for (int j = 0; j < n; j += l) {
                VectorMask<Double> m = DS.indexInRange(j, n);
                long o = 8L * j;
                DoubleVector acc = DoubleVector.fromArray(DS, y, j, m);
                acc = DoubleVector.fromMemorySegment(DS, p.a, c0 + o, LE, m).fma(x0, acc);
                acc = DoubleVector.fromMemorySegment(DS, p.a, c1 + o, LE, m).fma(x1, acc);
                acc = DoubleVector.fromMemorySegment(DS, p.a, c2 + o, LE, m).fma(x2, acc);
                acc = DoubleVector.fromMemorySegment(DS, p.a, c3 + o, LE, m).fma(x3, acc);
                acc.intoArray(y, j, m);
            }
        }
        for (; c < p.k; c++) {
            DoubleVector x0 = DoubleVector.broadcast(DS, xD(p, c));
            long c0 = (base + c * p.aCs) * 8;
            for (int j = 0; j < n; j += l) {
                VectorMask<Double> m = DS.indexInRange(j, n);
                DoubleVector.fromMemorySegment(DS, p.a, c0 + 8L * j, LE, m).fma(x0, DoubleVector.fromArray(DS, y, j, m)).intoArray(y, j, m);
            }
        }
        for (int i = 0; i < n; i++) put(p, r0 + i, y[i]);
    }
}
