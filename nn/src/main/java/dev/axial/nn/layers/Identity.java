package dev.axial.nn.layers;

import dev.axial.autograd.Variable;
import dev.axial.nn.Module;

/**
 * Returns its input, as {@code torch.nn.Identity} (MONAI's ResidualUnit uses it as the residual path when the shape
 * does not change).
 *
 * <pre>{@code
 * Variable y = new Identity().forward(x);   // y == x
 * }</pre>
 */
public class Identity extends Module {
    @Override public Variable forward(Variable input) { return input; }
}
