package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import dev.axial.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static dev.axial.tensor.cpu.CpuBackend.seg;

/** Strided copies with dtype conversion, fills and linear fills on the CPU. */
final class CpuCopy {
    private CpuCopy() {}

    static void copy(Tensor dst, Tensor src) {
        dst.checkAlive("copy");
        src.checkAlive("copy");
        DType dt = dst.dtype(), st = src.dtype();
        MemorySegment d = seg(dst), s = seg(src);
        StridedLoop loop = StridedLoop.of(dst, src);
        long sd = loop.innerStride(0), ss = loop.innerStride(1);
        if (dt == st && sd == 1 && ss == 1) {
            int es = dt.byteSize();
            loop.forEach((off, n) -> MemorySegment.copy(s, off[1] * es, d, off[0] * es, n * es));
            return;
        }
        if (dt == st) {
            // a bit copy: converting through double would change float16/bfloat16 NaN payloads
            ValueLayout lay = switch (dt.byteSize()) {
                case 1 -> ValueLayout.JAVA_BYTE;
                case 2 -> ValueLayout.JAVA_SHORT_UNALIGNED;
                case 4 -> ValueLayout.JAVA_INT_UNALIGNED;
                default -> ValueLayout.JAVA_LONG_UNALIGNED;
            };
            if (lay == ValueLayout.JAVA_INT_UNALIGNED) {   // float32/int32 transposes: keep a monomorphic loop
                loop.forEach((off, n) -> {
                    long o = off[0], i = off[1];
                    for (long k = 0; k < n; k++, o += sd, i += ss)
                        d.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, o, s.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i));
                });
                return;
            }
            int es = dt.byteSize();
            loop.forEach((off, n) -> {
                long o = off[0], i = off[1];
                for (long k = 0; k < n; k++, o += sd, i += ss) Elem.copyBits(d, o, s, i, es);
            });
            return;
        }
        // integers and bool are read exactly as long (int64 above 2^53 must not detour through double)
        boolean viaLong = !st.isFloatingPoint();
        loop.forEach((off, n) -> {
            long o = off[0], i = off[1];
            if (viaLong) {
                for (long k = 0; k < n; k++, o += sd, i += ss) Elem.putLong(d, dt, o, Elem.getLong(s, st, i));
            } else {
                for (long k = 0; k < n; k++, o += sd, i += ss) Elem.putDouble(d, dt, o, Elem.getDouble(s, st, i));
            }
        });
    }

    static void fill(Tensor dst, Number value) {
        dst.checkAlive("fill");
        DType dt = dst.dtype();
        MemorySegment d = seg(dst);
        StridedLoop loop = StridedLoop.of(dst);
        long sd = loop.innerStride(0);
        boolean integral = value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
        if (sd == 1 && dt == DType.FLOAT32) {
            float v = value.floatValue();
            if (Float.floatToRawIntBits(v) == 0) {
                loop.forEach((off, n) -> d.asSlice(off[0] * 4, n * 4).fill((byte) 0));
            } else {
                loop.forEach((off, n) -> {
                    long o = off[0];
                    for (long k = 0; k < n; k++) d.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, o + k, v);
                });
            }
            return;
        }
        loop.forEach((off, n) -> {
            long o = off[0];
            if (integral) {
                long v = value.longValue();
                for (long k = 0; k < n; k++, o += sd) Elem.putLong(d, dt, o, v);
            } else {
                double v = value.doubleValue();
                for (long k = 0; k < n; k++, o += sd) Elem.putDouble(d, dt, o, v);
            }
        });
    }

    static void fillLinear(Tensor dst, double start, double step, double end) {
        dst.checkAlive("fillLinear");
        DType dt = dst.dtype();
        MemorySegment d = seg(dst);
        long n = dst.numel(), half = n / 2, st = dst.stride(0), base = dst.offset();
        Parallel.forRange(n, 1 << 15, (a, b) -> {
            for (long i = a; i < b; i++) {
                double v = i < half || Double.isNaN(end) ? start + i * step : end - (n - 1 - i) * step;
                if (dt.isFloatingPoint()) Elem.putDouble(d, dt, base + i * st, v);
                else Elem.putLong(d, dt, base + i * st, (long) v);
            }
        });
    }
}
