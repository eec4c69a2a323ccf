package dev.axial.tensor.imaging;

import dev.axial.tensor.TensorException;

import java.util.Locale;

/**
 * The knobs of {@link GridSampling#gridSample}: torch.nn.functional.grid_sample's {@code mode},
 * {@code padding_mode} and {@code align_corners}, with its defaults (bilinear, zeros, false).
 *
 * <pre>{@code
 * GridSampleOptions o = GridSampleOptions.of().mode("nearest").paddingMode("border").alignCorners(true);
 * }</pre>
 *
 * @param mode         "bilinear" (trilinear for 5-D input), "nearest" or "bicubic" (4-D input only)
 * @param paddingMode  "zeros", "border" or "reflection"
 * @param alignCorners whether -1 and 1 are the centres (true) or the outer edges (false) of the corner pixels
 */
public record GridSampleOptions(String mode, String paddingMode, boolean alignCorners) {
    /** The modes, in ATen's order (GridSamplerInterpolation: the int code the backend receives). */
    static final String[] MODES = {"bilinear", "nearest", "bicubic"};
    /** The padding modes, in ATen's order (GridSamplerPadding). */
    static final String[] PADDINGS = {"zeros", "border", "reflection"};

    public GridSampleOptions {
        mode = mode.toLowerCase(Locale.ROOT);
        paddingMode = paddingMode.toLowerCase(Locale.ROOT);
        code("grid_sample", "mode", mode, MODES);
        code("grid_sample", "padding_mode", paddingMode, PADDINGS);
    }

    /** PyTorch's defaults: bilinear, zeros, align_corners false. */
    public static GridSampleOptions of() { return new GridSampleOptions("bilinear", "zeros", false); }

    public GridSampleOptions mode(String m) { return new GridSampleOptions(m, paddingMode, alignCorners); }

    public GridSampleOptions paddingMode(String p) { return new GridSampleOptions(mode, p, alignCorners); }

    public GridSampleOptions alignCorners(boolean a) { return new GridSampleOptions(mode, paddingMode, a); }

    /** ATen's interpolation code: 0 bilinear, 1 nearest, 2 bicubic. */
    public int modeCode() { return code("grid_sample", "mode", mode, MODES); }

    /** ATen's padding code: 0 zeros, 1 border, 2 reflection. */
    public int paddingCode() { return code("grid_sample", "padding_mode", paddingMode, PADDINGS); }

    private static int code(String op, String what, String value, String[] allowed) {
        for (int i = 0; i < allowed.length; i++)
            if (allowed[i].equals(value)) return i;
        throw new TensorException(op + ": " + what + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
    }
}
