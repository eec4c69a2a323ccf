package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Vector API blocks of the reductions other than sum over a unit-stride run of float32/float64: max/min,
 * variance (two passes in float64 lanes) and logsumexp (float32 exp of {@link VectorMath}, summed in float64).
 * Each block gives the same state {@link ReduceAcc} would compute, up to rounding order inside the block; the
 * block boundaries are those of {@link CpuReduce}, so results still do not depend on the thread count.
 */
final class VecReduce {
    private VecReduce() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final int FL = FS.length(), DL = DS.length();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    /** NaN-propagating max (or min) of n float32 at element offset off; -inf (+inf) for n = 0. */
    static float extremeF32(MemorySegment m, long off, int n, boolean max) {
        float id = max ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
        FloatVector a0 = FloatVector.broadcast(FS, id), a1 = a0;
        long b = off * 4;
        int i = 0;
        for (; i + 2 * FL <= n; i += 2 * FL) {
            FloatVector f0 = FloatVector.fromMemorySegment(FS, m, b + i * 4L, LE);
            FloatVector f1 = FloatVector.fromMemorySegment(FS, m, b + (i + FL) * 4L, LE);
            a0 = max ? a0.max(f0) : a0.min(f0);
            a1 = max ? a1.max(f1) : a1.min(f1);
        }
        float r = max ? a0.max(a1).reduceLanes(VectorOperators.MAX) : a0.min(a1).reduceLanes(VectorOperators.MIN);
        for (; i < n; i++) {
            float e = m.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, off + i);
            r = max ? Math.max(r, e) : Math.min(r, e);
        }
        return r;
    }

    static double extremeF64(MemorySegment m, long off, int n, boolean max) {
        double id = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        DoubleVector a0 = DoubleVector.broadcast(DS, id), a1 = a0;
        long b = off * 8;
        int i = 0;
        for (; i + 2 * DL <= n; i += 2 * DL) {
            DoubleVector f0 = DoubleVector.fromMemorySegment(DS, m, b + i * 8L, LE);
            DoubleVector f1 = DoubleVector.fromMemorySegment(DS, m, b + (i + DL) * 8L, LE);
            a0 = max ? a0.max(f0) : a0.min(f0);
            a1 = max ? a1.max(f1) : a1.min(f1);
        }
        double r = max ? a0.max(a1).reduceLanes(VectorOperators.MAX) : a0.min(a1).reduceLanes(VectorOperators.MIN);
        for (; i < n; i++) {
            double e = m.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, off + i);
            r = max ? Math.max(r, e) : Math.min(r, e);
        }
        return r;
    }

    /** Sum of (x - mu)^2 over n float32 at off, in float64 lanes. */
    static double sqDevF32(MemorySegment m, long off, int n, double mu) {
        DoubleVector a0 = DoubleVector.zero(DS), a1 = a0, mv = DoubleVector.broadcast(DS, mu);
        long b = off * 4;
        int i = 0;
        for (; i + FL <= n; i += FL) {
            FloatVector f = FloatVector.fromMemorySegment(FS, m, b + i * 4L, LE);
            DoubleVector e0 = ((DoubleVector) f.convertShape(VectorOperators.F2D, DS, 0)).sub(mv);
            DoubleVector e1 = ((DoubleVector) f.convertShape(VectorOperators.F2D, DS, 1)).sub(mv);
            a0 = e0.fma(e0, a0);
            a1 = e1.fma(e1, a1);
        }
        double q = Lanes.sum(a0.add(a1));
        for (; i < n; i++) {
            double e = m.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, off + i) - mu;
            q += e * e;
        }
        return q;
    }

    static double sqDevF64(MemorySegment m, long off, int n, double mu) {
        DoubleVector a0 = DoubleVector.zero(DS), a1 = a0, mv = DoubleVector.broadcast(DS, mu);
        long b = off * 8;
        int i = 0;
        for (; i + 2 * DL <= n; i += 2 * DL) {
            DoubleVector e0 = DoubleVector.fromMemorySegment(DS, m, b + i * 8L, LE).sub(mv);
            DoubleVector e1 = DoubleVector.fromMemorySegment(DS, m, b + (i + DL) * 8L, LE).sub(mv);
            a0 = e0.fma(e0, a0);
            a1 = e1.fma(e1, a1);
        }
        double q = Lanes.sum(a0.add(a1));
        for (; i < n; i++) {
            double e = m.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, off + i) - mu;
            q += e * e;
        }
        return q;
    }

    /**
     * Sum of exp(x - mx) over n float32 at off with the float32 exp (2 ulp), accumulated in float64; {@code buf}
     * holds at least n rounded up to the species length. mx must be finite.
     */
    static double expSumF32(MemorySegment m, long off, int n, float mx, float[] buf) {
        int padded = (n + FL - 1) / FL * FL;
        MemorySegment.copy(m, ValueLayout.JAVA_FLOAT_UNALIGNED, off * 4, buf, 0, n);
        for (int i = n; i < padded; i++) buf[i] = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < padded; i += FL) FloatVector.fromArray(FS, buf, i).sub(mx).intoArray(buf, i);
        VectorMath.exp(buf, buf, padded);
        // loops that mix array and segment accesses were seen to deoptimise over and over (C2 profile predicates):
        // this sum reads the array only; -inf inputs add the float32 exp's smallest subnormal here, which no sum
        // of at least 1 can show, and softmax zeroes their outputs in its scaling pass
        DoubleVector a0 = DoubleVector.zero(DS), a1 = a0;
        int i = 0;
        for (; i + FL <= n; i += FL) {
            FloatVector f = FloatVector.fromArray(FS, buf, i);
            a0 = a0.add(f.convertShape(VectorOperators.F2D, DS, 0));
            a1 = a1.add(f.convertShape(VectorOperators.F2D, DS, 1));
        }
        double s = Lanes.sum(a0.add(a1));
        for (; i < n; i++) s += buf[i];
        return s;
    }

    /**
     * Softmax (or log-softmax) of one unit-stride float32 row of n at xo into y at yo, in chunks of buf.length
     * (a multiple of the species length): max, then exp(x - max) summed in float64 (softmax stores the
     * exponentials), then one scaling pass. Returns false, doing nothing, when the max is not finite (all -inf,
     * +inf, NaN): the caller's scalar path defines those.
     */
    static boolean softmaxRowF32(MemorySegment x, long xo, MemorySegment y, long yo, int n, boolean log, float[] buf) {
        float mx = extremeF32(x, xo, n, true);
        if (!Float.isFinite(mx)) return false;
        double s = 0;
        for (int c = 0; c < n; c += buf.length) {
            int w = Math.min(buf.length, n - c);
            s += expSumF32(x, xo + c, w, mx, buf);
            if (!log) MemorySegment.copy(buf, 0, y, ValueLayout.JAVA_FLOAT_UNALIGNED, (yo + c) * 4, w);
        }
        long xb = xo * 4, yb = yo * 4;
        int i = 0;
        if (log) {
            float ls = (float) Math.log(s);
            for (; i + FL <= n; i += FL)
                FloatVector.fromMemorySegment(FS, x, xb + i * 4L, LE).sub(mx).sub(ls).intoMemorySegment(y, yb + i * 4L, LE);
            for (; i < n; i++) y.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, yo + i, x.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, xo + i) - mx - ls);
            return true;
        }
        float inv = (float) (1 / s);
        for (; i + FL <= n; i += FL) {
            FloatVector e = FloatVector.fromMemorySegment(FS, y, yb + i * 4L, LE).mul(inv);
            e.blend(0f, FloatVector.fromMemorySegment(FS, x, xb + i * 4L, LE).eq(Float.NEGATIVE_INFINITY)).intoMemorySegment(y, yb + i * 4L, LE);
        }
        for (; i < n; i++) {
            float e = y.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, yo + i) * inv;
            y.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, yo + i, x.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, xo + i) == Float.NEGATIVE_INFINITY ? 0 : e);
        }
        return true;
    }

    /**
     * Index of the first max (min) of a unit-stride float32 run of n &gt;= 1, or of its first NaN if it has one:
     * the scalar rule of {@link CpuScan#argReduce} (strict comparison keeps the first of equal values).
     */
    static int argF32(MemorySegment x, long off, int n, boolean max) {
        float v = extremeF32(x, off, n, max);
        boolean nan = v != v;
        long b = off * 4;
        int i = 0;
        for (; i + FL <= n; i += FL) {
            FloatVector f = FloatVector.fromMemorySegment(FS, x, b + i * 4L, LE);
            var hit = nan ? f.test(VectorOperators.IS_NAN) : f.eq(v);
            if (hit.anyTrue()) return i + hit.firstTrue();
        }
        for (; i < n; i++) {
            float e = x.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, off + i);
            if (nan ? e != e : e == v) return i;
        }
        return 0;   // unreachable: v is one of the elements
    }

    /** Rounds n up to a whole number of float vectors. */
    /** Whether {@link #nonzero} takes dtype t. */
    static boolean countsNonzero(DType t) {
        return switch (t) {
            case FLOAT32, FLOAT64, BOOL, INT8, UINT8, INT32, INT64 -> true;
            default -> false;
        };
    }

    private static final VectorSpecies<Byte> BS = ByteVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> IS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> LS = LongVector.SPECIES_PREFERRED;

    /**
     * How many of the n elements of dtype t at element offset off are nonzero (NaN counts, -0.0 does not), for
     * countNonzero, any and all; t one of {@link #countsNonzero}'s.
     */
    static long nonzero(MemorySegment m, DType t, long off, int n) {
        long c = 0;
        int i = 0;
        switch (t) {
            case FLOAT32 -> {
                for (long b = off * 4; i + FL <= n; i += FL) c += FloatVector.fromMemorySegment(FS, m, b + i * 4L, LE).compare(VectorOperators.NE, 0f).trueCount();
                for (; i < n; i++) if (m.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, off + i) != 0) c++;
            }
            case FLOAT64 -> {
                for (long b = off * 8; i + DL <= n; i += DL) c += DoubleVector.fromMemorySegment(DS, m, b + i * 8L, LE).compare(VectorOperators.NE, 0d).trueCount();
                for (; i < n; i++) if (m.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, off + i) != 0) c++;
            }
            case INT32 -> {
                int v = IS.length();
                for (long b = off * 4; i + v <= n; i += v) c += IntVector.fromMemorySegment(IS, m, b + i * 4L, LE).compare(VectorOperators.NE, 0).trueCount();
                for (; i < n; i++) if (m.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, off + i) != 0) c++;
            }
            case INT64 -> {
                int v = LS.length();
                for (long b = off * 8; i + v <= n; i += v) c += LongVector.fromMemorySegment(LS, m, b + i * 8L, LE).compare(VectorOperators.NE, 0L).trueCount();
                for (; i < n; i++) if (m.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, off + i) != 0) c++;
            }
            default -> {   // one-byte types
                int v = BS.length();
                for (; i + v <= n; i += v) c += ByteVector.fromMemorySegment(BS, m, off + i, LE).compare(VectorOperators.NE, (byte) 0).trueCount();
                for (; i < n; i++) if (m.get(ValueLayout.JAVA_BYTE, off + i) != 0) c++;
            }
        }
        return c;
    }

    static int padded(int n) { return (n + FL - 1) / FL * FL; }
}
