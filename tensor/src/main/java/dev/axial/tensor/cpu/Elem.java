package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads and writes one element of any dtype at an element index of a segment: the general (slow) path of
 * every CPU kernel, and the definition of the conversions between dtypes. Floating → integer truncates
 * toward zero (as C and PyTorch); NaN → integer gives 0 here (undefined in C); anything → bool is "!= 0".
 */
public final class Elem {
    private static final ValueLayout.OfShort S = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private Elem() {}

    public static double getDouble(MemorySegment m, DType t, long i) {
        return switch (t) {
            case FLOAT32 -> m.getAtIndex(F, i);
            case FLOAT64 -> m.getAtIndex(D, i);
            case FLOAT16 -> Float.float16ToFloat(m.getAtIndex(S, i));
            case BFLOAT16 -> bf16ToFloat(m.getAtIndex(S, i));
            case INT64 -> m.getAtIndex(L, i);
            case INT32 -> m.getAtIndex(I, i);
            case INT16 -> m.getAtIndex(S, i);
            case INT8 -> m.get(ValueLayout.JAVA_BYTE, i);
            case UINT8 -> m.get(ValueLayout.JAVA_BYTE, i) & 0xff;
            case BOOL -> m.get(ValueLayout.JAVA_BYTE, i) != 0 ? 1 : 0;
        };
    }

    public static long getLong(MemorySegment m, DType t, long i) {
        return switch (t) {
            case INT64 -> m.getAtIndex(L, i);
            case INT32 -> m.getAtIndex(I, i);
            case INT16 -> m.getAtIndex(S, i);
            case INT8 -> m.get(ValueLayout.JAVA_BYTE, i);
            case UINT8 -> m.get(ValueLayout.JAVA_BYTE, i) & 0xff;
            case BOOL -> m.get(ValueLayout.JAVA_BYTE, i) != 0 ? 1 : 0;
            default -> toLong(getDouble(m, t, i));
        };
    }

    public static void putDouble(MemorySegment m, DType t, long i, double v) {
        switch (t) {
            case FLOAT32 -> m.setAtIndex(F, i, (float) v);
            case FLOAT64 -> m.setAtIndex(D, i, v);
            case FLOAT16 -> m.setAtIndex(S, i, Float.floatToFloat16((float) v));
            case BFLOAT16 -> m.setAtIndex(S, i, floatToBf16((float) v));
            case BOOL -> m.set(ValueLayout.JAVA_BYTE, i, (byte) (v != 0 ? 1 : 0));
            default -> putLong(m, t, i, toLong(v));
        }
    }

    public static void putLong(MemorySegment m, DType t, long i, long v) {
        switch (t) {
            case INT64 -> m.setAtIndex(L, i, v);
            case INT32 -> m.setAtIndex(I, i, (int) v);
            case INT16 -> m.setAtIndex(S, i, (short) v);
            case INT8, UINT8 -> m.set(ValueLayout.JAVA_BYTE, i, (byte) v);
            case BOOL -> m.set(ValueLayout.JAVA_BYTE, i, (byte) (v != 0 ? 1 : 0));
            // NOTE: straight from long, as C++'s static_cast: going through double would round twice above 2^53
            case FLOAT64 -> m.setAtIndex(D, i, (double) v);
            case FLOAT32 -> m.setAtIndex(F, i, (float) v);
            case FLOAT16 -> m.setAtIndex(S, i, Float.floatToFloat16((float) v));
            case BFLOAT16 -> m.setAtIndex(S, i, floatToBf16((float) v));
        }
    }

    /** Copies one element's bits unchanged (same dtype on both sides; NaN payloads survive). */
    public static void copyBits(MemorySegment dst, long o, MemorySegment src, long i, int byteSize) {
        switch (byteSize) {
            case 1 -> dst.set(ValueLayout.JAVA_BYTE, o, src.get(ValueLayout.JAVA_BYTE, i));
            case 2 -> dst.setAtIndex(S, o, src.getAtIndex(S, i));
            case 4 -> dst.setAtIndex(I, o, src.getAtIndex(I, i));
            default -> dst.setAtIndex(L, o, src.getAtIndex(L, i));
        }
    }

    /** Truncation toward zero; NaN → 0; out-of-range saturates (Java's cast). */
    public static long toLong(double v) { return (long) v; }

    public static float bf16ToFloat(short bits) { return Float.intBitsToFloat((bits & 0xffff) << 16); }

    /** Round to nearest even, NaN kept quiet (as PyTorch's c10::BFloat16). */
    public static short floatToBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) return (short) 0x7fc0;
        int lsb = (bits >>> 16) & 1;
        bits += 0x7fff + lsb;
        return (short) (bits >>> 16);
    }
}
