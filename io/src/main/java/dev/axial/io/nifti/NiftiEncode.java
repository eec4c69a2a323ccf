package dev.axial.io.nifti;

import dev.axial.tensor.DType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The writer's element conversion, one chunk at a time: any tensor dtype to the on-disk NIfTI type,
 * little-endian, integer outputs truncated toward zero (numpy's astype, as MONAI's writers) and clipped to their range,
 * NaN to 0.
 *
 * <pre>{@code
 * NiftiEncode.encode(floatSegment, DType.FLOAT32, 0, n, chunk, NiftiDataType.UINT8);
 * }</pre>
 */
final class NiftiEncode {
    private NiftiEncode() {}

    private static final ValueLayout.OfShort S16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfInt S32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong S64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    /** Encodes elements [first, first + n) of {@code src} (dtype {@code from}) into {@code out} as {@code to}. */
    static void encode(MemorySegment src, DType from, long first, int n, MemorySegment out, NiftiDataType to) {
        boolean exactInts = !from.isFloatingPoint();
        for (int i = 0; i < n; i++) {
            long idx = first + i;
            if (exactInts) {
                long v = readLong(src, from, idx);
                switch (to) {
                    case UINT8 -> out.set(ValueLayout.JAVA_BYTE, i, (byte) clamp(v, 0, 255));
                    case INT8 -> out.set(ValueLayout.JAVA_BYTE, i, (byte) clamp(v, -128, 127));
                    case INT16 -> out.setAtIndex(S16, i, (short) clamp(v, Short.MIN_VALUE, Short.MAX_VALUE));
                    case UINT16 -> out.setAtIndex(S16, i, (short) clamp(v, 0, 65535));
                    case INT32 -> out.setAtIndex(S32, i, (int) clamp(v, Integer.MIN_VALUE, Integer.MAX_VALUE));
                    case UINT32 -> out.setAtIndex(S32, i, (int) clamp(v, 0, 0xffffffffL));
                    case INT64 -> out.setAtIndex(S64, i, v);
                    case UINT64 -> out.setAtIndex(S64, i, Math.max(0, v));
                    case FLOAT32 -> out.setAtIndex(F32, i, (float) v);
                    case FLOAT64 -> out.setAtIndex(F64, i, (double) v);
                    default -> throw new IllegalStateException("NiftiEncode: cannot write " + to);
                }
            } else {
                double v = readDouble(src, from, idx);
                switch (to) {
                    case UINT8 -> out.set(ValueLayout.JAVA_BYTE, i, (byte) round(v, 0, 255));
                    case INT8 -> out.set(ValueLayout.JAVA_BYTE, i, (byte) round(v, -128, 127));
                    case INT16 -> out.setAtIndex(S16, i, (short) round(v, Short.MIN_VALUE, Short.MAX_VALUE));
                    case UINT16 -> out.setAtIndex(S16, i, (short) round(v, 0, 65535));
                    case INT32 -> out.setAtIndex(S32, i, (int) round(v, Integer.MIN_VALUE, Integer.MAX_VALUE));
                    case UINT32 -> out.setAtIndex(S32, i, (int) round(v, 0, 0xffffffffL));
                    case INT64 -> out.setAtIndex(S64, i, round(v, Long.MIN_VALUE, Long.MAX_VALUE));
                    case UINT64 -> out.setAtIndex(S64, i, round(v, 0, Long.MAX_VALUE));
                    case FLOAT32 -> out.setAtIndex(F32, i, (float) v);
                    case FLOAT64 -> out.setAtIndex(F64, i, v);
                    default -> throw new IllegalStateException("NiftiEncode: cannot write " + to);
                }
            }
        }
    }

    private static long clamp(long v, long lo, long hi) { return Math.max(lo, Math.min(hi, v)); }

    /** numpy's astype: toward zero; then clipped to [lo, hi] (numpy would wrap); NaN becomes 0. */
    private static long round(double v, long lo, long hi) {
        if (Double.isNaN(v)) return 0;
        if (v <= lo) return lo;
        if (v >= hi) return hi;
        return (long) v;
    }

    private static long readLong(MemorySegment s, DType t, long i) {
        return switch (t) {
            case BOOL -> s.get(ValueLayout.JAVA_BYTE, i) != 0 ? 1 : 0;
            case UINT8 -> s.get(ValueLayout.JAVA_BYTE, i) & 0xff;
            case INT8 -> s.get(ValueLayout.JAVA_BYTE, i);
            case INT16 -> s.getAtIndex(S16, i);
            case INT32 -> s.getAtIndex(S32, i);
            case INT64 -> s.getAtIndex(S64, i);
            default -> throw new IllegalStateException("NiftiEncode: " + t + " is not an integer dtype");
        };
    }

    private static double readDouble(MemorySegment s, DType t, long i) {
        return switch (t) {
            case FLOAT16 -> Float.float16ToFloat(s.getAtIndex(S16, i));
            case BFLOAT16 -> Float.intBitsToFloat(s.getAtIndex(S16, i) << 16);
            case FLOAT32 -> s.getAtIndex(F32, i);
            case FLOAT64 -> s.getAtIndex(F64, i);
            default -> throw new IllegalStateException("NiftiEncode: " + t + " is not a floating dtype");
        };
    }
}
