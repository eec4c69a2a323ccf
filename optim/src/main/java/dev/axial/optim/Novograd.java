package dev.axial.optim;

import dev.axial.autograd.Variable;
import dev.axial.tensor.Tensor;

import java.util.List;

/**
 * MONAI's Novograd ({@code monai.optimizers.Novograd(params, lr=1e-3, betas=(0.9, 0.98), eps=1e-8,
 * weight_decay=0, grad_averaging=False, amsgrad=False)}): Adam-like, but the second moment is one scalar per
 * parameter tensor, the squared gradient norm {@code n}: {@code v = n} on the first step (while v is 0), else
 * {@code β2 v + (1-β2) n}; then {@code d = g / (√v + eps) + wd p}, times {@code 1-β1} with grad_averaging;
 * {@code m = β1 m + d}; {@code p -= lr m}. No bias correction.
 *
 * <p>Unlike MONAI, the gradient is not overwritten by the normalised one (MONAI divides {@code p.grad} in
 * place); the parameters come out the same.
 *
 * <pre>{@code
 * try (Novograd opt = new Novograd(model.parameters()).lr(1e-2)) { ...; opt.step(); }
 * }</pre>
 */
public final class Novograd extends Optimizer {
    private double beta1 = 0.9, beta2 = 0.98, eps = 1e-8;
    private boolean gradAveraging, amsgrad;

    public Novograd(List<Variable> params) { super(params, 1e-3, 0); }

    public Novograd lr(double lr) {
        setLr(lr);
        return this;
    }

    public Novograd weightDecay(double weightDecay) {
        setWeightDecay(weightDecay);
        return this;
    }

    public Novograd betas(double beta1, double beta2) {
        checkBeta("Novograd", 0, beta1);
        checkBeta("Novograd", 1, beta2);
        this.beta1 = beta1;
        this.beta2 = beta2;
        return this;
    }

    public Novograd eps(double eps) {
        checkNonNegative("epsilon", eps);
        this.eps = eps;
        return this;
    }

    public Novograd gradAveraging(boolean gradAveraging) {
        this.gradAveraging = gradAveraging;
        return this;
    }

    public Novograd amsgrad(boolean amsgrad) {
        this.amsgrad = amsgrad;
        return this;
    }

    @Override protected void initState(Tensor param, ParamState st) {
        st.put("exp_avg", param.zerosLike());
        // one scalar per tensor, 0-dim as MONAI keeps it
        st.put("exp_avg_sq", Tensor.zeros(param.dtype(), dev.axial.tensor.Device.CPU));
        if (amsgrad) st.put("max_exp_avg_sq", Tensor.zeros(param.dtype(), dev.axial.tensor.Device.CPU));
    }

    @Override protected List<String> stateNames() { return List.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq"); }

    @Override protected long[] expectedShape(String stateName, Tensor param) {
        return stateName.equals("exp_avg") ? param.shape() : new long[0];
    }

    @Override protected void update(Tensor p, Tensor g, ParamState st, double lr, double wd) {
        Tensor m = st.get("exp_avg"), vt = st.get("exp_avg_sq");
        // NOTE: the norm is read to the host (one sync per tensor on a GPU): the scalar state lives there
        FusedUpdates fused = FusedUpdates.on(p, g, m);
        double norm = fused != null ? fused.squaredNorm(g) : FusedUpdates.compositeSquaredNorm(g);
        double v = vt.item();
        v = v == 0 ? norm : beta2 * v + (1 - beta2) * norm;
        vt.fill_(v);
        double second = v;
        if (amsgrad) {
            Tensor mx = st.get("max_exp_avg_sq");
            if (mx == null) {
                st.put("max_exp_avg_sq", Tensor.zeros(p.dtype(), dev.axial.tensor.Device.CPU));
                mx = st.get("max_exp_avg_sq");
            }
            second = Math.max(mx.item(), v);
            mx.fill_(second);
        }
        double denom = Math.sqrt(second) + eps;
        double scale = gradAveraging ? 1 - beta1 : 1;
        if (fused != null) {
            fused.novograd(p, g, m, (float) denom, (float) wd, (float) scale, (float) beta1, (float) lr);
            return;
        }
        Tensor d = g.div(denom);
        if (wd != 0) d.add_(p, wd);
        if (scale != 1) d.mul_(scale);
        m.mul_(beta1).add_(d);
        p.sub_(m, lr);
    }
}
