package dev.axial.nn.nets;

import dev.axial.autograd.Variable;
import dev.axial.nn.Module;
import dev.axial.nn.blocks.Convolution;
import dev.axial.nn.blocks.ResidualUnit;
import dev.axial.nn.layers.Sequential;
import dev.axial.nn.layers.SkipConnection;
import dev.axial.nn.layers.factories.Act;
import dev.axial.nn.layers.factories.LayerSpec;
import dev.axial.nn.layers.factories.Norm;
import dev.axial.tensor.Generator;

import java.util.Arrays;

/**
 * MONAI's {@code UNet}, built the same way so that state-dict keys and shapes equal MONAI's and a MONAI checkpoint
 * loads by name. Recursively, each rung is {@code Sequential(down, SkipConnection(next rung), up)} under
 * {@code model}; the bottom is a stride-1 down layer. Down layers are {@link Convolution}s, or
 * {@link ResidualUnit}s with {@code numResUnits} subunits; up layers are transposed Convolutions (2c in, or
 * c + bottom channels just above the bottom), followed with residual units by a one-subunit ResidualUnit; the top
 * up layer has no ADN (conv only), so there is no final activation. Defaults as MONAI: kernel_size 3,
 * up_kernel_size 3, num_res_units 0, act PRELU, norm INSTANCE, dropout 0, bias, adn_ordering "NDA".
 *
 * <pre>{@code
 * UNet net = UNet.builder(3, 1, 2, new int[]{16, 32, 64, 128, 256}, new int[]{2, 2, 2, 2})
 *         .numResUnits(2).norm(Norm.BATCH).generator(new Generator(0)).build();
 * Variable logits = net.forward(x);   // x: (N, 1, 96, 96, 96) -> (N, 2, 96, 96, 96)
 * }</pre>
 */
public class UNet extends Module {
    private final Builder cfg;
    private final Sequential model;

    UNet(Builder b) {
        if (b.channels.length < 2) throw new IllegalArgumentException("UNet: the length of `channels` should be no less than 2.");
        if (b.strides.length < b.channels.length - 1)
            throw new IllegalArgumentException("UNet: the length of `strides` should equal to `len(channels) - 1`.");
        // MONAI only warns when strides is longer; the extra values are unused
        if (b.kernelSize.length != 1 && b.kernelSize.length != b.spatialDims)
            throw new IllegalArgumentException("UNet: the length of `kernel_size` should equal to `dimensions`.");
        if (b.upKernelSize.length != 1 && b.upKernelSize.length != b.spatialDims)
            throw new IllegalArgumentException("UNet: the length of `up_kernel_size` should equal to `dimensions`.");
        this.cfg = b;
        this.model = registerModule("model", block(b.inChannels, b.outChannels, 0, true));
    }

    /** MONAI's UNet(spatial_dims, in_channels, out_channels, channels, strides); the rest by fluent setters, then build(). */
    public static Builder builder(int spatialDims, int inChannels, int outChannels, int[] channels, int[] strides) {
        return new Builder(spatialDims, inChannels, outChannels, channels, strides);
    }

    /** The rung whose down layer outputs channels[level]; built bottom-up as MONAI's _create_block. */
    private Sequential block(int inc, int outc, int level, boolean isTop) {
        int c = cfg.channels[level], s = cfg.strides[level];
        Module sub;
        int upc;
        if (cfg.channels.length - level > 2) {
            sub = block(c, c, level + 1, false);
            upc = c * 2;
        } else {
            sub = downLayer(c, cfg.channels[level + 1], 1);   // the bottom layer
            upc = c + cfg.channels[level + 1];
        }
        Module down = downLayer(inc, c, s);
        Module up = upLayer(upc, outc, s, isTop);
        return new Sequential(down, new SkipConnection(sub), up);
    }

    private Module downLayer(int in, int out, int stride) {
        if (cfg.numResUnits > 0)
            return ResidualUnit.builder(cfg.spatialDims, in, out).strides(stride).kernelSize(cfg.kernelSize).subunits(cfg.numResUnits)
                    .act(cfg.act).norm(cfg.norm).dropout(cfg.dropout).bias(cfg.bias).adnOrdering(cfg.adnOrdering)
                    .generator(cfg.generator).build();
        return Convolution.builder(cfg.spatialDims, in, out).strides(stride).kernelSize(cfg.kernelSize).act(cfg.act).norm(cfg.norm)
                .dropout(cfg.dropout).bias(cfg.bias).adnOrdering(cfg.adnOrdering).generator(cfg.generator).build();
    }

