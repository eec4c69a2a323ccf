package dev.axial.tensor.imaging;

import dev.axial.tensor.TensorException;

/**
 * The modes of {@link Interpolation#interpolate}, as torch.nn.functional.interpolate's {@code mode} strings.
 *
 * <pre>{@code
 * InterpolationMode m = InterpolationMode.of("trilinear");   // TRILINEAR, 3 spatial dims
 * }</pre>
 */
public enum InterpolationMode {
    NEAREST("nearest", 0),
    NEAREST_EXACT("nearest-exact", 0),
    LINEAR("linear", 1),
    BILINEAR("bilinear", 2),
    TRILINEAR("trilinear", 3),
    BICUBIC("bicubic", 2),
    AREA("area", 0);

    private final String torchName;
    private final int spatialDims;

    InterpolationMode(String torchName, int spatialDims) {
        this.torchName = torchName;
        this.spatialDims = spatialDims;
    }

    /** PyTorch's name of the mode ("nearest-exact", "bilinear", ...). */
    public String torchName() { return torchName; }

    /** The number of spatial dims the mode requires, or 0 for the modes that take 1, 2 or 3. */
    public int spatialDims() { return spatialDims; }

    /** True for the modes that take align_corners (linear, bilinear, trilinear, bicubic). */
    public boolean takesAlignCorners() { return spatialDims != 0; }

    /** The mode of PyTorch's name (case-insensitive; "nearest_exact" too). */
    public static InterpolationMode of(String name) {
        for (InterpolationMode m : values())
            if (m.torchName.equalsIgnoreCase(name) || m.name().equalsIgnoreCase(name)) return m;
        throw new TensorException("interpolate: unknown mode '" + name
                + "' (expected nearest, nearest-exact, linear, bilinear, trilinear, bicubic or area)");
    }

    @Override public String toString() { return torchName; }
}
