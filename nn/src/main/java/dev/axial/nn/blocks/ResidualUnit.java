package dev.axial.nn.blocks;

import dev.axial.autograd.Variable;
import dev.axial.nn.Module;
import dev.axial.nn.layers.Identity;
import dev.axial.nn.layers.Sequential;
import dev.axial.nn.layers.factories.Conv;
import dev.axial.tensor.imaging.ConvOptions;

/**
 * MONAI's {@code ResidualUnit}: {@code subunits} {@link Convolution}s in a Sequential (child "conv", units "unit0",
 * "unit1", ...; the stride only on unit0; with {@code lastConvOnly} the last unit has no ADN) plus a residual path
 * (child "residual"): {@link Identity} when the strides' product is 1 and in == out channels, else a convolution with
 * the same kernel, stride and padding, or 1x1 without padding when only the channels change. Output = conv(x) +
 * residual(x). Built with {@link #builder}, MONAI's defaults (subunits 2, see {@link BlockOptions}).
 *
 * <pre>{@code
 * ResidualUnit ru = ResidualUnit.builder(3, 1, 16).strides(2).subunits(2).build();
 * // keys conv.unit0.conv.weight, conv.unit0.adn.A.weight, conv.unit1..., residual.weight, residual.bias
 * }</pre>
 */
public class ResidualUnit extends Module {
    private final Sequential conv;
    private final Module residual;

    ResidualUnit(Builder b) {
        // NOTE: MONAI tests "if not padding", so a scalar padding of 0 is also replaced by same padding (a tuple is kept)
        boolean none = b.padding == null || b.padding.length == 0 || (b.padding.length == 1 && b.padding[0] == 0);
        int[] padding = none ? BlockOptions.samePadding(b.kernelSize, b.dilation) : b.padding;
        conv = registerModule("conv", new Sequential());
        int units = Math.max(1, b.subunits);
        int channels = b.inChannels;
        int[] strides = b.strides;
        for (int su = 0; su < units; su++) {
            boolean convOnly = b.lastConvOnly && su == units - 1;
            conv.add("unit" + su, Convolution.builder(b.spatialDims, channels, b.outChannels).strides(strides).kernelSize(b.kernelSize)
                    .adnOrdering(b.adnOrdering).act(b.act).norm(b.norm).dropout(b.dropout).dropoutDim(b.dropoutDim)
                    .dilation(b.dilation).bias(b.bias).convOnly(convOnly).padding(padding).generator(b.generator).build());
            channels = b.outChannels;
            strides = new int[]{1};
        }
        if (BlockOptions.product(b.strides) != 1 || b.inChannels != b.outChannels) {
            boolean strided = BlockOptions.product(b.strides) != 1;
            // MONAI passes no dilation to the residual convolution
            ConvOptions o = ConvOptions.of().stride(b.strides).padding(strided ? padding : new int[]{0});
            residual = registerModule("residual", Conv.layer(Conv.CONV, b.spatialDims, b.inChannels, b.outChannels,
                    strided ? b.kernelSize : new int[]{1}, o, b.bias, b.generator));
        } else {
            residual = registerModule("residual", new Identity());
        }
    }

    /** MONAI's ResidualUnit(spatial_dims, in_channels, out_channels); the rest by fluent setters, then build(). */
    public static Builder builder(int spatialDims, int inChannels, int outChannels) {
        return new Builder(spatialDims, inChannels, outChannels);
    }

    @Override public Variable forward(Variable input) {
        Variable res = residual.forward(input);
        return conv.forward(input).add(res);
    }

    /** ResidualUnit's own keyword arguments on top of {@link BlockOptions}. */
    public static final class Builder extends BlockOptions<Builder> {
        private int subunits = 2;
        private boolean lastConvOnly;

        Builder(int spatialDims, int inChannels, int outChannels) { super(spatialDims, inChannels, outChannels); }

        /** Number of convolutions (at least 1). */
        public Builder subunits(int v) { subunits = v; return this; }

        /** The last convolution without ADN. */
        public Builder lastConvOnly(boolean v) { lastConvOnly = v; return this; }

        public ResidualUnit build() { return new ResidualUnit(this); }
    }
}
