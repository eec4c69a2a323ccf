package dev.axial.nn.losses;

import dev.axial.autograd.Variable;

/**
 * A loss function: compares a prediction with a target and returns a differentiable value (PyTorch's {@code _Loss}).
 * Results are allocated in the caller's scope, like any op on Variables.
 *
 * <pre>{@code
 * Loss loss = new DiceLoss().sigmoid(true);
 * Variable l = loss.forward(net.forward(x), Variable.of(label));
 * l.backward();
 * }</pre>
 */
public interface Loss {
    /** The loss of {@code input} (B, C, spatial...) against {@code target}; differentiable in {@code input}. */
    Variable forward(Variable input, Variable target);
}
