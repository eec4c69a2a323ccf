package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.spi.BinaryOp;
import dev.axial.tensor.spi.UnaryOp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

import static dev.axial.tensor.cpu.CpuBackend.seg;

/**
 * Elementwise kernels (unary, binary, where). Contiguous float32/float64 rows go to {@link CpuFastPaths};
 * everything else runs the general strided path over {@link ScalarMath}'s definitions (double for floating
 * dtypes, long for integers and bool), with the dtype dispatch hoisted out of the element loop.
 */
final class CpuElementwise {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private CpuElementwise() {}

    static void unary(UnaryOp op, Tensor out, Tensor in, double[] params) {
        out.checkAlive(op.opName());
        in.checkAlive(op.opName());
        if (out.numel() == 0) return;
        DType t = in.dtype();
        MemorySegment o = seg(out), x = seg(in);
        StridedLoop loop = StridedLoop.of(out, in);
        long so = loop.innerStride(0), si = loop.innerStride(1);
        if (op.isPredicate()) {
            predicate(op, loop, o, x, t, so, si);
            return;
        }
        if (t.isFloatingPoint()) {
            if (so == 1 && si == 1 && CpuFastPaths.unary(op, t, loop, o, x, params)) return;
            DoubleUnaryOperator f = ScalarMath.unary(op, params);
            DType ot = out.dtype();
            if (t == DType.FLOAT32 && ot == t) {
                loop.forEach((off, n) -> {
                    long io = off[0], ix = off[1];
                    for (long k = 0; k < n; k++, io += so, ix += si)
                        o.setAtIndex(F, io, (float) f.applyAsDouble(x.getAtIndex(F, ix)));
                });
            } else if (t == DType.FLOAT64 && ot == t) {
                loop.forEach((off, n) -> {
                    long io = off[0], ix = off[1];
                    for (long k = 0; k < n; k++, io += so, ix += si) o.setAtIndex(D, io, f.applyAsDouble(x.getAtIndex(D, ix)));
                });
            } else {
                loop.forEach((off, n) -> {
                    long io = off[0], ix = off[1];
                    for (long k = 0; k < n; k++, io += so, ix += si) Elem.putDouble(o, ot, io, f.applyAsDouble(Elem.getDouble(x, t, ix)));
                });
            }
            return;
        }
        // NOTE: ~ on bool is logical not (~1 would be -2, stored as true)
        LongUnaryOperator f = t == DType.BOOL && op == UnaryOp.BITWISE_NOT ? v -> v == 0 ? 1 : 0 : ScalarMath.unaryLong(op, params);
        if (f == null) throw new UnsupportedOperationException(op.opName() + " is not defined for " + t);
        DType ot = out.dtype();
        loop.forEach((off, n) -> {
            long io = off[0], ix = off[1];
            for (long k = 0; k < n; k++, io += so, ix += si) Elem.putLong(o, ot, io, f.applyAsLong(Elem.getLong(x, t, ix)));
        });
    }

    private static void predicate(UnaryOp op, StridedLoop loop, MemorySegment o, MemorySegment x, DType t, long so, long si) {
        boolean fp = t.isFloatingPoint();
        loop.forEach((off, n) -> {
            long io = off[0], ix = off[1];
            for (long k = 0; k < n; k++, io += so, ix += si) {
                boolean r = fp ? ScalarMath.test(op, Elem.getDouble(x, t, ix))
                        : op == UnaryOp.LOGICAL_NOT ? Elem.getLong(x, t, ix) == 0 : op == UnaryOp.ISFINITE;
                o.set(ValueLayout.JAVA_BYTE, io, (byte) (r ? 1 : 0));
            }
        });
    }

