package dev.axial.nn.losses;

import dev.axial.autograd.Variable;
import dev.axial.tensor.DType;
import dev.axial.tensor.Shapes;
import dev.axial.tensor.Tensor;

import java.util.Arrays;
import java.util.function.Function;

/**
 * MONAI's {@code DiceCELoss}: {@code lambdaDice * DiceLoss + lambdaCe * CrossEntropy}. The cross entropy runs on the
 * raw logits (log_softmax then the negative log likelihood), with a (B, 1, ...) label target squeezed to class
 * indices, or a (B, C, ...) probability target as is; a single-channel input uses BCE with logits, the weight as
 * {@code pos_weight}. The weight is also the Dice loss's per-class weight (without its first value when
 * {@code includeBackground} is false). Reduction is "mean" or "sum".
 *
 * <pre>{@code
 * DiceCELoss loss = new DiceCELoss().toOnehotY(true).softmax(true);
 * Variable l = loss.forward(logits, Variable.of(labels));   // labels (B, 1, ...)
 * }</pre>
 */
public final class DiceCELoss implements Loss {
    private final DiceLoss dice = new DiceLoss();
    private boolean includeBackground = true;
    private String reduction = "mean";
    private double[] weight;
    private double lambdaDice = 1.0;
    private double lambdaCe = 1.0;
    private double labelSmoothing;

    /** With MONAI's defaults. */
    public DiceCELoss() {}

    /** See {@link DiceLoss#includeBackground}. Default true. */
    public DiceCELoss includeBackground(boolean v) {
        includeBackground = v;
        dice.includeBackground(v);
        return weight(weight);
    }

    /** See {@link DiceLoss#toOnehotY}. Default false. */
    public DiceCELoss toOnehotY(boolean v) { dice.toOnehotY(v); return this; }

    /** Sigmoid for the Dice part only. Default false. */
    public DiceCELoss sigmoid(boolean v) { dice.sigmoid(v); return this; }

    /** Softmax for the Dice part only. Default false. */
    public DiceCELoss softmax(boolean v) { dice.softmax(v); return this; }

    /** Another activation for the Dice part only. Default null. */
    public DiceCELoss otherAct(Function<Variable, Variable> act) { dice.otherAct(act); return this; }

    /** See {@link DiceLoss#squaredPred}. Default false. */
    public DiceCELoss squaredPred(boolean v) { dice.squaredPred(v); return this; }

    /** See {@link DiceLoss#jaccard}. Default false. */
    public DiceCELoss jaccard(boolean v) { dice.jaccard(v); return this; }

    /** "mean" (default) or "sum", for both parts. */
    public DiceCELoss reduction(String r) {
        reduction = DiceLoss.checkReduction("DiceCELoss", r, false);
        dice.reduction(r);
        return this;
    }

    /** See {@link DiceLoss#smoothNr}. Default 1e-5. */
    public DiceCELoss smoothNr(double v) { dice.smoothNr(v); return this; }

    /** See {@link DiceLoss#smoothDr}. Default 1e-5. */
    public DiceCELoss smoothDr(double v) { dice.smoothDr(v); return this; }

    /** See {@link DiceLoss#batch}. Default false. */
    public DiceCELoss batch(boolean v) { dice.batch(v); return this; }

    /** Class weights for the cross entropy (pos_weight for BCE) and the Dice loss; null for none. */
    public DiceCELoss weight(double[] perClass) {
        weight = perClass == null ? null : perClass.clone();
        dice.weight(weight == null ? null : includeBackground ? weight : Arrays.copyOfRange(weight, Math.min(1, weight.length), weight.length));
        return this;
    }

    /** Weight of the Dice part, >= 0. Default 1. */
    public DiceCELoss lambdaDice(double v) {
        if (v < 0) throw new IllegalArgumentException("DiceCELoss: lambdaDice should be no less than 0.0, got " + v);
        lambdaDice = v;
        return this;
    }

    /** Weight of the cross-entropy part, >= 0. Default 1. */
    public DiceCELoss lambdaCe(double v) {
        if (v < 0) throw new IllegalArgumentException("DiceCELoss: lambdaCe should be no less than 0.0, got " + v);
        lambdaCe = v;
        return this;
    }

