package dev.axial.io.raw;

import dev.axial.tensor.DType;

import java.util.Locale;

/**
 * An element type as files store it, with the tensor {@link DType} it is read into. Files have unsigned
 * 16/32/64-bit types that tensors lack: uint16 is read as INT32, uint32 as INT64 and uint64 as INT64 (a
 * value above {@code Long.MAX_VALUE} is an error), and {@link #forWriting} turns them back when the
 * metadata's {@code "dtype"} asks for them.
 *
 * <pre>{@code
 * ElementType t = ElementType.of("uint16");   // UINT16, read into DType.INT32
 * t.byteSize();                               // 2
 * }</pre>
 */
public enum ElementType {
    BOOL("bool", 1, DType.BOOL),
    UINT8("uint8", 1, DType.UINT8),
    INT8("int8", 1, DType.INT8),
    INT16("int16", 2, DType.INT16),
    UINT16("uint16", 2, DType.INT32),
    INT32("int32", 4, DType.INT32),
    UINT32("uint32", 4, DType.INT64),
    INT64("int64", 8, DType.INT64),
    UINT64("uint64", 8, DType.INT64),
    FLOAT16("float16", 2, DType.FLOAT16),
    FLOAT32("float32", 4, DType.FLOAT32),
    FLOAT64("float64", 8, DType.FLOAT64);

    private final String numpyName;
    private final int byteSize;
    private final DType dtype;

    ElementType(String numpyName, int byteSize, DType dtype) {
        this.numpyName = numpyName;
        this.byteSize = byteSize;
        this.dtype = dtype;
    }

    /** NumPy's name ("uint16"); what readers put under the metadata key "dtype". */
    public String numpyName() { return numpyName; }

    /** Bytes per element in the file. */
    public int byteSize() { return byteSize; }

    /** The tensor dtype this type is read into. */
    public DType dtype() { return dtype; }

    /** True when the file's bytes are the tensor's bytes (no widening), up to byte order. */
    public boolean sameBits() { return dtype.byteSize() == byteSize; }

    /** uint16, uint32, uint64: unsigned types held in a wider (or signed) tensor dtype. */
    public boolean widenedUnsigned() { return this == UINT16 || this == UINT32 || this == UINT64; }

    /** Smallest and largest value the type holds (doubles; exact for every integer type up to 2^53). */
    public double min() {
        return switch (this) {
            case BOOL, UINT8, UINT16, UINT32, UINT64 -> 0;
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64 -> Long.MIN_VALUE;
            case FLOAT16 -> -65504;
            case FLOAT32 -> -Float.MAX_VALUE;
            case FLOAT64 -> -Double.MAX_VALUE;
        };
    }

    public double max() {
        return switch (this) {
            case BOOL -> 1;
            case UINT8 -> 255;
            case INT8 -> Byte.MAX_VALUE;
            case INT16 -> Short.MAX_VALUE;
            case UINT16 -> 65535;
            case INT32 -> Integer.MAX_VALUE;
            case UINT32 -> 4294967295.0;
            case INT64, UINT64 -> Long.MAX_VALUE;
            case FLOAT16 -> 65504;
            case FLOAT32 -> Float.MAX_VALUE;
            case FLOAT64 -> Double.MAX_VALUE;
        };
    }

    /** The type called {@code name} by NumPy ("uint16"), or null. */
    public static ElementType of(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (ElementType t : values()) if (t.numpyName.equals(n)) return t;
        return null;
    }

    /** The file type that stores {@code dtype} as it is (BFLOAT16, which files lack, as FLOAT32). */
    public static ElementType of(DType dtype) {
        return switch (dtype) {
            case BOOL -> BOOL;
            case UINT8 -> UINT8;
            case INT8 -> INT8;
            case INT16 -> INT16;
            case INT32 -> INT32;
            case INT64 -> INT64;
            case FLOAT16 -> FLOAT16;
            case BFLOAT16, FLOAT32 -> FLOAT32;
            case FLOAT64 -> FLOAT64;
        };
    }

    /**
     * The type a writer stores: {@code requested} (WriteOptions.outputDtype) if given, else the unsigned
     * type named by the metadata's original {@code "dtype"} when the array is its widened tensor dtype
     * (a uint16 file read as INT32 goes back as uint16), else the array's own type.
     */
    public static ElementType forWriting(DType arrayDtype, DType requested, Object metaDtype) {
        if (requested != null) return of(requested);
        if (metaDtype != null) {
            ElementType orig = of(metaDtype.toString());
            if (orig != null && orig.widenedUnsigned() && orig.dtype == arrayDtype) return orig;
        }
        return of(arrayDtype);
    }
}
