package dev.axial.io.nifti;

import dev.axial.tensor.DType;

/**
 * The NIfTI / Analyze {@code datatype} codes, their on-disk element size and the tensor dtype each one is
 * read into. Axial has no unsigned 16/32/64-bit dtype: uint16 widens to int32 and uint32/uint64 to int64 (a
 * uint64 value above {@link Long#MAX_VALUE} is an error). RGB24/RGBA32 read as uint8 with a trailing channel
 * axis of 3/4. Complex and float128 types are recognised so the error can name them, but not read.
 *
 * <pre>{@code
 * NiftiDataType t = NiftiDataType.of(4);     // INT16: 2 bytes on disk, DType.INT16 in memory
 * }</pre>
 */
public enum NiftiDataType {
    UINT8(2, 1, DType.UINT8, "uint8"),
    INT16(4, 2, DType.INT16, "int16"),
    INT32(8, 4, DType.INT32, "int32"),
    FLOAT32(16, 4, DType.FLOAT32, "float32"),
    COMPLEX64(32, 8, null, "complex64"),
    FLOAT64(64, 8, DType.FLOAT64, "float64"),
    RGB24(128, 1, DType.UINT8, "RGB24"),
    INT8(256, 1, DType.INT8, "int8"),
    UINT16(512, 2, DType.INT32, "uint16"),
    UINT32(768, 4, DType.INT64, "uint32"),
    INT64(1024, 8, DType.INT64, "int64"),
    UINT64(1280, 8, DType.INT64, "uint64"),
    FLOAT128(1536, 16, null, "float128"),
    COMPLEX128(1792, 16, null, "complex128"),
    COMPLEX256(2048, 32, null, "complex256"),
    RGBA32(2304, 1, DType.UINT8, "RGBA32");

    /** The header's datatype code. */
    public final int code;
    /** Bytes of one on-disk component (one colour channel for RGB). */
    public final int diskBytes;
    /** The dtype the reader produces, null where Axial cannot hold the type. */
    public final DType dtype;
    /** nibabel's / NumPy's name. */
    public final String label;

    NiftiDataType(int code, int diskBytes, DType dtype, String label) {
        this.code = code;
        this.diskBytes = diskBytes;
        this.dtype = dtype;
        this.label = label;
    }

    /** Colour channels per voxel: 3 for RGB24, 4 for RGBA32, else 1. */
    public int channels() { return this == RGB24 ? 3 : this == RGBA32 ? 4 : 1; }

    /** The header's {@code bitpix} for this type: bits per voxel. */
    public int bitpix() { return diskBytes * channels() * 8; }

    /** True for uint16/uint32/uint64: read zero-extended into a wider signed dtype. */
    public boolean widens() { return this == UINT16 || this == UINT32 || this == UINT64; }

    /** The type for {@code code}, or null if NIfTI has none. */
    public static NiftiDataType of(int code) {
        for (NiftiDataType t : values()) if (t.code == code) return t;
        return null;
    }

    /** The on-disk type that stores {@code dtype} as it is (the writer's choice). */
    public static NiftiDataType forDType(DType dtype) {
        return switch (dtype) {
            case BOOL, UINT8 -> UINT8;
            case INT8 -> INT8;
            case INT16 -> INT16;
            case INT32 -> INT32;
            case INT64 -> INT64;
            case FLOAT16, BFLOAT16, FLOAT32 -> FLOAT32;
            case FLOAT64 -> FLOAT64;
        };
    }
}
