package dev.axial.nn.blocks;

import dev.axial.nn.Module;
import dev.axial.nn.layers.Sequential;
import dev.axial.nn.layers.factories.Act;
import dev.axial.nn.layers.factories.Dropout;
import dev.axial.nn.layers.factories.LayerSpec;
import dev.axial.nn.layers.factories.Norm;
import dev.axial.tensor.Generator;

import java.util.Locale;

/**
 * MONAI's {@code ADN} block: activation (child "A"), dropout ("D") and normalization ("N") applied in the order of
 * {@code ordering} (default "NDA"); a layer whose spec is null is left out. Built with {@link #builder()}, MONAI's
 * defaults: act "relu", no norm, no dropout.
 *
 * <pre>{@code
 * ADN adn = ADN.builder().inChannels(16).norm(LayerSpec.of(Norm.BATCH)).normDim(3).act(LayerSpec.of(Act.PRELU)).build();
 * // children N (BatchNorm3d), A (PReLU)
 * }</pre>
 */
public class ADN extends Sequential {
    ADN(Builder b) {
        Integer normDim = b.normDim != null ? b.normDim : b.dropoutDim, dropDim = b.dropoutDim != null ? b.dropoutDim : b.normDim;
        if ((b.norm != null || b.dropout != null) && normDim == null)
            throw new IllegalArgumentException("ADN: norm_dim or dropout_dim needs to be specified.");
        Module n = b.norm == null ? null : Norm.layer(b.norm, normDim, b.inChannels);
        Module a = b.act == null ? null : Act.layer(b.act);
        Module d = b.dropout == null ? null : Dropout.layer(b.dropout, dropDim, b.generator);
        for (char c : b.ordering.toUpperCase(Locale.ROOT).toCharArray()) {
            Module m = switch (c) {
                case 'A' -> a;
                case 'D' -> d;
                case 'N' -> n;
                default -> throw new IllegalArgumentException("ADN: ordering must be a string of A, D and N, got '" + c + "' in \"" + b.ordering + "\"");
            };
            if (m != null) add(String.valueOf(c), m);
        }
    }

    public static Builder builder() { return new Builder(); }

    /** MONAI's ADN keyword arguments, with its defaults. */
    public static final class Builder {
        private String ordering = "NDA";
        private int inChannels = 1;
        private LayerSpec act = LayerSpec.of(Act.RELU), norm, dropout;
        private Integer normDim, dropoutDim;
        private Generator generator = Generator.defaultGenerator();

        public Builder ordering(String v) { ordering = v; return this; }

        /** The channel count given to the norm layer. */
        public Builder inChannels(int v) { inChannels = v; return this; }

        /** Null for none. */
        public Builder act(LayerSpec v) { act = v; return this; }

        public Builder norm(LayerSpec v) { norm = v; return this; }

        public Builder normDim(Integer v) { normDim = v; return this; }

        public Builder dropout(LayerSpec v) { dropout = v; return this; }

        public Builder dropout(double p) { dropout = LayerSpec.dropout(p); return this; }

        public Builder dropoutDim(Integer v) { dropoutDim = v; return this; }

        /** The generator dropout masks are drawn from. */
        public Builder generator(Generator v) { generator = v; return this; }

        public ADN build() { return new ADN(this); }
    }
}
