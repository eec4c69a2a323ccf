package dev.axial.optim;

import dev.axial.autograd.Variable;

import java.util.List;

/**
 * AdamW, as {@code torch.optim.AdamW(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2,
 * amsgrad=False)}: Adam with decoupled weight decay ({@code p *= 1 - lr * weight_decay} before the Adam step).
 *
 * <pre>{@code
 * try (AdamW opt = new AdamW(model.parameters())) { ...; opt.step(); }
 * }</pre>
 */
public final class AdamW extends Adam {
    public AdamW(List<Variable> params) { super(params, 1e-2); }

    @Override boolean decoupled() { return true; }
}
