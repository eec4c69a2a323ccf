package dev.axial.nn.layers.factories;

import dev.axial.nn.layers.Dropout2d;
import dev.axial.nn.layers.Dropout3d;
import dev.axial.tensor.Generator;

/**
 * MONAI's dropout factory ({@code Dropout[Dropout.DROPOUT, dropout_dim]} and {@code get_dropout_layer}): dropout_dim 1
 * gives element-wise {@link dev.axial.nn.layers.Dropout} (PyTorch's nn.Dropout, not Dropout1d), 2 and 3 channel
 * dropout {@link Dropout2d} / {@link Dropout3d}. Arguments: p (0.5), inplace (ignored).
 *
 * <pre>{@code
 * dev.axial.nn.layers.Dropout d = Dropout.layer(LayerSpec.dropout(0.1), 3, generator);   // Dropout3d(p=0.1)
 * }</pre>
 */
public final class Dropout {
    public static final String DROPOUT = "dropout";

    private Dropout() {}

    /** get_dropout_layer(name, dropout_dim), masks drawn from {@code generator}. */
    public static dev.axial.nn.layers.Dropout layer(LayerSpec spec, int dropoutDim, Generator generator) {
        if (!spec.name().equals(DROPOUT))
            throw new IllegalArgumentException("Dropout: unsupported dropout '" + spec.name() + "' (supported: dropout)");
        spec.check("Dropout", "p", "inplace");
        double p = spec.doubleArg("p", 0.5);
        dev.axial.nn.layers.Dropout d = switch (dropoutDim) {
            case 1 -> new dev.axial.nn.layers.Dropout(p);
            case 2 -> new Dropout2d(p);
            case 3 -> new Dropout3d(p);
            default -> throw new IllegalArgumentException("Dropout: dropout_dim must be 1, 2 or 3, got " + dropoutDim);
        };
        return d.generator(generator);
    }
}
