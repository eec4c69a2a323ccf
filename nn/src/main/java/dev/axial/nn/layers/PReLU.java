package dev.axial.nn.layers;

import dev.axial.autograd.Variable;
import dev.axial.nn.Module;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Shapes;
import dev.axial.tensor.Tensor;


/**
 * x for x > 0, a * x otherwise with a learned slope, {@code torch.nn.PReLU}: parameter {@code weight} of
 * [numParameters] (1, shared, or one per channel), initialised to {@code init} (0.25). The gradient at x = 0 goes to
 * the slope side, as PyTorch's.
 *
 * <pre>{@code
 * PReLU act = new PReLU();            // weight [1] = 0.25
 * PReLU perChannel = new PReLU(16, 0.2);
 * }</pre>
 */
public class PReLU extends Module {
    private final int numParameters;
    private final Variable weight;

    public PReLU() { this(1, 0.25); }

    public PReLU(int numParameters, double init) {
        if (numParameters <= 0) throw new IllegalArgumentException("PReLU: num_parameters must be positive, got " + numParameters);
        this.numParameters = numParameters;
        this.weight = registerParameter("weight", Tensor.full(DType.FLOAT32, Device.CPU, init, numParameters));
    }

    public Variable weight() { return weight; }

    /** How many slopes (PyTorch's num_parameters; Module.numParameters() counts elements). */
    public int slopes() { return numParameters; }

    @Override public Variable forward(Variable input) {
        if (numParameters > 1) {
            // one slope per channel: dim 1, or dim 0 of a 1-D input, as PyTorch
            int cdim = input.dim() >= 2 ? 1 : 0;
            if (input.dim() == 0 || input.size(cdim) != numParameters)
                throw new IllegalArgumentException("PReLU(num_parameters=" + numParameters + "): input " + Shapes.str(input.shape())
                        + " needs " + numParameters + " channels in dim " + cdim);
        }
        return input.prelu(weight);
    }

    @Override protected String extraRepr() { return "num_parameters=" + numParameters; }
}
