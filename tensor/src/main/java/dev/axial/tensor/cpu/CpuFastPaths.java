package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import dev.axial.tensor.spi.BinaryOp;
import dev.axial.tensor.spi.UnaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * Vector API kernels for rows whose output is contiguous: float32 and float64 arithmetic with the second
 * operand contiguous or a broadcast scalar (stride 0), and float32 math functions through {@link VectorMath}.
 * Each method returns false when it has no fast form, and the caller runs the general path. The op is picked
 * once per row segment; the per-vector dispatch is a jump on a loop-invariant code, never a per-element switch.
 */
final class CpuFastPaths {
    private static final VectorSpecies<Float> FS = VectorMath.SPECIES;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final ByteOrder NO = ByteOrder.nativeOrder();

    // op codes of the binary fast path; RSUB/RDIV are SUB/DIV with the operands swapped (scalar first)
    private static final int ADD = 0, SUB = 1, RSUB = 2, MUL = 3, DIV = 4, RDIV = 5, MAX = 6, MIN = 7;

    private CpuFastPaths() {}

    private static int code(BinaryOp op, boolean swapped) {
        return switch (op) {
            case ADD -> ADD;
            case SUB -> swapped ? RSUB : SUB;
            case MUL -> MUL;
            case DIV -> swapped ? RDIV : DIV;
            case MAXIMUM -> MAX;
            case MINIMUM -> MIN;
            default -> -1;
        };
    }

    /** out = op(a, b) for a row-contiguous out; false when there is no fast form. */
    static boolean binary(BinaryOp op, DType t, StridedLoop loop, MemorySegment o, MemorySegment a, MemorySegment b, long sa, long sb) {
        if (t != DType.FLOAT32 && t != DType.FLOAT64) return false;
        boolean swap = sa == 0 && sb == 1;
        if (!(sa == 1 && (sb == 1 || sb == 0)) && !swap) return false;
        int c = code(op, swap);
        if (c < 0) return false;
        MemorySegment x = swap ? b : a, y = swap ? a : b;
        int ix = swap ? 2 : 1, iy = swap ? 1 : 2;
        boolean scalar = (swap ? sa : sb) == 0;
        if (t == DType.FLOAT32) loop.forEach((off, n) -> binaryF32(c, o, off[0], x, off[ix], y, off[iy], scalar, n));
        else loop.forEach((off, n) -> binaryF64(c, o, off[0], x, off[ix], y, off[iy], scalar, n));
        return true;
    }

    private static FloatVector apply(int c, FloatVector x, FloatVector y) {
        return switch (c) {
            case ADD -> x.add(y);
            case SUB -> x.sub(y);
            case RSUB -> y.sub(x);
            case MUL -> x.mul(y);
            case DIV -> x.div(y);
            case RDIV -> y.div(x);
            case MAX -> x.max(y);
            default -> x.min(y);
        };
    }

    private static DoubleVector apply(int c, DoubleVector x, DoubleVector y) {
        return switch (c) {
            case ADD -> x.add(y);
            case SUB -> x.sub(y);
            case RSUB -> y.sub(x);
            case MUL -> x.mul(y);
            case DIV -> x.div(y);
            case RDIV -> y.div(x);
            case MAX -> x.max(y);
            default -> x.min(y);
        };
    }

