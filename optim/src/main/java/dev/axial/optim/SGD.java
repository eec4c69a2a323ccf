package dev.axial.optim;

import dev.axial.autograd.Variable;
import dev.axial.tensor.Tensor;

import java.util.List;

/**
 * Stochastic gradient descent, as {@code torch.optim.SGD(params, lr, momentum=0, dampening=0, weight_decay=0,
 * nesterov=False)}: the learning rate is required, as in PyTorch. State per parameter with momentum:
 * {@code momentum_buffer} (the first step stores the gradient itself, undamped).
 *
 * <pre>{@code
 * try (SGD opt = new SGD(model.parameters(), 0.01).momentum(0.9).nesterov(true)) { ...; opt.step(); }
 * }</pre>
 */
public final class SGD extends Optimizer {
    private double momentum, dampening;
    private boolean nesterov;

    public SGD(List<Variable> params, double lr) { super(params, lr, 0); }

    public SGD lr(double lr) {
        setLr(lr);
        return this;
    }

    public SGD weightDecay(double weightDecay) {
        setWeightDecay(weightDecay);
        return this;
    }

    public SGD momentum(double momentum) {
        checkNonNegative("momentum", momentum);
        this.momentum = momentum;
        return this;
    }

    public SGD dampening(double dampening) {
        this.dampening = dampening;
        return this;
    }

    /** Nesterov momentum; needs momentum > 0 and dampening 0 (checked at the first step, as PyTorch's constructor). */
    public SGD nesterov(boolean nesterov) {
        this.nesterov = nesterov;
        return this;
    }

    @Override protected void initState(Tensor param, ParamState st) {
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new IllegalArgumentException("SGD: Nesterov momentum requires a momentum and zero dampening, got momentum="
                    + momentum + ", dampening=" + dampening);
        // NOTE: the momentum buffer is made by the first update (it starts as the gradient), so nothing here
    }

    @Override protected List<String> stateNames() { return List.of("momentum_buffer"); }

    @Override protected void update(Tensor p, Tensor g, ParamState st, double lr, double wd) {
        Tensor buf = st.get("momentum_buffer");
        boolean first = buf == null;
        if (momentum != 0 && first) {
            st.put("momentum_buffer", p.emptyLike());
            buf = st.get("momentum_buffer");
        }
        FusedUpdates fused = FusedUpdates.on(p, g, buf);
        if (fused != null) {
            fused.sgd(p, g, buf, first, (float) wd, (float) momentum, (float) dampening, nesterov, (float) lr);
            return;
        }
        Tensor d = wd != 0 ? g.add(p, wd) : g;
        if (buf != null) {
            if (first) buf.copy_(d);
            else buf.mul_(momentum).add_(d, 1 - dampening);
            d = nesterov ? d.add(buf, momentum) : buf;
        }
        p.sub_(d, lr);
    }
}
