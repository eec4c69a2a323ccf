package dev.axial.transforms.intensity;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.ArrayTransform;

/**
 * MONAI's {@code GaussianSmooth(sigma=1.0, approx="erf")}: separable Gaussian smoothing (see {@link GaussianFilter}:
 * erf kernel truncated at 4 sigma, zero padding), float32 out. Only the "erf" approximation is offered. An image on
 * a GPU is filtered there by device convolutions.
 *
 * <pre>{@code
 * MetaTensor smooth = new GaussianSmooth(0.5, 1.3, 0.8).apply(img);
 * }</pre>
 */
public class GaussianSmooth extends ArrayTransform {
    private final double[] sigma;

    /** One sigma for all spatial dimensions, or one each. */
    public GaussianSmooth(double... sigma) {
        if (sigma.length == 0) throw new IllegalArgumentException(name() + ": needs a sigma");
        this.sigma = sigma.clone();
    }

    public GaussianSmooth() { this(1.0); }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        Voxels.check(name(), img);
        return GaussianFilter.smooth(img, GaussianFilter.perDim(name(), sigma, img.shape().length - 1));
    }
}
