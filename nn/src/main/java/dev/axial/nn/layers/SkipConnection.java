package dev.axial.nn.layers;

import dev.axial.autograd.Variable;
import dev.axial.autograd.ops.ShapeOps;
import dev.axial.nn.Module;

/**
 * MONAI's {@code SkipConnection}: combines the input with its child's output, {@code cat([x, submodule(x)], dim)}
 * (default mode "cat", dim 1), or "add" / "mul". The child is registered as {@code submodule}, which is where
 * MONAI's UNet keys {@code model.1.submodule...} come from.
 *
 * <pre>{@code
 * SkipConnection s = new SkipConnection(new Conv3d(4, 4, 3));
 * Variable y = s.forward(x);   // 8 channels: x, then conv(x)
 * }</pre>
 */
public class SkipConnection extends Module {
    private final Module submodule;
    private final int dim;
    private final String mode;

    public SkipConnection(Module submodule) { this(submodule, 1, "cat"); }

    public SkipConnection(Module submodule, int dim, String mode) {
        if (!"cat".equals(mode) && !"add".equals(mode) && !"mul".equals(mode))
            throw new IllegalArgumentException("SkipConnection: mode must be \"cat\", \"add\" or \"mul\", got \"" + mode + "\"");
        this.submodule = registerModule("submodule", submodule);
        this.dim = dim;
        this.mode = mode;
    }

    public Module submodule() { return submodule; }

    @Override public Variable forward(Variable input) {
        Variable y = submodule.forward(input);
        return switch (mode) {
            case "cat" -> ShapeOps.cat(dim, input, y);
            case "add" -> input.add(y);
            default -> input.mul(y);
        };
    }
}
