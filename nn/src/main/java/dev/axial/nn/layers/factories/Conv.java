package dev.axial.nn.layers.factories;

import dev.axial.nn.layers.Conv1d;
import dev.axial.nn.layers.Conv2d;
import dev.axial.nn.layers.Conv3d;
import dev.axial.nn.layers.ConvNd;
import dev.axial.nn.layers.ConvTranspose1d;
import dev.axial.nn.layers.ConvTranspose2d;
import dev.axial.nn.layers.ConvTranspose3d;
import dev.axial.tensor.Generator;
import dev.axial.tensor.imaging.ConvOptions;

/**
 * MONAI's convolution factory ({@code Conv[Conv.CONV | Conv.CONVTRANS, spatial_dims]}): Conv{1,2,3}d or
 * ConvTranspose{1,2,3}d by spatial dims.
 *
 * <pre>{@code
 * ConvNd c = Conv.layer(Conv.CONVTRANS, 3, 32, 16, new int[]{3}, ConvOptions.of().stride(2).padding(1).outputPadding(1), true, g);
 * }</pre>
 */
public final class Conv {
    public static final String CONV = "conv", CONVTRANS = "convtrans";

    private Conv() {}

    public static ConvNd layer(String type, int spatialDims, int in, int out, int[] kernelSize, ConvOptions options, boolean bias,
                               Generator generator) {
        String t = type.toLowerCase(java.util.Locale.ROOT);
        if (!t.equals(CONV) && !t.equals(CONVTRANS))
            throw new IllegalArgumentException("Conv: unsupported type '" + type + "' (supported: conv, convtrans)");
        if (spatialDims < 1 || spatialDims > 3)
            throw new IllegalArgumentException("Conv '" + t + "': spatial dims must be 1, 2 or 3, got " + spatialDims);
        if (t.equals(CONV)) return switch (spatialDims) {
            case 1 -> new Conv1d(in, out, kernelSize, options, bias, generator);
            case 2 -> new Conv2d(in, out, kernelSize, options, bias, generator);
            default -> new Conv3d(in, out, kernelSize, options, bias, generator);
        };
        return switch (spatialDims) {
            case 1 -> new ConvTranspose1d(in, out, kernelSize, options, bias, generator);
            case 2 -> new ConvTranspose2d(in, out, kernelSize, options, bias, generator);
            default -> new ConvTranspose3d(in, out, kernelSize, options, bias, generator);
        };
    }
}