    static void binary(BinaryOp op, Tensor out, Tensor a, Tensor b, double[] params) {
        out.checkAlive(op.opName());
        a.checkAlive(op.opName());
        b.checkAlive(op.opName());
        if (out.numel() == 0) return;
        DType t = a.dtype(), ot = out.dtype();
        MemorySegment o = seg(out), x = seg(a), y = seg(b);
        StridedLoop loop = StridedLoop.of(out, a, b);
        long so = loop.innerStride(0), sa = loop.innerStride(1), sb = loop.innerStride(2);
        if (t.isFloatingPoint()) {
            if (so == 1 && ot == t && CpuFastPaths.binary(op, t, loop, o, x, y, sa, sb, params)) return;
            if (so == 1 && ot == DType.BOOL && CpuFastPaths.compare(op, t, loop, o, x, y, sa, sb)) return;
            DoubleBinaryOperator f = ScalarMath.binary(op, params);
            if (t == DType.FLOAT32 && ot == t) {
                loop.forEach((off, n) -> {
                    long io = off[0], ia = off[1], ib = off[2];
                    for (long k = 0; k < n; k++, io += so, ia += sa, ib += sb)
                        o.setAtIndex(F, io, (float) f.applyAsDouble(x.getAtIndex(F, ia), y.getAtIndex(F, ib)));
                });
            } else if (t == DType.FLOAT32 && ot == DType.BOOL) {   // comparisons and masks: the common predicate case
                loop.forEach((off, n) -> {
                    long io = off[0], ia = off[1], ib = off[2];
                    for (long k = 0; k < n; k++, io += so, ia += sa, ib += sb)
                        o.set(ValueLayout.JAVA_BYTE, io, (byte) f.applyAsDouble(x.getAtIndex(F, ia), y.getAtIndex(F, ib)));
                });
            } else {
                loop.forEach((off, n) -> {
                    long io = off[0], ia = off[1], ib = off[2];
                    for (long k = 0; k < n; k++, io += so, ia += sa, ib += sb)
                        Elem.putDouble(o, ot, io, f.applyAsDouble(Elem.getDouble(x, t, ia), Elem.getDouble(y, t, ib)));
                });
            }
            return;
        }
        if (so == 1 && ot == t && CpuFastPaths.binary(op, t, loop, o, x, y, sa, sb, params)) return;
        if (so == 1 && CpuFastPaths.logical(op, t, ot, loop, o, x, y, sa, sb)) return;
        LongBinaryOperator f = ScalarMath.binaryLong(op, params);
        loop.forEach((off, n) -> {
            long io = off[0], ia = off[1], ib = off[2];
            for (long k = 0; k < n; k++, io += so, ia += sa, ib += sb)
                Elem.putLong(o, ot, io, f.applyAsLong(Elem.getLong(x, t, ia), Elem.getLong(y, t, ib)));
        });
    }

    /** Contiguous float rows by {@link CpuFastPaths#where}, else the general strided path (exact for every dtype). */
    static void where(Tensor out, Tensor cond, Tensor a, Tensor b) {
        DType t = out.dtype();
        MemorySegment o = seg(out), c = seg(cond), x = seg(a), y = seg(b);
        StridedLoop loop = StridedLoop.of(out, cond, a, b);
        long so = loop.innerStride(0), sc = loop.innerStride(1), sx = loop.innerStride(2), sy = loop.innerStride(3);
        if (so == 1 && CpuFastPaths.where(t, loop, o, c, x, y, sc, sx, sy)) return;
        if (t == DType.FLOAT32) {
            loop.forEach((off, n) -> {
                long io = off[0], ic = off[1], ix = off[2], iy = off[3];
                for (long k = 0; k < n; k++, io += so, ic += sc, ix += sx, iy += sy)
                    o.setAtIndex(F, io, c.get(ValueLayout.JAVA_BYTE, ic) != 0 ? x.getAtIndex(F, ix) : y.getAtIndex(F, iy));
            });
            return;
        }
        boolean fp = t.isFloatingPoint();
        loop.forEach((off, n) -> {
            long io = off[0], ic = off[1], ix = off[2], iy = off[3];
            for (long k = 0; k < n; k++, io += so, ic += sc, ix += sx, iy += sy) {
                boolean pick = c.get(ValueLayout.JAVA_BYTE, ic) != 0;
                if (fp) Elem.putDouble(o, t, io, pick ? Elem.getDouble(x, t, ix) : Elem.getDouble(y, t, iy));
                else Elem.putLong(o, t, io, pick ? Elem.getLong(x, t, ix) : Elem.getLong(y, t, iy));
            }
        });
    }

    /** {@link dev.axial.tensor.spi.Backend#preluBackward}: contiguous float rows by {@link CpuFastPaths#preluBackward}, else in double. */
    static void preluBackward(Tensor gx, Tensor gw, Tensor g, Tensor x, Tensor w) {
        DType t = gx.dtype();
        MemorySegment ogx = seg(gx), ogw = seg(gw), sg = seg(g), sx = seg(x), sw = seg(w);
        StridedLoop loop = StridedLoop.of(gx, gw, g, x, w);
        long s0 = loop.innerStride(0), s1 = loop.innerStride(1), s2 = loop.innerStride(2), s3 = loop.innerStride(3), s4 = loop.innerStride(4);
        if (s0 == 1 && s1 == 1 && s2 == 1 && s3 == 1 && CpuFastPaths.preluBackward(t, loop, ogx, ogw, sg, sx, sw, s4)) return;
        loop.forEach((off, n) -> {
            long i0 = off[0], i1 = off[1], i2 = off[2], i3 = off[3], i4 = off[4];
            for (long k = 0; k < n; k++, i0 += s0, i1 += s1, i2 += s2, i3 += s3, i4 += s4) {
                double gv = Elem.getDouble(sg, t, i2), xv = Elem.getDouble(sx, t, i3);
                boolean pos = xv > 0;
                Elem.putDouble(ogx, t, i0, pos ? gv : Elem.getDouble(sw, t, i4) * gv);
                Elem.putDouble(ogw, t, i1, pos ? 0 : xv * gv);
            }
        });
    }
}
