package dev.axial.nn.layers;

import dev.axial.autograd.Variable;
import dev.axial.nn.Module;

/**
 * max(0, x), {@code torch.nn.ReLU} (PyTorch's {@code inplace} has no meaning here).
 *
 * <pre>{@code
 * Variable y = new ReLU().forward(x);
 * }</pre>
 */
public class ReLU extends Module {
    @Override public Variable forward(Variable input) { return input.relu(); }
}
