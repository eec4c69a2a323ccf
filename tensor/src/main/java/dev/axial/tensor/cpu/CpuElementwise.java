package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.spi.BinaryOp;
import dev.axial.tensor.spi.UnaryOp;

import java.lang.foreign.MemorySegment;

import static dev.axial.tensor.cpu.CpuBackend.seg;

/** Elementwise kernels (unary, binary, where). IN PROGRESS: unary and binary are filled by the elementwise work. */
final class CpuElementwise {
    private CpuElementwise() {}

    static void unary(UnaryOp op, Tensor out, Tensor in, double[] params) { throw new UnsupportedOperationException("unary " + op); }

    static void binary(BinaryOp op, Tensor out, Tensor a, Tensor b) { throw new UnsupportedOperationException("binary " + op); }

    /** General strided path; exact for every dtype (integers go through long). */
    static void where(Tensor out, Tensor cond, Tensor a, Tensor b) {
        DType t = out.dtype();
        MemorySegment o = seg(out), c = seg(cond), x = seg(a), y = seg(b);
        StridedLoop loop = StridedLoop.of(out, cond, a, b);
        long so = loop.innerStride(0), sc = loop.innerStride(1), sx = loop.innerStride(2), sy = loop.innerStride(3);
        boolean fp = t.isFloatingPoint();
        loop.forEach((off, n) -> {
            long io = off[0], ic = off[1], ix = off[2], iy = off[3];
            for (long k = 0; k < n; k++, io += so, ic += sc, ix += sx, iy += sy) {
                boolean pick = c.get(java.lang.foreign.ValueLayout.JAVA_BYTE, ic) != 0;
                if (fp) Elem.putDouble(o, t, io, pick ? Elem.getDouble(x, t, ix) : Elem.getDouble(y, t, iy));
                else Elem.putLong(o, t, io, pick ? Elem.getLong(x, t, ix) : Elem.getLong(y, t, iy));
            }
        });
    }
}
