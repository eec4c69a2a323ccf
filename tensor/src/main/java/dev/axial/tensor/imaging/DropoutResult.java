package dev.axial.tensor.imaging;

import dev.axial.tensor.Tensor;

/**
 * A dropout's output and its scaled mask: {@code output = input * mask}, mask 0 or 1/(1-p) in the input's dtype, of
 * the input's shape (element dropout) or (N, C, 1, ...) (channel dropout), so backward is {@code gradOut * mask}.
 * Where dropout does nothing (eval mode, p = 0, empty input) output is the input itself, as in PyTorch, and mask is
 * null.
 *
 * <pre>{@code
 * DropoutResult r = Dropout.dropout(x, 0.2, true, new Generator(7));
 * Tensor gx = Dropout.dropoutBackward(gy, r.mask());
 * }</pre>
 */
public record DropoutResult(Tensor output, Tensor mask) {}
