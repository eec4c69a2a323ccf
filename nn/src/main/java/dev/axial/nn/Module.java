package dev.axial.nn;

import dev.axial.autograd.GradMode;
import dev.axial.autograd.Variable;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Shapes;
import dev.axial.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layer or network, as {@code torch.nn.Module}: named parameters (leaf {@link Variable}s that require
 * gradients), named buffers (tensors such as batch norm's running statistics) and named child modules, so
 * that {@link #stateDict()} produces PyTorch's and MONAI's dotted keys ({@code model.0.conv.unit0.conv.weight})
 * and a MONAI checkpoint loads by name.
 *
 * <p>Ownership: a module owns its parameters' data, their gradients and its buffers; {@link #close()} frees
 * them (and its children's). Registration moves a tensor out of the current {@link Scope}.
 *
 * <p>Subclasses register in their constructor and implement {@link #forward}. Keep parameters as fields
 * (their identity survives {@link #to}); read buffers through {@link #buffer(String)} at each call, since
 * {@link #to} replaces them.
 *
 * <pre>{@code
 * final class Affine1d extends Module {
 *     private final Variable weight = registerParameter("weight", Tensor.ones(4));
 *     public Variable forward(Variable x) { return x.mul(weight); }
 * }
 * try (Affine1d m = new Affine1d()) {
 *     Map<String, Tensor> sd = m.stateDict();              // {"weight": float32[4]}
 * }
 * }</pre>
 */
public abstract class Module implements AutoCloseable {
    private final LinkedHashMap<String, Variable> parameters = new LinkedHashMap<>();
    private final LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();
    private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;
    private boolean closed;

    /** The computation. Modules with several inputs add their own methods. */
    public abstract Variable forward(Variable input);

    // ---- registration --------------------------------------------------------------------------------

    /** Registers {@code data} as a parameter (a leaf that requires grad); the module now owns it. */
    protected final Variable registerParameter(String name, Tensor data) {
        checkName(name);
        Variable v = Variable.param(Scope.release(data));
        parameters.put(name, v);
        return v;
    }

    /** Registers {@code data} (may be null, as PyTorch's optional buffers) as a buffer the module owns. */
    protected final Tensor registerBuffer(String name, Tensor data) {
        checkName(name);
        buffers.put(name, data == null ? null : Scope.release(data));
        return data;
    }

    /** Registers a child; its parameters appear as {@code name.<its keys>}. */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        if (module == null) throw new IllegalArgumentException(getClass().getSimpleName() + ": child module '" + name + "' is null");
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains("."))
            throw new IllegalArgumentException(getClass().getSimpleName() + ": bad name '" + name + "' (non-empty, no dots)");
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name))
            throw new IllegalArgumentException(getClass().getSimpleName() + ": '" + name + "' is already registered");
    }

    /** This module's own buffer {@code name} (not a child's); null for an optional buffer left unset. */
    protected final Tensor buffer(String name) {
        if (!buffers.containsKey(name))
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no buffer '" + name + "' (has " + buffers.keySet() + ")");
        return buffers.get(name);
    }

    /** Replaces this module's own buffer {@code name}, freeing the old one. */
    protected final void setBuffer(String name, Tensor data) {
        Tensor old = buffer(name);
        buffers.put(name, data == null ? null : Scope.release(data));
        if (old != null && old != data) old.close();
    }

    // ---- traversal -----------------------------------------------------------------------------------

    /** Direct children, in registration order. */
    public final Map<String, Module> namedChildren() { return new LinkedHashMap<>(children); }

    /** This module ("" ) and every descendant, by dotted name, depth first in registration order. */
    public final Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collectModules("", out);
        return out;
    }

    private void collectModules(String prefix, Map<String, Module> out) {
        out.put(prefix, this);
        children.forEach((n, m) -> m.collectModules(prefix.isEmpty() ? n : prefix + "." + n, out));
    }

    /** Every parameter by dotted name, in PyTorch's order (own first, then children's). */
    public final Map<String, Variable> namedParameters() {
        Map<String, Variable> out = new LinkedHashMap<>();
        namedModules().forEach((prefix, m) -> m.parameters.forEach((n, v) -> out.put(join(prefix, n), v)));
        return out;
    }

    /** Every parameter, in {@link #namedParameters()} order (what optimizers take). */
    public final List<Variable> parameters() { return new ArrayList<>(namedParameters().values()); }

    /** Every non-null buffer by dotted name. */
    public final Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        namedModules().forEach((prefix, m) -> m.buffers.forEach((n, t) -> { if (t != null) out.put(join(prefix, n), t); }));
        return out;
    }

    private static String join(String prefix, String name) { return prefix.isEmpty() ? name : prefix + "." + name; }

    // ---- state dicts ---------------------------------------------------------------------------------

    /**
     * Parameters and buffers by key, in PyTorch's order (per module: parameters, then buffers, then its
     * children). The tensors are the module's own (not copies): read them, do not close them.
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectState("", out);
        return out;
    }

    private void collectState(String prefix, Map<String, Tensor> out) {
        parameters.forEach((n, v) -> out.put(join(prefix, n), v.data()));
        buffers.forEach((n, t) -> { if (t != null) out.put(join(prefix, n), t); });
        children.forEach((n, m) -> m.collectState(join(prefix, n), out));
    }

    /**
     * Copies values from {@code state} into this module's parameters and buffers (cast to their dtype and
     * device). With {@code strict}, any missing or unexpected key or any shape mismatch throws a
     * {@link StateDictException} listing them all and nothing is changed; without, the matching entries are
     * loaded and the result lists the rest (MONAI's CheckpointLoader with strict=False).
     *
     * <pre>{@code
     * StateDictLoad r = unet.loadStateDict(Checkpoints.load(path), false);
     * System.out.println(r.missingKeys());
     * }</pre>
     */
    public final StateDictLoad loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (String k : own.keySet()) if (!state.containsKey(k)) missing.add(k);
        for (String k : state.keySet()) {
            Tensor mine = own.get(k);
            if (mine == null) unexpected.add(k);
            else if (!Arrays.equals(mine.shape(), state.get(k).shape()))
                mismatched.add(k + ": checkpoint " + Shapes.str(state.get(k).shape()) + ", model " + Shapes.str(mine.shape()));
        }
        StateDictLoad result = new StateDictLoad(missing, unexpected, mismatched);
        if (strict && !result.isClean())
            throw new StateDictException(getClass().getSimpleName() + ".loadStateDict", result);
        try (GradMode.Guard g = GradMode.noGrad(); Scope s = Scope.open()) {
            for (Map.Entry<String, Tensor> e : state.entrySet()) {
                Tensor mine = own.get(e.getKey());
                if (mine == null || !Arrays.equals(mine.shape(), e.getValue().shape())) continue;
                mine.copy_(e.getValue());
            }
        }
        return result;
    }

    // ---- modes and devices ---------------------------------------------------------------------------

    /** Training mode (dropout active, batch norm uses batch statistics) for this module and its children. */
    public Module train(boolean mode) {
        for (Module m : namedModules().values()) m.training = mode;
        return this;
    }

    public final Module train() { return train(true); }

    /** Evaluation mode (PyTorch's {@code eval()}). */
    public final Module eval() { return train(false); }

    public final boolean isTraining() { return training; }

    /**
     * Moves every parameter, its gradient and every buffer of this module and its children to {@code device}, as
     * PyTorch's {@code module.to(device)}: parameters keep their identity (an optimizer made before the move still
     * updates them), the old tensors are freed, tensors already there are left alone. Returns this module.
     *
     * <pre>{@code
     * net.to(Device.cuda(0));   // forward, backward and the optimizer's steps now run there
     * }</pre>
     */
    public Module to(Device device) {
        for (Module m : namedModules().values()) {
            for (Variable v : m.parameters.values()) {
                Tensor old = v.data();
                if (old.device().equals(device)) continue;
                Tensor oldGrad = v.grad();
                Tensor grad = oldGrad == null ? null : Scope.release(oldGrad.to(device));
                v.setData(Scope.release(old.to(device)));   // frees the old gradient
                if (grad != null) v.setGrad(grad);
                old.close();
            }
            for (Map.Entry<String, Tensor> e : m.buffers.entrySet()) {
                Tensor old = e.getValue();
                if (old == null || old.device().equals(device)) continue;
                e.setValue(Scope.release(old.to(device)));
                old.close();
            }
        }
        return this;
    }

    /** Frees every parameter's gradient (optimizer.zero_grad(set_to_none=True)). */
    public final void zeroGrad() {
        for (Variable v : namedParameters().values()) v.zeroGrad();
    }

    /** Number of parameter elements. */
    public final long numParameters() {
        long n = 0;
        for (Variable v : namedParameters().values()) n += v.numel();
        return n;
    }

    /** Frees parameters, gradients and buffers of this module and its children. Idempotent. */
    @Override public void close() {
        if (closed) return;
        closed = true;
        for (Variable v : parameters.values()) {
            v.zeroGrad();
            v.data().close();
        }
        for (Tensor t : buffers.values()) if (t != null) t.close();
        for (Module m : children.values()) m.close();
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder();
        describe(sb, "", getClass().getSimpleName());
        return sb.toString();
    }

    private void describe(StringBuilder sb, String indent, String label) {
        sb.append(label);
        if (children.isEmpty()) {
            sb.append(extraRepr().isEmpty() ? "()" : "(" + extraRepr() + ")");
            return;
        }
        sb.append("(\n");
        children.forEach((n, m) -> {
            sb.append(indent).append("  ");
            m.describe(sb, indent + "  ", "(" + n + "): " + m.getClass().getSimpleName());
            sb.append('\n');
        });
        sb.append(indent).append(')');
    }

    /** The layer's arguments for {@link #toString()}, as PyTorch's {@code extra_repr}. */
    protected String extraRepr() { return ""; }
}
