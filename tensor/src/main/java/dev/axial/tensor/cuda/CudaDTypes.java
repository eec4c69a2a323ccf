package dev.axial.tensor.cuda;

import dev.axial.tensor.DType;

/**
 * The kernel-name suffix of each dtype, as the kernel files instantiate their templates:
 * {@code <op>_<suffix>}.
 *
 * <pre>{@code
 * String kernel = "unary_" + CudaDTypes.suffix(DType.FLOAT32);   // "unary_f32"
 * }</pre>
 */
public final class CudaDTypes {
    private CudaDTypes() {}

    /** bool, u8, i8, i16, i32, i64, f16, bf16, f32, f64. */
    public static String suffix(DType t) {
        return switch (t) {
            case BOOL -> "bool";
            case UINT8 -> "u8";
            case INT8 -> "i8";
            case INT16 -> "i16";
            case INT32 -> "i32";
            case INT64 -> "i64";
            case FLOAT16 -> "f16";
            case BFLOAT16 -> "bf16";
            case FLOAT32 -> "f32";
            case FLOAT64 -> "f64";
        };
    }

    /** {@code base + "_" + suffix(t)}: the kernel of family op {@code base} for dtype t. */
    public static String kernel(String base, DType t) { return base + "_" + suffix(t); }
}
