package dev.axial.nn.layers;

import dev.axial.tensor.Generator;
import dev.axial.tensor.imaging.ConvOptions;

/**
 * A transposed convolution over 3 spatial dim(s), {@code torch.nn.ConvTranspose3d}: weight [in, out/groups, k...], bias [out].
 * Initialised as PyTorch does, from the given generator (or the default one); see {@link ConvNd}.
 *
 * <pre>{@code
 * ConvTranspose3d up = new ConvTranspose3d(16, 8, new int[]{3}, ConvOptions.of().stride(2).padding(1).outputPadding(1), true, Generator.defaultGenerator());
 * }</pre>
 */
public class ConvTranspose3d extends ConvNd {
    /** Stride 1, no padding, with bias, from the default generator. */
    public ConvTranspose3d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, new int[]{kernelSize}, ConvOptions.of(), true, Generator.defaultGenerator());
    }

    public ConvTranspose3d(int inChannels, int outChannels, int[] kernelSize, ConvOptions options, boolean bias, Generator generator) {
        super(3, true, inChannels, outChannels, kernelSize, options, bias, generator);
    }
}
