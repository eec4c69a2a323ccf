package dev.axial.nn.layers;

import dev.axial.autograd.Variable;
import dev.axial.autograd.ops.DropoutOps;
import dev.axial.nn.Module;
import dev.axial.tensor.Generator;

/**
 * Dropout, {@code torch.nn.Dropout} (default p 0.5): in training, each element is zeroed with probability p and the
 * rest scaled by 1/(1-p); in eval, and with p = 0, the input passes through unchanged. {@link Dropout2d} and
 * {@link Dropout3d} zero whole channels instead, as MONAI's Dropout factory picks for dropout_dim 2 and 3. Masks are
 * drawn from the given {@link Generator} (the default one unless set).
 *
 * <pre>{@code
 * Dropout d = new Dropout(0.2).generator(new Generator(7));
 * Variable y = d.forward(x);
 * }</pre>
 */
public class Dropout extends Module {
    private final double p;
    private final int channelDims;
    private Generator generator = Generator.defaultGenerator();

    public Dropout() { this(0.5); }

    public Dropout(double p) { this(p, 0); }

    /** @param channelDims 0 for element-wise dropout, 1 to 3 to drop whole channels of that many spatial dims */
    protected Dropout(double p, int channelDims) {
        if (!(p >= 0 && p <= 1))
            throw new IllegalArgumentException(getClass().getSimpleName() + ": dropout probability has to be between 0 and 1, but got " + p);
        this.p = p;
        this.channelDims = channelDims;
    }

    /** The generator the masks are drawn from. */
    public Dropout generator(Generator g) {
        if (g == null) throw new IllegalArgumentException(getClass().getSimpleName() + ": generator is null");
        this.generator = g;
        return this;
    }

    public double p() { return p; }

    @Override public Variable forward(Variable input) {
        boolean t = isTraining();
        return switch (channelDims) {
            case 0 -> DropoutOps.dropout(input, p, t, generator);
            case 1 -> DropoutOps.dropout1d(input, p, t, generator);
            case 2 -> DropoutOps.dropout2d(input, p, t, generator);
            default -> DropoutOps.dropout3d(input, p, t, generator);
        };
    }

    @Override protected String extraRepr() { return "p=" + p + ", inplace=False"; }
}
