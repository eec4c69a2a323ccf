package dev.axial.optim;

import dev.axial.autograd.Variable;
import dev.axial.tensor.Tensor;

import java.util.List;

/**
 * Adam, as {@code torch.optim.Adam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
 * amsgrad=False)}: weight decay is an L2 term added to the gradient; {@link AdamW} decouples it.
 * State per parameter: {@code step}, {@code exp_avg}, {@code exp_avg_sq} (and {@code max_exp_avg_sq} with amsgrad).
 *
 * <pre>{@code
 * try (Adam opt = new Adam(model.parameters()).lr(1e-4).weightDecay(1e-5)) { ...; opt.step(); }
 * }</pre>
 */
public class Adam extends Optimizer {
    private double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
    private boolean amsgrad;

    public Adam(List<Variable> params) { this(params, 0); }

    Adam(List<Variable> params, double defaultWeightDecay) { super(params, 1e-3, defaultWeightDecay); }

    public Adam lr(double lr) {
        setLr(lr);
        return this;
    }

    public Adam weightDecay(double weightDecay) {
        setWeightDecay(weightDecay);
        return this;
    }

    public Adam betas(double beta1, double beta2) {
        checkBeta(getClass().getSimpleName(), 0, beta1);
        checkBeta(getClass().getSimpleName(), 1, beta2);
        this.beta1 = beta1;
        this.beta2 = beta2;
        return this;
    }

    public Adam eps(double eps) {
        checkNonNegative("epsilon", eps);
        this.eps = eps;
        return this;
    }

    /** Set before the first step (the extra state is made then). */
    public Adam amsgrad(boolean amsgrad) {
        this.amsgrad = amsgrad;
        return this;
    }

    /** True for AdamW: weight decay shrinks the parameter instead of joining the gradient. */
    boolean decoupled() { return false; }

    @Override protected void initState(Tensor param, ParamState st) {
        st.put("exp_avg", param.zerosLike());
        st.put("exp_avg_sq", param.zerosLike());
        if (amsgrad) st.put("max_exp_avg_sq", param.zerosLike());
    }

    @Override protected List<String> stateNames() { return List.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq"); }

    @Override protected void update(Tensor p, Tensor g, ParamState st, double lr, double wd) {
        Tensor m = st.get("exp_avg"), v = st.get("exp_avg_sq"), vmax = amsgrad ? st.get("max_exp_avg_sq") : null;
        if (amsgrad && vmax == null) {
            st.put("max_exp_avg_sq", p.zerosLike());
            vmax = st.get("max_exp_avg_sq");
        }
        double bc1 = 1 - Math.pow(beta1, st.step()), bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, st.step()));
        double stepSize = lr / bc1;
        double l2 = decoupled() ? 0 : wd, decay = decoupled() ? 1 - lr * wd : 1;
        FusedUpdates fused = FusedUpdates.on(p, g, m, v, vmax);
        if (fused != null) {
            fused.adam(p, g, m, v, vmax, (float) l2, (float) decay, (float) beta1, (float) beta2,
                    (float) stepSize, (float) bc2Sqrt, (float) eps);
            return;
        }
        // composite path (any device or dtype): the specification of the fused loop
        if (decay != 1) p.mul_(decay);
        Tensor grad = l2 != 0 ? g.add(p, l2) : g;
        m.mul_(beta1).add_(grad, 1 - beta1);
        v.mul_(beta2).add_(grad.mul(grad), 1 - beta2);
        Tensor second = v;
        if (vmax != null) {
            vmax.copy_(vmax.maximum(v));
            second = vmax;
        }
        Tensor denom = second.sqrt().div_(bc2Sqrt).add_(eps);
        p.sub_(m.div(denom), stepSize);
    }
}
