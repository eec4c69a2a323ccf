package dev.axial.nn.layers;

import dev.axial.tensor.Generator;
import dev.axial.tensor.imaging.ConvOptions;

/**
 * A convolution over 1 spatial dim(s), {@code torch.nn.Conv1d}: weight [out, in/groups, k...], bias [out].
 * Initialised as PyTorch does, from the given generator (or the default one); see {@link ConvNd}.
 *
 * <pre>{@code
 * Conv1d c = new Conv1d(1, 8, 3);
 * }</pre>
 */
public class Conv1d extends ConvNd {
    /** Stride 1, no padding, with bias, from the default generator. */
    public Conv1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, new int[]{kernelSize}, ConvOptions.of(), true, Generator.defaultGenerator());
    }

    public Conv1d(int inChannels, int outChannels, int[] kernelSize, ConvOptions options, boolean bias, Generator generator) {
        super(1, false, inChannels, outChannels, kernelSize, options, bias, generator);
    }
}