    /** Label smoothing of the cross entropy, in [0, 1]. Default 0. */
    public DiceCELoss labelSmoothing(double v) {
        if (v < 0 || v > 1) throw new IllegalArgumentException("DiceCELoss: labelSmoothing must be in [0, 1], got " + v);
        labelSmoothing = v;
        return this;
    }

    @Override public Variable forward(Variable input, Variable target) {
        if (input.dim() != target.dim())
            throw new IllegalArgumentException("DiceCELoss: the number of dimensions for input and target should be the same, got shape "
                    + Shapes.str(input.shape()) + " and " + Shapes.str(target.shape()) + "; a label target must be (B, 1, spatial...)");
        if (target.size(1) != 1 && target.size(1) != input.size(1))
            throw new IllegalArgumentException("DiceCELoss: number of channels for target is neither 1 (without one-hot encoding) nor the same as input, got shape "
                    + Shapes.str(input.shape()) + " and " + Shapes.str(target.shape()));
        Variable d = dice.forward(input, target);
        Variable ce = input.size(1) != 1 ? ce(input, target) : bce(input, target);
        return d.mul(lambdaDice).add(ce.mul(lambdaCe));
    }

    private Tensor weightTensor(Variable like, long n) {
        if (weight.length != n)
            throw new IllegalArgumentException("DiceCELoss: the weight has " + weight.length + " values for " + n + " classes");
        return Tensor.of(weight, weight.length).to(like.device(), like.dtype());
    }

    /** torch.nn.CrossEntropyLoss(weight, reduction, label_smoothing) on logits. */
    private Variable ce(Variable input, Variable target) {
        long c = input.size(1);
        Variable logp = input.logSoftmax(1);
        long[] wShape = new long[input.dim()];
        Arrays.fill(wShape, 1);
        wShape[1] = c;
        Tensor w = weight == null ? null : weightTensor(input, c).view(wShape);
        if (target.size(1) == 1) {
            Tensor idx = target.data().to(DType.INT64);                    // (B, 1, ...): the class of each voxel
            Variable nll = logp.gather(1, idx).neg();
            Variable loss = nll;
            Tensor wy = null;
            if (w != null) {
                wy = w.expand(input.shape()).gather(1, idx);
                loss = nll.mul(wy);
            }
            Variable r = reduce(loss, wy);
            if (labelSmoothing > 0) {
                Variable smooth = (w == null ? logp : logp.mul(w)).sum(new int[]{1}, true).neg();
                r = r.mul(1 - labelSmoothing).add(reduce(smooth, wy).mul(labelSmoothing / c));
            }
            return r;
        }
        Variable t = target.dtype().isFloatingPoint() ? target : target.to(input.dtype());
        if (labelSmoothing > 0) t = t.mul(1 - labelSmoothing).add(labelSmoothing / c);
        Variable prod = logp.mul(t);
        if (w != null) prod = prod.mul(w);
        Variable loss = prod.sum(new int[]{1}, false).neg();
        return reduction.equals("sum") ? loss.sum() : loss.mean();
    }

    /** Sum, or the mean normalised by the sum of the target classes' weights (nll_loss's convention). */
    private Variable reduce(Variable loss, Tensor wy) {
        if (reduction.equals("sum")) return loss.sum();
        return wy == null ? loss.mean() : loss.sum().div(wy.sum());
    }

    /** torch.nn.BCEWithLogitsLoss(pos_weight=weight): {@code (1 - t) x + (1 + (pw - 1) t) softplus(-x)}. */
    private Variable bce(Variable input, Variable target) {
        Variable t = target.dtype().isFloatingPoint() ? target : target.to(input.dtype());
        Variable negLogSig = input.logsigmoid().neg();
        Variable lw = weight == null ? null : t.mul(weightTensor(input, 1).sub(1)).add(1);
        Variable loss = t.rsub(1).mul(input).add(lw == null ? negLogSig : negLogSig.mul(lw));
        return reduction.equals("sum") ? loss.sum() : loss.mean();
    }
}
