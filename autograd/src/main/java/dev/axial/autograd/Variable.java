package dev.axial.autograd;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A differentiable value: a {@link Tensor} plus what autograd needs (whether it requires a gradient, the op that
 * made it, its accumulated gradient). The tensor core knows nothing of gradients, so transforms and inference pay
 * nothing for autograd; models and losses work on Variables.
 *
 * <pre>{@code
 * Variable w = Variable.param(Tensor.randn(g, 3, 2));      // a leaf that requires grad
 * try (Scope s = Scope.open()) {
 *     Variable x = Variable.of(input);                     // a constant
 *     Variable loss = x.matmul(w).relu().sum();
 *     loss.backward();                                     // w.grad() now holds d loss / d w
 * }
 * }</pre>
 *
 * <p>Ownership: a Variable does not own its data (the tensor's scope or owner does), but a leaf owns its
 * gradient: {@link #zeroGrad()} or {@link #close()} frees it. Ops on Variables follow the tensor core's names and
 * semantics; in-place ops are not recorded (optimizers update {@link #data()} in place under
 * {@link GradMode#noGrad()}). Higher-order gradients are not supported: backward formulas run with grad mode off.
 */
public final class Variable implements VariableMath, VariableReductions, VariableShaping, VariableIndexing, AutoCloseable {
    private Tensor data;
    private final boolean requiresGrad;
    final Node gradFn;
    private Tensor grad;
    private boolean retainsGrad;
    private List<UnaryOperator<Tensor>> hooks;

    Variable(Tensor data, boolean requiresGrad, Node gradFn) {
        this.data = data;
        this.requiresGrad = requiresGrad;
        this.gradFn = gradFn;
    }

    /** A constant: no gradient flows into it. */
    public static Variable of(Tensor data) { return new Variable(data, false, null); }

    /** A leaf that requires a gradient (a parameter); its dtype must be floating. */
    public static Variable param(Tensor data) { return leaf(data, true); }

    /** A leaf; with {@code requiresGrad} its gradient accumulates in {@link #grad()}. */
    public static Variable leaf(Tensor data, boolean requiresGrad) {
        if (requiresGrad && !data.dtype().isFloatingPoint())
            throw new IllegalArgumentException("only tensors of floating dtype can require gradients, got " + data.describe());
        return new Variable(data, requiresGrad, null);
    }

    @Override public Variable self() { return this; }

    /** The value. */
    public Tensor data() { return data; }

    /** The accumulated gradient (leaves, or non-leaves after {@link #retainGrad()}), or null before any backward. */
    public Tensor grad() { return grad; }

    public boolean requiresGrad() { return requiresGrad; }

    /** True for variables made by the user rather than by an op. */
    public boolean isLeaf() { return gradFn == null; }

    /** The name of the op that made this variable, or null for a leaf. */
    public String gradFnName() { return gradFn == null ? null : gradFn.op; }

    public long[] shape() { return data.shape(); }

    public long size(int dim) { return data.size(dim); }

    public int dim() { return data.dim(); }

    public long numel() { return data.numel(); }

    public DType dtype() { return data.dtype(); }

    public Device device() { return data.device(); }

    /** The value of a one-element variable. */
    public double item() { return data.item(); }

    /** The same data, cut from the graph: a constant. */
    public Variable detach() { return of(data); }

    /** Keeps this non-leaf's gradient in {@link #grad()} after backward (leaves always keep theirs). */
    public Variable retainGrad() {
        retainsGrad = true;
        return this;
    }

    boolean retainsGrad() { return retainsGrad || gradFn == null; }

    /**
     * Registers a hook on a leaf, called with each gradient before it is accumulated; it returns the gradient
     * to use (the same tensor, or a new one, e.g. clipped).
     */
    public Variable registerHook(UnaryOperator<Tensor> hook) {
        if (!requiresGrad) throw new IllegalStateException("registerHook: cannot register a hook on a variable that does not require grad");
        if (gradFn != null) throw new IllegalStateException("registerHook: hooks are supported on leaves only (this variable was made by '" + gradFn.op + "')");
        if (hooks == null) hooks = new ArrayList<>();
        hooks.add(hook);
        return this;
    }

    /** d this / d leaves for a one-element variable (seed 1). */
    public void backward() { Engine.backward(this, null, false); }

    /** Backward with an explicit seed gradient of this variable's shape. */
    public void backward(Tensor seed) { Engine.backward(this, seed, false); }

    /** Backward; with {@code retainGraph} the graph and its saved tensors stay usable for another backward. */
    public void backward(Tensor seed, boolean retainGraph) { Engine.backward(this, seed, retainGraph); }

    /**
     * Replaces a leaf's value (PyTorch's {@code param.data = t}), e.g. when a module moves to another device.
     * The shape may change; the gradient is dropped. The old data is not freed here: its owner frees it.
     *
     * <pre>{@code
     * Tensor old = w.data();
     * w.setData(old.to(Device.CUDA));
     * old.close();
     * }</pre>
     */
    public void setData(Tensor newData) {
        if (gradFn != null)
            throw new IllegalStateException("setData: only a leaf's data can be replaced; this variable was made by " + gradFn.op);
        if (requiresGrad && !newData.dtype().isFloatingPoint())
            throw new IllegalArgumentException("setData: a variable that requires grad needs floating data, got " + newData.describe());
        zeroGrad();
        this.data = newData;
    }

    /**
     * Sets a leaf's gradient (PyTorch's {@code p.grad = t}), e.g. when a module moves to another device: {@code g}
     * (null clears) must have the data's shape and device; the variable owns it from now on and frees the old one.
     *
     * <pre>{@code
     * Tensor g = w.grad().to(Device.cuda(0));
     * w.setData(w.data().to(Device.cuda(0)));   // drops the old gradient
     * w.setGrad(g);
     * }</pre>
     */
    public void setGrad(Tensor g) {
        if (gradFn != null) throw new IllegalStateException("setGrad: only a leaf's gradient can be set; this variable was made by " + gradFn.op);
        if (g != null && (!java.util.Arrays.equals(g.shape(), data.shape()) || !g.device().equals(data.device())))
            throw new IllegalArgumentException("setGrad: the gradient must have the data's shape and device " + data.describe() + ", got " + g.describe());
        if (g == grad) return;
        zeroGrad();
        grad = g == null ? null : Scope.release(g);
    }

    /** Frees the gradient (the optimizer's zero_grad with set_to_none, PyTorch's default). */
    public void zeroGrad() {
        if (grad != null) grad.close();
        grad = null;
    }

    /** Frees what this variable owns: its gradient. The data belongs to its own scope or owner. */
    @Override public void close() { zeroGrad(); }

    /** Called by the engine: runs hooks, then adds {@code g} (which this call may keep) into the gradient. */
    void accumulate(Tensor g, boolean mayTake) {
        if (hooks != null) {
            for (UnaryOperator<Tensor> h : hooks) {
                Tensor r = h.apply(g);
                if (r != null && r != g) {
                    g = r;
                    mayTake = false;
                }
            }
        }
        if (grad == null) {
            // the gradient outlives the backward's scope: it belongs to this variable from now on
            grad = Scope.release(mayTake && g.isContiguous() ? g : g.copy());
        } else {
            grad.add_(g);
        }
    }

    @Override public String toString() {
        String base = data.toString();
        if (gradFn != null) return base + ", grad_fn=" + gradFn.op;
        return requiresGrad ? base + ", requires_grad=True" : base;
    }
}
