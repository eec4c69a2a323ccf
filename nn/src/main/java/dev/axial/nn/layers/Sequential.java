package dev.axial.nn.layers;

import dev.axial.autograd.Variable;
import dev.axial.nn.Module;

import java.util.ArrayList;
import java.util.List;

/**
 * Children applied in order, as {@code torch.nn.Sequential}: positional children are named "0", "1", ...;
 * {@link #add(String, Module)} names one (PyTorch's {@code add_module}, or an OrderedDict), which is how MONAI's
 * blocks get keys such as {@code conv.unit0}.
 *
 * <pre>{@code
 * Sequential s = new Sequential(new Conv3d(1, 4, 3), new PReLU());   // keys 0.weight, 0.bias, 1.weight
 * Sequential named = new Sequential().add("conv", new Conv2d(1, 4, 3)).add("act", new ReLU());
 * }</pre>
 */
public class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    /** Children named by position. */
    public Sequential(Module... modules) {
        for (Module m : modules) add(m);
    }

    /** Appends {@code module} named by its position ("0", "1", ...). */
    public Sequential add(Module module) { return add(Integer.toString(layers.size()), module); }

    /** Appends {@code module} under {@code name}. */
    public Sequential add(String name, Module module) {
        registerModule(name, module);
        layers.add(module);
        return this;
    }

    /** The {@code i}-th child. */
    public Module get(int i) { return layers.get(i); }

    public int size() { return layers.size(); }

    @Override public Variable forward(Variable input) {
        Variable x = input;
        for (Module m : layers) x = m.forward(x);
        return x;
    }
}