    private static void binaryF32(int c, MemorySegment o, long io, MemorySegment x, long ix, MemorySegment y, long iy, boolean scalar, long n) {
        int len = FS.length();
        long bo = io * 4, bx = ix * 4, by = iy * 4;
        long bound = n - n % len;
        long i = 0;
        if (scalar) {
            FloatVector vy = FloatVector.broadcast(FS, y.getAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, iy));
            for (; i < bound; i += len) {
                FloatVector vx = FloatVector.fromMemorySegment(FS, x, bx + i * 4, NO);
                apply(c, vx, vy).intoMemorySegment(o, bo + i * 4, NO);
            }
            if (i < n) {
                VectorMask<Float> m = FS.indexInRange(i, n);
                apply(c, FloatVector.fromMemorySegment(FS, x, bx + i * 4, NO, m), vy).intoMemorySegment(o, bo + i * 4, NO, m);
            }
        } else {
            for (; i < bound; i += len) {
                FloatVector vx = FloatVector.fromMemorySegment(FS, x, bx + i * 4, NO);
                FloatVector vy = FloatVector.fromMemorySegment(FS, y, by + i * 4, NO);
                apply(c, vx, vy).intoMemorySegment(o, bo + i * 4, NO);
            }
            if (i < n) {
                VectorMask<Float> m = FS.indexInRange(i, n);
                apply(c, FloatVector.fromMemorySegment(FS, x, bx + i * 4, NO, m), FloatVector.fromMemorySegment(FS, y, by + i * 4, NO, m))
                        .intoMemorySegment(o, bo + i * 4, NO, m);
            }
        }
    }

    private static void binaryF64(int c, MemorySegment o, long io, MemorySegment x, long ix, MemorySegment y, long iy, boolean scalar, long n) {
        int len = DS.length();
        long bo = io * 8, bx = ix * 8, by = iy * 8;
        long i = 0;
        DoubleVector vs = scalar ? DoubleVector.broadcast(DS, y.getAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE_UNALIGNED, iy)) : null;
        for (; i < n; i += len) {
            VectorMask<Double> m = DS.indexInRange(i, n);
            DoubleVector vx = DoubleVector.fromMemorySegment(DS, x, bx + i * 8, NO, m);
            DoubleVector vy = scalar ? vs : DoubleVector.fromMemorySegment(DS, y, by + i * 8, NO, m);
            apply(c, vx, vy).intoMemorySegment(o, bo + i * 8, NO, m);
        }
    }

    // ---- unary float32 -----------------------------------------------------------------------------

    /** out = op(in) for contiguous float32 rows; false when op has no vector form here. */
    static boolean unary(UnaryOp op, DType t, StridedLoop loop, MemorySegment o, MemorySegment x, double[] p) {
        if (t != DType.FLOAT32) return false;
        switch (op) {
            case NEG, ABS, SQUARE, RECIPROCAL, SQRT, RSQRT, EXP, LOG, TANH, SIGMOID, ERF, RELU, SILU, GELU, CLAMP, LEAKY_RELU -> { }
            default -> { return false; }
        }
        float p0 = p.length > 0 ? (float) p[0] : 0, p1 = p.length > 1 ? (float) p[1] : 0;
        int c = op.ordinal();
        loop.forEach((off, n) -> unaryF32(c, o, off[0], x, off[1], n, p0, p1));
        return true;
    }

    private static final int NEG = UnaryOp.NEG.ordinal(), ABS = UnaryOp.ABS.ordinal(), SQUARE = UnaryOp.SQUARE.ordinal(),
            RECIP = UnaryOp.RECIPROCAL.ordinal(), SQRT = UnaryOp.SQRT.ordinal(), RSQRT = UnaryOp.RSQRT.ordinal(),
            EXP = UnaryOp.EXP.ordinal(), LOG = UnaryOp.LOG.ordinal(), TANH = UnaryOp.TANH.ordinal(),
            SIGMOID = UnaryOp.SIGMOID.ordinal(), ERF = UnaryOp.ERF.ordinal(), RELU = UnaryOp.RELU.ordinal(),
            SILU = UnaryOp.SILU.ordinal(), GELU = UnaryOp.GELU.ordinal(), CLAMP = UnaryOp.CLAMP.ordinal();

    private static final float INV_SQRT2 = 0.70710678118654752f, SQRT_2_OVER_PI = 0.79788456080286536f;

    private static FloatVector apply(int c, FloatVector v, float p0, float p1) {
        if (c == EXP) return VectorMath.exp(v);
        if (c == SIGMOID) return VectorMath.sigmoid(v);
        if (c == TANH) return VectorMath.tanh(v);
        if (c == LOG) return VectorMath.log(v);
        if (c == ERF) return VectorMath.erf(v);
        if (c == NEG) return v.neg();
        if (c == ABS) return v.abs();
        if (c == SQUARE) return v.mul(v);
        if (c == RECIP) return v.broadcast(1f).div(v);
        if (c == SQRT) return v.sqrt();
        if (c == RSQRT) return v.broadcast(1f).div(v.sqrt());
        if (c == RELU) return v.blend(0f, v.lt(0f));
        if (c == SILU) return v.mul(VectorMath.sigmoid(v));
        if (c == CLAMP) return v.blend(p0, v.lt(p0)).blend(p1, v.compare(VectorOperators.GT, p1));
        if (c == GELU) {
            FloatVector inner = p0 == 0 ? VectorMath.erf(v.mul(INV_SQRT2))
                    : VectorMath.tanh(v.mul(v).mul(0.044715f).mul(v).add(v).mul(SQRT_2_OVER_PI));
            return inner.add(1f).mul(v).mul(0.5f);
        }
        return v.blend(v.mul(p0), v.lt(0f));   // LEAKY_RELU
    }

    private static void unaryF32(int c, MemorySegment o, long io, MemorySegment x, long ix, long n, float p0, float p1) {
        int len = FS.length();
        long bo = io * 4, bx = ix * 4;
        long bound = n - n % len;
        long i = 0;
        for (; i < bound; i += len)
            apply(c, FloatVector.fromMemorySegment(FS, x, bx + i * 4, NO), p0, p1).intoMemorySegment(o, bo + i * 4, NO);
        if (i < n) {
            VectorMask<Float> m = FS.indexInRange(i, n);
            apply(c, FloatVector.fromMemorySegment(FS, x, bx + i * 4, NO, m), p0, p1).intoMemorySegment(o, bo + i * 4, NO, m);
        }
    }
}
