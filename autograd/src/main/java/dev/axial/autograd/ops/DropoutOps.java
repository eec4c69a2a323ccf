package dev.axial.autograd.ops;

import dev.axial.autograd.Graph;
import dev.axial.autograd.Variable;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.imaging.Dropout;
import dev.axial.tensor.imaging.DropoutResult;

import static dev.axial.autograd.Graph.grads;

/**
 * The backward table of dropout (see {@link MathOps} for the conventions): d/dinput = g * mask, the saved scaled
 * mask (0 or 1/(1-p); broadcast over the spatial dims for channel dropout; a * keep for alpha dropout). Where dropout
 * does nothing (eval, p = 0, empty input) the input Variable itself is returned, as PyTorch returns its input.
 *
 * <pre>{@code
 * Variable h = DropoutOps.dropout3d(features, 0.1, true, generator);
 * }</pre>
 */
public final class DropoutOps {
    private DropoutOps() {}

    /** F.dropout with the default generator. */
    public static Variable dropout(Variable input, double p, boolean training) {
        return dropout(input, p, training, Generator.defaultGenerator());
    }

    /** F.dropout: elements zeroed with probability p, the rest scaled by 1/(1-p). */
    public static Variable dropout(Variable input, double p, boolean training, Generator generator) {
        return record("dropout", input, Dropout.dropout(input.data(), p, training, generator));
    }

    /** F.dropout1d: whole channels of (N, C, L) or (C, L) zeroed. */
    public static Variable dropout1d(Variable input, double p, boolean training, Generator generator) {
        return record("dropout1d", input, Dropout.dropout1d(input.data(), p, training, generator));
    }

    /** F.dropout2d: whole channels of (N, C, H, W) or (C, H, W) zeroed. */
    public static Variable dropout2d(Variable input, double p, boolean training, Generator generator) {
        return record("dropout2d", input, Dropout.dropout2d(input.data(), p, training, generator));
    }

    /** F.dropout3d: whole channels of (N, C, D, H, W) or (C, D, H, W) zeroed. */
    public static Variable dropout3d(Variable input, double p, boolean training, Generator generator) {
        return record("dropout3d", input, Dropout.dropout3d(input.data(), p, training, generator));
    }

    /** F.alpha_dropout (SELU networks). */
    public static Variable alphaDropout(Variable input, double p, boolean training, Generator generator) {
        return record("alphaDropout", input, Dropout.alphaDropout(input.data(), p, training, generator));
    }

    private static Variable record(String op, Variable input, DropoutResult r) {
        Tensor mask = r.mask();
        if (mask == null) return input;
        if (!Graph.needsGraph(input)) {
            mask.close();
            return Variable.of(r.output());
        }
        return Graph.record(op, r.output(), (g, need) -> grads(g.mul(mask)), new Tensor[]{mask}, input);
    }
}
