package dev.axial.tensor;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;

/**
 * Element types, with PyTorch's names and NumPy/PyTorch type promotion.
 *
 * <pre>{@code
 * DType.promote(DType.INT32, DType.FLOAT32);   // FLOAT32
 * DType.promote(DType.UINT8, DType.INT8);      // INT16
 * }</pre>
 */
public enum DType {
    BOOL("bool", 1, Kind.BOOL, ValueLayout.JAVA_BYTE),
    UINT8("uint8", 1, Kind.UNSIGNED, ValueLayout.JAVA_BYTE),
    INT8("int8", 1, Kind.SIGNED, ValueLayout.JAVA_BYTE),
    INT16("int16", 2, Kind.SIGNED, ValueLayout.JAVA_SHORT_UNALIGNED),
    INT32("int32", 4, Kind.SIGNED, ValueLayout.JAVA_INT_UNALIGNED),
    INT64("int64", 8, Kind.SIGNED, ValueLayout.JAVA_LONG_UNALIGNED),
    FLOAT16("float16", 2, Kind.FLOAT, ValueLayout.JAVA_SHORT_UNALIGNED),
    BFLOAT16("bfloat16", 2, Kind.FLOAT, ValueLayout.JAVA_SHORT_UNALIGNED),
    FLOAT32("float32", 4, Kind.FLOAT, ValueLayout.JAVA_FLOAT_UNALIGNED),
    FLOAT64("float64", 8, Kind.FLOAT, ValueLayout.JAVA_DOUBLE_UNALIGNED);

    enum Kind { BOOL, UNSIGNED, SIGNED, FLOAT }

    private final String torchName;
    private final int byteSize;
    private final Kind kind;
    private final MemoryLayout layout;

    DType(String torchName, int byteSize, Kind kind, MemoryLayout layout) {
        this.torchName = torchName;
        this.byteSize = byteSize;
        this.kind = kind;
        this.layout = layout;
    }

    /** Bytes per element. */
    public int byteSize() { return byteSize; }

    /** PyTorch's name for this dtype ("float32", "int64", ...). */
    public String torchName() { return torchName; }

    /** The native layout of one element (little-endian, unaligned access allowed). */
    public MemoryLayout layout() { return layout; }

    /** float16, bfloat16, float32, float64. */
    public boolean isFloatingPoint() { return kind == Kind.FLOAT; }

    /** Integer types (signed or unsigned), not bool. */
    public boolean isIntegral() { return kind == Kind.SIGNED || kind == Kind.UNSIGNED; }

    public boolean isBool() { return kind == Kind.BOOL; }

    /** True for every type that can hold a negative value. */
    public boolean isSigned() { return kind == Kind.SIGNED || kind == Kind.FLOAT; }

    /** The dtype for a Java value: Integer/Long/Short/Byte→INT64, Float/Double→FLOAT32 (PyTorch's default dtype). */
    public static DType defaultFor(Number n) {
        return (n instanceof Double || n instanceof Float) ? FLOAT32 : INT64;
    }

    /** PyTorch's default floating dtype. */
    public static DType defaultFloat() { return FLOAT32; }

    /** Looks up a dtype by PyTorch's name ("float32", "float", "double", "half", "long", "int", "bool" ...). */
    public static DType of(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT).replace("torch.", "");   // NOTE: ROOT, else "INT" fails in a Turkish locale
        return switch (n) {
            case "float", "float32", "f32" -> FLOAT32;
            case "double", "float64", "f64" -> FLOAT64;
            case "half", "float16", "f16" -> FLOAT16;
            case "bfloat16", "bf16" -> BFLOAT16;
            case "uint8", "u8" -> UINT8;
            case "int8", "i8" -> INT8;
            case "short", "int16", "i16" -> INT16;
            case "int", "int32", "i32" -> INT32;
            case "long", "int64", "i64" -> INT64;
            case "bool" -> BOOL;
            default -> throw new IllegalArgumentException("unknown dtype '" + name
                    + "' (expected one of float32, float64, float16, bfloat16, int8, uint8, int16, int32, int64, bool)");
        };
    }

    /**
     * Type promotion of two tensor operands, as PyTorch's {@code torch.promote_types} (NumPy's rules for
     * these types): bool &lt; integers &lt; floating; uint8 with a signed type widens to the next signed type
     * that holds both; float16 with bfloat16 gives float32.
     */
    public static DType promote(DType a, DType b) {
        if (a == b) return a;
        if (a.kind == Kind.FLOAT || b.kind == Kind.FLOAT) {
            if (a.kind != Kind.FLOAT) return b;
            if (b.kind != Kind.FLOAT) return a;
            if ((a == FLOAT16 && b == BFLOAT16) || (a == BFLOAT16 && b == FLOAT16)) return FLOAT32;
            return a.byteSize >= b.byteSize ? a : b;
        }
        if (a == BOOL) return b;
        if (b == BOOL) return a;
        if (a == UINT8 || b == UINT8) {
            DType other = a == UINT8 ? b : a;
            return other == INT8 ? INT16 : other;   // int16/32/64 already hold every uint8
        }
        return a.byteSize >= b.byteSize ? a : b;
    }

    /**
     * Promotion of a tensor with a Java scalar, as PyTorch does for a tensor and a Python number: the scalar
     * only raises the category (an integer tensor with a floating scalar becomes the default float), never the width.
     */
    public static DType promoteWithScalar(DType tensor, boolean scalarIsFloating, boolean scalarIsBool) {
        if (scalarIsBool) return tensor;
        if (scalarIsFloating) return tensor.isFloatingPoint() ? tensor : FLOAT32;
        return tensor == BOOL ? INT64 : tensor;
    }

    /** The dtype ops such as mean, sqrt or division compute in for this input: itself if floating, else float32. */
    public DType toFloating() { return isFloatingPoint() ? this : FLOAT32; }

    @Override public String toString() { return torchName; }
}
