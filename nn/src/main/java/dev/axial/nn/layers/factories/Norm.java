package dev.axial.nn.layers.factories;

import dev.axial.nn.layers.BatchNorm1d;
import dev.axial.nn.layers.BatchNorm2d;
import dev.axial.nn.layers.BatchNorm3d;
import dev.axial.nn.layers.InstanceNorm1d;
import dev.axial.nn.layers.InstanceNorm2d;
import dev.axial.nn.layers.InstanceNorm3d;
import dev.axial.nn.layers.NormBase;

/**
 * MONAI's normalization factory ({@code Norm[name, spatial_dims]} and {@code get_norm_layer}): "batch" makes
 * BatchNorm{1,2,3}d, "instance" InstanceNorm{1,2,3}d, each with PyTorch's defaults (so MONAI's instance norm has
 * affine=False and no state-dict entries unless {@code {"affine": true}} is given). num_features defaults to the
 * block's channel count. Arguments: num_features, eps, momentum, affine, track_running_stats.
 *
 * <pre>{@code
 * NormBase bn = Norm.layer(LayerSpec.of(Norm.BATCH), 3, 16);                       // BatchNorm3d(16)
 * NormBase in = Norm.layer(LayerSpec.of("INSTANCE", Map.of("affine", true)), 2, 8); // InstanceNorm2d(8, affine)
 * }</pre>
 */
public final class Norm {
    public static final String BATCH = "batch", INSTANCE = "instance";

    private Norm() {}

    /** get_norm_layer(name, spatial_dims, channels). */
    public static NormBase layer(LayerSpec spec, int spatialDims, int channels) {
        if (spatialDims < 1 || spatialDims > 3)
            throw new IllegalArgumentException("Norm '" + spec.name() + "': spatial dims must be 1, 2 or 3, got " + spatialDims);
        boolean batch = switch (spec.name()) {
            case BATCH -> true;
            case INSTANCE -> false;
            default -> throw new IllegalArgumentException("Norm: unsupported normalization '" + spec.name() + "' (supported: batch, instance)");
        };
        spec.check("Norm", "num_features", "eps", "momentum", "affine", "track_running_stats");
        int n = spec.intArg("num_features", channels);
        double eps = spec.doubleArg("eps", 1e-5), momentum = spec.doubleArg("momentum", 0.1);
        boolean affine = spec.boolArg("affine", batch), track = spec.boolArg("track_running_stats", batch);
        if (batch) return switch (spatialDims) {
            case 1 -> new BatchNorm1d(n, eps, momentum, affine, track);
            case 2 -> new BatchNorm2d(n, eps, momentum, affine, track);
            default -> new BatchNorm3d(n, eps, momentum, affine, track);
        };
        return switch (spatialDims) {
            case 1 -> new InstanceNorm1d(n, eps, momentum, affine, track);
            case 2 -> new InstanceNorm2d(n, eps, momentum, affine, track);
            default -> new InstanceNorm3d(n, eps, momentum, affine, track);
        };
    }
}
