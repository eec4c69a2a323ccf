package dev.axial.transforms.lazy;

import dev.axial.tensor.DType;

/**
 * MONAI's lazy {@code overrides} ({@code mode, padding_mode, dtype, align_corners, resample_mode}) for the fused
 * resampling of {@link Lazy#applyPending}; a null field keeps MONAI's default: mode bilinear, padding_mode border
 * (constant zeros where no interpolation is needed), dtype float64, align_corners false, resample_mode "auto"
 * (integer-only maps become flips, permutations and crops/pads; any other value always interpolates).
 * {@link #dtypeOfInput()} is MONAI's {@code dtype=None} (compute in the image's dtype).
 *
 * <pre>{@code
 * Overrides labels = Overrides.NONE.mode("nearest").paddingMode("zeros");
 * }</pre>
 */
public record Overrides(String mode, String paddingMode, DType dtype, boolean dtypeOfInput, Boolean alignCorners, String resampleMode) {
    /** No overrides: MONAI's defaults. */
    public static final Overrides NONE = new Overrides(null, null, null, false, null, null);

    public Overrides mode(String m) { return new Overrides(m, paddingMode, dtype, dtypeOfInput, alignCorners, resampleMode); }

    public Overrides paddingMode(String p) { return new Overrides(mode, p, dtype, dtypeOfInput, alignCorners, resampleMode); }

    public Overrides dtype(DType d) { return new Overrides(mode, paddingMode, d, d == null, alignCorners, resampleMode); }

    public Overrides alignCorners(boolean a) { return new Overrides(mode, paddingMode, dtype, dtypeOfInput, a, resampleMode); }

    public Overrides resampleMode(String r) { return new Overrides(mode, paddingMode, dtype, dtypeOfInput, alignCorners, r); }
}
