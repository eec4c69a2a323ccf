package dev.axial.autograd.ops;

import dev.axial.autograd.Graph;
import dev.axial.autograd.Variable;
import dev.axial.tensor.imaging.InterpolateOptions;
import dev.axial.tensor.imaging.Interpolation;

import static dev.axial.autograd.Graph.grads;

/**
 * The backward table of interpolate (see {@link MathOps} for the conventions): every mode is linear in the
 * input, so d/dx is the adjoint resampling {@link Interpolation#interpolateBackward} with the same options.
 *
 * <pre>{@code
 * Variable up = InterpolateOps.interpolate(x, InterpolateOptions.of().scaleFactor(2).mode("trilinear"));
 * Variable y = InterpolateOps.interpolate(x, new long[]{64, 64}, "bilinear");
 * }</pre>
 */
public final class InterpolateOps {
    private InterpolateOps() {}

    /** interpolate to {@code size} with {@code mode} (align_corners unset). */
    public static Variable interpolate(Variable x, long[] size, String mode) {
        return interpolate(x, InterpolateOptions.of().size(size).mode(mode));
    }

    /** interpolate by {@code scaleFactor} in every spatial dim with {@code mode}. */
    public static Variable interpolate(Variable x, double scaleFactor, String mode) {
        return interpolate(x, InterpolateOptions.of().scaleFactor(scaleFactor).mode(mode));
    }

    /** interpolate: d/dx = the transpose of the resampling (interpolateBackward), for every mode. */
    public static Variable interpolate(Variable x, InterpolateOptions o) {
        long[] shape = x.shape();
        return Graph.record("interpolate", Interpolation.interpolate(x.data(), o),
                (g, need) -> grads(Interpolation.interpolateBackward(g, shape, o)), x);
    }
}
