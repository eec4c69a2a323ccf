package dev.axial.optim;

import dev.axial.autograd.GradMode;
import dev.axial.autograd.Variable;
import dev.axial.tensor.DType;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Shapes;
import dev.axial.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base of the optimizers, as {@code torch.optim.Optimizer}: parameter groups (each a list of {@link Variable}s
 * with its own learning rate and weight decay), per-parameter state made on the first step, {@link #step()}
 * updating each parameter's {@code data()} in place with grad mode off, and a state dict to resume training.
 *
 * <p>Ownership: the optimizer owns its state tensors (moments, momentum buffers) and frees them in
 * {@link #close()}; it never owns the parameters (their module does).
 *
 * <pre>{@code
 * try (Adam opt = new Adam(model.parameters()).lr(1e-3)) {
 *     for (...) {
 *         opt.zeroGrad();
 *         try (Scope s = Scope.open()) { loss(model, batch).backward(); }
 *         opt.step();
 *     }
 * }
 * }</pre>
 *
 * <p>State dict keys follow PyTorch's nesting, flattened with dots: {@code state.<i>.<name>} for parameter
 * {@code i} counted across groups in order ({@code step}, {@code exp_avg}, {@code exp_avg_sq},
 * {@code momentum_buffer}, ...), and {@code param_groups.<g>.lr} / {@code param_groups.<g>.weight_decay}.
 */
public abstract class Optimizer implements AutoCloseable {
    /** One parameter group; a null lr or weight decay takes the optimizer's default. */
    public static final class ParamGroup {
        private final List<Variable> params;
        private Double lr;
        private Double weightDecay;

        public ParamGroup(List<Variable> params) {
            this.params = List.copyOf(params);
        }

        /** This group's learning rate (what schedulers change). */
        public ParamGroup lr(double lr) {
            checkNonNegative("lr", lr);
            this.lr = lr;
            return this;
        }

        public ParamGroup weightDecay(double weightDecay) {
            checkNonNegative("weight_decay", weightDecay);
            this.weightDecay = weightDecay;
            return this;
        }

        public List<Variable> params() { return params; }
    }

    /** A parameter's state: its step count and named tensors, owned by the optimizer. */
    protected static final class ParamState {
        long step;
        final LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();

        public long step() { return step; }

        public Tensor get(String name) { return tensors.get(name); }

        void put(String name, Tensor t) {
            Tensor old = tensors.put(name, Scope.release(t));
            if (old != null && old != t) old.close();
        }
    }

    private final String name = getClass().getSimpleName();
    private final List<ParamGroup> groups = new ArrayList<>();
    private final IdentityHashMap<Variable, ParamState> state = new IdentityHashMap<>();
    private double lr;
    private double weightDecay;
    private boolean closed;

    /** One group holding {@code params}, with the given default lr and weight decay. */
    protected Optimizer(List<Variable> params, double lr, double weightDecay) {
        this.lr = lr;
        this.weightDecay = weightDecay;
        addParamGroup(new ParamGroup(params));
    }

    /** Adds a group (a parameter may belong to one group only). */
    public Optimizer addParamGroup(ParamGroup group) {
        for (Variable v : group.params) {
            if (!v.isLeaf() || !v.requiresGrad())
                throw new IllegalArgumentException(name + ": can only optimize leaves that require grad, got " + v.data().describe());
            for (ParamGroup g : groups)
                for (Variable w : g.params)
                    if (w == v) throw new IllegalArgumentException(name + ": a parameter appears in more than one group");
        }
        groups.add(group);
        return this;
    }

    public List<ParamGroup> paramGroups() { return List.copyOf(groups); }

    /** Default learning rate of groups without their own. */
    protected void setLr(double lr) {
        checkNonNegative("lr", lr);
        this.lr = lr;
    }

    /** Default weight decay of groups without their own. */
    protected void setWeightDecay(double weightDecay) {
        checkNonNegative("weight_decay", weightDecay);
        this.weightDecay = weightDecay;
    }

    /** The learning rate {@code group} uses. */
    public final double lr(ParamGroup group) { return group.lr != null ? group.lr : lr; }

    /** The weight decay {@code group} uses. */
    public final double weightDecay(ParamGroup group) { return group.weightDecay != null ? group.weightDecay : weightDecay; }

    static void checkNonNegative(String what, double v) {
        if (!(v >= 0)) throw new IllegalArgumentException("Invalid " + what + " value: " + v + " (must be >= 0)");
    }

    static void checkBeta(String cls, int index, double beta) {
        if (!(beta >= 0 && beta < 1))
            throw new IllegalArgumentException(cls + ": Invalid beta parameter at index " + index + ": " + beta + " (must be in [0, 1))");
    }

    // ---- stepping ------------------------------------------------------------------------------------

    /** One update of every parameter that has a gradient; parameters without one are skipped. */
    public final void step() {
        if (closed) throw new IllegalStateException(name + ".step: the optimizer is closed");
        try (GradMode.Guard g = GradMode.noGrad()) {
            for (ParamGroup group : groups) {
                double groupLr = lr(group), wd = weightDecay(group);
                for (Variable p : group.params) {
                    Tensor grad = p.grad();
                    if (grad == null) continue;
                    if (!Arrays.equals(grad.shape(), p.shape()))
                        throw new IllegalStateException(name + ".step: gradient " + grad.describe() + " does not match parameter " + p.data().describe());
                    ParamState st = state.get(p);
                    if (st == null) {
                        st = new ParamState();
                        try (Scope s = Scope.open()) { initState(p.data(), st); }
                        state.put(p, st);
                    }
                    st.step++;
                    // NOTE: composite (non-fused) updates make temporaries; they die here, every step
                    try (Scope s = Scope.open()) { update(p.data(), grad, st, groupLr, wd); }
                }
            }
        }
    }

    /** Makes a parameter's state on its first step (tensors given to {@code st.put} become the optimizer's). */
    protected abstract void initState(Tensor param, ParamState st);

    /** Updates {@code param} in place from {@code grad}; {@code st.step()} is already the new step (1 first). */
    protected abstract void update(Tensor param, Tensor grad, ParamState st, double lr, double weightDecay);

    /** The state names this optimizer keeps per parameter, for validating a loaded state dict. */
    protected abstract List<String> stateNames();

    /** Frees every parameter's gradient (zero_grad with set_to_none, PyTorch's default). */
    public final void zeroGrad() {
        for (ParamGroup g : groups) for (Variable v : g.params) v.zeroGrad();
    }

    // ---- state dicts ---------------------------------------------------------------------------------

    private List<Variable> allParams() {
        List<Variable> all = new ArrayList<>();
        for (ParamGroup g : groups) all.addAll(g.params);
        return all;
    }

    /**
     * The optimizer's state as new tensors in the caller's scope (copies: the caller owns them), with
     * PyTorch's keys flattened: {@code state.0.step} (float32 scalar, as PyTorch 1.12+), {@code state.0.exp_avg},
     * ..., {@code param_groups.0.lr}, {@code param_groups.0.weight_decay} (float64 scalars).
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        List<Variable> all = allParams();
        for (int i = 0; i < all.size(); i++) {
            ParamState st = state.get(all.get(i));
            if (st == null) continue;
            out.put("state." + i + ".step", Tensor.scalar(DType.FLOAT32, dev.axial.tensor.Device.CPU, (double) st.step));
            for (Map.Entry<String, Tensor> e : st.tensors.entrySet()) out.put("state." + i + "." + e.getKey(), e.getValue().copy());
        }
        for (int g = 0; g < groups.size(); g++) {
            out.put("param_groups." + g + ".lr", Tensor.scalar(DType.FLOAT64, dev.axial.tensor.Device.CPU, lr(groups.get(g))));
            out.put("param_groups." + g + ".weight_decay", Tensor.scalar(DType.FLOAT64, dev.axial.tensor.Device.CPU, weightDecay(groups.get(g))));
        }
        return out;
    }

    /**
     * Restores a state saved by {@link #stateDict()} (values are copied; the map stays the caller's). Every key
     * is checked first (parameter index, state name, shape); a bad one throws naming it and nothing changes.
     */
    public final void loadStateDict(Map<String, Tensor> dict) {
        List<Variable> all = allParams();
        String op = name + ".loadStateDict";
        List<String> names = stateNames();
        for (Map.Entry<String, Tensor> e : dict.entrySet()) {
            String k = e.getKey();
            String[] parts = k.split("\\.", 3);
            if (parts.length != 3) throw new IllegalArgumentException(op + ": unexpected key '" + k + "'");
            int idx;
            try {
                idx = Integer.parseInt(parts[1]);
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException(op + ": unexpected key '" + k + "'");
            }
            Tensor t = e.getValue();
            if (parts[0].equals("param_groups")) {
                if (idx < 0 || idx >= groups.size())
                    throw new IllegalArgumentException(op + ": key '" + k + "' names group " + idx + " but the optimizer has " + groups.size());
                if (!parts[2].equals("lr") && !parts[2].equals("weight_decay"))
                    throw new IllegalArgumentException(op + ": unexpected key '" + k + "' (groups keep lr and weight_decay)");
                if (t.numel() != 1) throw new IllegalArgumentException(op + ": key '" + k + "' must be a scalar, got " + t.describe());
            } else if (parts[0].equals("state")) {
                if (idx < 0 || idx >= all.size())
                    throw new IllegalArgumentException(op + ": key '" + k + "' names parameter " + idx + " but the optimizer has " + all.size());
                if (parts[2].equals("step")) {
                    if (t.numel() != 1) throw new IllegalArgumentException(op + ": key '" + k + "' must be a scalar, got " + t.describe());
                } else if (!names.contains(parts[2])) {
                    throw new IllegalArgumentException(op + ": unexpected key '" + k + "' (" + name + " keeps " + names + ")");
                } else {
                    long[] want = expectedShape(parts[2], all.get(idx).data());
                    if (!Arrays.equals(want, t.shape()))
                        throw new IllegalArgumentException(op + ": key '" + k + "' has shape " + Shapes.str(t.shape()) + ", expected " + Shapes.str(want));
                }
            } else {
                throw new IllegalArgumentException(op + ": unexpected key '" + k + "'");
            }
        }
        // NOTE: a scope for the dtype/device conversions below; what the state keeps is released from it
        try (Scope scope = Scope.open()) {
            for (Map.Entry<String, Tensor> e : dict.entrySet()) apply(e.getKey().split("\\.", 3), e.getValue(), all);
        }
    }

    /** Applies one validated entry. */
    private void apply(String[] parts, Tensor t, List<Variable> all) {
        int idx = Integer.parseInt(parts[1]);
        if (parts[0].equals("param_groups")) {
            if (parts[2].equals("lr")) groups.get(idx).lr(t.item());
            else groups.get(idx).weightDecay(t.item());
            return;
        }
        Variable p = all.get(idx);
        ParamState st = state.get(p);
        if (st == null) {
            st = new ParamState();
            try (Scope s = Scope.open()) { initState(p.data(), st); }
            state.put(p, st);
        }
        if (parts[2].equals("step")) {
            st.step = Math.round(t.item());
        } else {
            Tensor mine = st.get(parts[2]);
            if (mine == null) st.put(parts[2], t.to(p.device(), p.dtype()).contiguous().copy());
            else mine.copy_(t);
        }
    }

    /** The shape state {@code stateName} has for a parameter of {@code param}'s shape (Novograd keeps scalars). */
    protected long[] expectedShape(String stateName, Tensor param) { return param.shape(); }

    /** Frees the optimizer's state (not the parameters). Idempotent. */
    @Override public void close() {
        if (closed) return;
        closed = true;
        for (ParamState st : state.values()) for (Tensor t : st.tensors.values()) t.close();
        state.clear();
    }
}
