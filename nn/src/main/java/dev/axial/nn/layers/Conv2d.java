package dev.axial.nn.layers;

import dev.axial.tensor.Generator;
import dev.axial.tensor.imaging.ConvOptions;

/**
 * A convolution over 2 spatial dim(s), {@code torch.nn.Conv2d}: weight [out, in/groups, k...], bias [out].
 * Initialised as PyTorch does, from the given generator (or the default one); see {@link ConvNd}.
 *
 * <pre>{@code
 * Conv2d c = new Conv2d(1, 8, 3);
 * }</pre>
 */
public class Conv2d extends ConvNd {
    /** Stride 1, no padding, with bias, from the default generator. */
    public Conv2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, new int[]{kernelSize}, ConvOptions.of(), true, Generator.defaultGenerator());
    }

    public Conv2d(int inChannels, int outChannels, int[] kernelSize, ConvOptions options, boolean bias, Generator generator) {
        super(2, false, inChannels, outChannels, kernelSize, options, bias, generator);
    }
}
