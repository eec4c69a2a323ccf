package dev.axial.nn.blocks;

import dev.axial.nn.layers.ConvNd;
import dev.axial.nn.layers.Sequential;
import dev.axial.nn.layers.factories.Conv;
import dev.axial.tensor.imaging.ConvOptions;

/**
 * MONAI's {@code Convolution} block: a convolution (child "conv", transposed with {@code isTransposed}) followed by
 * an {@link ADN} (child "adn") unless {@code convOnly} or act, norm and dropout are all none. Padding defaults to
 * MONAI's same_padding, the transposed output padding to stride - 1, so a stride-s block divides or multiplies the
 * spatial size by s. Built with {@link #builder}, MONAI's defaults (see {@link BlockOptions}).
 *
 * <pre>{@code
 * Convolution down = Convolution.builder(3, 1, 16).strides(2).build();
 * // keys conv.weight, conv.bias, adn.A.weight (instance norm and dropout have none)
 * }</pre>
 */
public class Convolution extends Sequential {
    private final ConvNd conv;

    Convolution(Builder b) {
        int d = b.spatialDims;
        int[] padding = b.padding != null ? b.padding : BlockOptions.samePadding(b.kernelSize, b.dilation);
        ConvOptions o = ConvOptions.of().stride(b.strides).padding(padding).dilation(b.dilation).groups(b.groups);
        if (b.isTransposed) {
            int[] op = b.outputPadding;
            if (op == null) {   // MONAI's stride_minus_kernel_padding(1, strides)
                op = b.strides.clone();
                for (int i = 0; i < op.length; i++) op[i] -= 1;
            }
            o = o.outputPadding(op);
        }
        conv = Conv.layer(b.isTransposed ? Conv.CONVTRANS : Conv.CONV, d, b.inChannels, b.outChannels, b.kernelSize, o, b.bias, b.generator);
        add("conv", conv);
        if (b.convOnly || (b.act == null && b.norm == null && b.dropout == null)) return;
        add("adn", ADN.builder().ordering(b.adnOrdering).inChannels(b.outChannels).act(b.act).norm(b.norm).normDim(d)
                .dropout(b.dropout).dropoutDim(b.dropoutDim).generator(b.generator).build());
    }

    /** MONAI's Convolution(spatial_dims, in_channels, out_channels); the rest by fluent setters, then build(). */
    public static Builder builder(int spatialDims, int inChannels, int outChannels) {
        return new Builder(spatialDims, inChannels, outChannels);
    }

    /** The convolution layer (child "conv"). */
    public ConvNd conv() { return conv; }

    /** Convolution's own keyword arguments on top of {@link BlockOptions}. */
    public static final class Builder extends BlockOptions<Builder> {
        private int groups = 1;
        private boolean convOnly, isTransposed;
        private int[] outputPadding;

        Builder(int spatialDims, int inChannels, int outChannels) { super(spatialDims, inChannels, outChannels); }

        public Builder groups(int v) { groups = v; return this; }

        /** Only the convolution, no ADN. */
        public Builder convOnly(boolean v) { convOnly = v; return this; }

        /** A transposed convolution (MONAI's is_transposed). */
        public Builder isTransposed(boolean v) { isTransposed = v; return this; }

        /** Transposed only; default stride - 1. */
        public Builder outputPadding(int... v) { outputPadding = v == null ? null : v.clone(); return this; }

        public Convolution build() { return new Convolution(this); }
    }
}
