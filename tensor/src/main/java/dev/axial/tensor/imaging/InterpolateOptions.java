package dev.axial.tensor.imaging;

/**
 * The arguments of {@link Interpolation#interpolate}, as torch.nn.functional.interpolate's: exactly one of
 * {@code size} and {@code scaleFactor} (one value for every spatial dim or one per dim), the mode (default
 * nearest), align_corners (null = unset: false for the linear modes and bicubic, and an error to set for
 * nearest, nearest-exact and area) and recompute_scale_factor (null = unset = false).
 *
 * <pre>{@code
 * Tensor y = Interpolation.interpolate(x, InterpolateOptions.of().scaleFactor(2).mode("trilinear").alignCorners(true));
 * }</pre>
 */
public record InterpolateOptions(long[] size, double[] scaleFactor, InterpolationMode mode, Boolean alignCorners,
                                 Boolean recomputeScaleFactor) {
    public InterpolateOptions {
        size = size == null ? null : size.clone();
        scaleFactor = scaleFactor == null ? null : scaleFactor.clone();
        if (mode == null) mode = InterpolationMode.NEAREST;
    }

    /** No size or scale yet, mode nearest. */
    public static InterpolateOptions of() { return new InterpolateOptions(null, null, InterpolationMode.NEAREST, null, null); }

    public InterpolateOptions size(long... s) { return new InterpolateOptions(s, scaleFactor, mode, alignCorners, recomputeScaleFactor); }

    public InterpolateOptions scaleFactor(double... f) { return new InterpolateOptions(size, f, mode, alignCorners, recomputeScaleFactor); }

    public InterpolateOptions mode(InterpolationMode m) { return new InterpolateOptions(size, scaleFactor, m, alignCorners, recomputeScaleFactor); }

    /** The mode by PyTorch's name ("nearest", "nearest-exact", "linear", "bilinear", "trilinear", "bicubic", "area"). */
    public InterpolateOptions mode(String m) { return mode(InterpolationMode.of(m)); }

    public InterpolateOptions alignCorners(Boolean a) { return new InterpolateOptions(size, scaleFactor, mode, a, recomputeScaleFactor); }

    public InterpolateOptions recomputeScaleFactor(Boolean r) { return new InterpolateOptions(size, scaleFactor, mode, alignCorners, r); }
}
