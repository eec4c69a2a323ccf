package dev.axial.nn.layers;

import dev.axial.autograd.Variable;
import dev.axial.nn.Module;

/**
 * x for x >= 0, negativeSlope * x otherwise, {@code torch.nn.LeakyReLU} (default slope 0.01).
 *
 * <pre>{@code
 * Variable y = new LeakyReLU(0.1).forward(x);
 * }</pre>
 */
public class LeakyReLU extends Module {
    private final double negativeSlope;

    public LeakyReLU() { this(0.01); }

    public LeakyReLU(double negativeSlope) { this.negativeSlope = negativeSlope; }

    public double negativeSlope() { return negativeSlope; }

    @Override public Variable forward(Variable input) { return input.leakyRelu(negativeSlope); }

    @Override protected String extraRepr() { return "negative_slope=" + negativeSlope; }
}