    private Module upLayer(int in, int out, int stride, boolean isTop) {
        Convolution conv = Convolution.builder(cfg.spatialDims, in, out).strides(stride).kernelSize(cfg.upKernelSize).act(cfg.act)
                .norm(cfg.norm).dropout(cfg.dropout).bias(cfg.bias).convOnly(isTop && cfg.numResUnits == 0).isTransposed(true)
                .adnOrdering(cfg.adnOrdering).generator(cfg.generator).build();
        if (cfg.numResUnits == 0) return conv;
        ResidualUnit ru = ResidualUnit.builder(cfg.spatialDims, out, out).strides(1).kernelSize(cfg.kernelSize).subunits(1)
                .act(cfg.act).norm(cfg.norm).dropout(cfg.dropout).bias(cfg.bias).lastConvOnly(isTop).adnOrdering(cfg.adnOrdering)
                .generator(cfg.generator).build();
        return new Sequential(conv, ru);
    }

    /** The network body (MONAI's {@code self.model}). */
    public Sequential model() { return model; }

    public int spatialDims() { return cfg.spatialDims; }

    public int inChannels() { return cfg.inChannels; }

    public int outChannels() { return cfg.outChannels; }

    @Override public Variable forward(Variable input) { return model.forward(input); }

    /** MONAI's UNet keyword arguments with its defaults. */
    public static final class Builder {
        private final int spatialDims, inChannels, outChannels;
        private final int[] channels, strides;
        private int[] kernelSize = {3}, upKernelSize = {3};
        private int numResUnits;
        private LayerSpec act = LayerSpec.of(Act.PRELU), norm = LayerSpec.of(Norm.INSTANCE);
        private double dropout;
        private boolean bias = true;
        private String adnOrdering = "NDA";
        private Generator generator = Generator.defaultGenerator();

        Builder(int spatialDims, int inChannels, int outChannels, int[] channels, int[] strides) {
            if (spatialDims < 1 || spatialDims > 3) throw new IllegalArgumentException("UNet: spatial_dims must be 1, 2 or 3, got " + spatialDims);
            this.spatialDims = spatialDims;
            this.inChannels = inChannels;
            this.outChannels = outChannels;
            this.channels = channels.clone();
            this.strides = strides.clone();
        }

        public Builder kernelSize(int... v) { kernelSize = v.clone(); return this; }

        public Builder upKernelSize(int... v) { upKernelSize = v.clone(); return this; }

        /** 0: plain Convolutions; n > 0: ResidualUnits of n subunits. */
        public Builder numResUnits(int v) { numResUnits = v; return this; }

        public Builder act(String v) { return act(LayerSpec.of(v)); }

        /** MONAI's ("name", {args}) form, e.g. LayerSpec.of("leakyrelu", Map.of("negative_slope", 0.1)). */
        public Builder act(LayerSpec v) { act = v; return this; }

        public Builder norm(String v) { return norm(LayerSpec.of(v)); }

        public Builder norm(LayerSpec v) { norm = v; return this; }

        public Builder dropout(double v) { dropout = v; return this; }

        public Builder bias(boolean v) { bias = v; return this; }

        public Builder adnOrdering(String v) { adnOrdering = v; return this; }

        /** Initialises every weight and draws dropout masks: one seed, one model. */
        public Builder generator(Generator v) {
            if (v == null) throw new IllegalArgumentException("UNet: generator is null");
            generator = v;
            return this;
        }

        public UNet build() { return new UNet(this); }

        @Override public String toString() {
            return "UNet(spatial_dims=" + spatialDims + ", in_channels=" + inChannels + ", out_channels=" + outChannels + ", channels="
                    + Arrays.toString(channels) + ", strides=" + Arrays.toString(strides) + ", num_res_units=" + numResUnits + ")";
        }
    }
}
