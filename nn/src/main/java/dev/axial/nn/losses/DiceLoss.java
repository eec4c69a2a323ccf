package dev.axial.nn.losses;

import dev.axial.autograd.Variable;
import dev.axial.tensor.DType;
import dev.axial.tensor.Shapes;
import dev.axial.tensor.Tensor;

import java.util.Arrays;
import java.util.function.Function;

/**
 * MONAI's {@code DiceLoss}: {@code 1 - (2 I + smooth_nr) / (P + G + smooth_dr)} per item and class (or per class with
 * {@code batch}), I, P and G being sums over the spatial dims of {@code input * target}, {@code input} and
 * {@code target}; then a reduction. Options and defaults are MONAI 1.5's, as fluent setters.
 *
 * <pre>{@code
 * DiceLoss loss = new DiceLoss().toOnehotY(true).softmax(true);   // logits (B, C, ...) vs labels (B, 1, ...)
 * Variable l = loss.forward(logits, Variable.of(labels));
 * l.backward();
 * }</pre>
 *
 * The pipeline is MONAI's: sigmoid, softmax over dim 1, {@code otherAct}, one-hot of the target, dropping channel 0
 * without {@code includeBackground}; with a single channel, softmax, one-hot and background removal are skipped with
 * a warning. {@code squaredPred} sums squares in the denominator; {@code jaccard} gives {@code 1 - (2I + snr) /
 * (2(P + G - I) + sdr)}; {@code softLabel} uses the norm formulation that is exact for soft targets. Reduction
 * "none" keeps a broadcastable shape: (B, C, 1, ...) or, with {@code batch}, (C, 1, ...), as MONAI.
 */
public final class DiceLoss implements Loss {
    private static final System.Logger LOG = System.getLogger(DiceLoss.class.getName());

    private boolean includeBackground = true;
    private boolean toOnehotY;
    private boolean sigmoid;
    private boolean softmax;
    private Function<Variable, Variable> otherAct;
    private boolean squaredPred;
    private boolean jaccard;
    private String reduction = "mean";
    private double smoothNr = 1e-5;
    private double smoothDr = 1e-5;
    private boolean batch;
    private double[] weight;
    private boolean scalarWeight;
    private boolean softLabel;

    /** A Dice loss with MONAI's defaults. */
    public DiceLoss() {}

    /** If false, channel 0 (background) is left out. Default true. */
    public DiceLoss includeBackground(boolean v) { includeBackground = v; return this; }

    /** One-hot encode a (B, 1, ...) label target with the input's channel count. Default false. */
    public DiceLoss toOnehotY(boolean v) { toOnehotY = v; return this; }

    /** Apply a sigmoid to the input. Default false. */
    public DiceLoss sigmoid(boolean v) {
        sigmoid = v;
        checkActs();
        return this;
    }

    /** Apply a softmax over the channels of the input. Default false. */
    public DiceLoss softmax(boolean v) {
        softmax = v;
        checkActs();
        return this;
    }

    /** Another activation for the input (e.g. {@code Variable::tanh}); null for none. Default null. */
    public DiceLoss otherAct(Function<Variable, Variable> act) {
        otherAct = act;
        checkActs();
        return this;
    }

    /** Squared prediction and target in the denominator. Default false. */
    public DiceLoss squaredPred(boolean v) { squaredPred = v; return this; }

    /** Soft Jaccard (IoU) instead of Dice. Default false. */
    public DiceLoss jaccard(boolean v) { jaccard = v; return this; }

    /** "mean" (default), "sum" or "none". */
    public DiceLoss reduction(String r) {
        reduction = checkReduction("DiceLoss", r, true);
        return this;
    }

    /** Added to the numerator. Default 1e-5. */
    public DiceLoss smoothNr(double v) { smoothNr = v; return this; }

    /** Added to the denominator. Default 1e-5. */
    public DiceLoss smoothDr(double v) { smoothDr = v; return this; }

    /** Sum the intersection and union over the batch too, before dividing. Default false. */
    public DiceLoss batch(boolean v) { batch = v; return this; }

    /** One weight for every class (MONAI's scalar weight, repeated to the number of classes). */
    public DiceLoss weight(double w) {
        weight = new double[]{w};
        scalarWeight = true;
        return this;
    }

    /** A weight per class (without the background class when {@code includeBackground} is false); null for none. */
    public DiceLoss weight(double[] perClass) {
        weight = perClass == null ? null : perClass.clone();
        scalarWeight = false;
        return this;
    }

    /** Targets with non-binary values: use the formulation exact for soft labels. Default false. */
    public DiceLoss softLabel(boolean v) { softLabel = v; return this; }

    private void checkActs() {
        if ((sigmoid ? 1 : 0) + (softmax ? 1 : 0) + (otherAct != null ? 1 : 0) > 1)
            throw new IllegalArgumentException("DiceLoss: incompatible options: more than 1 of [sigmoid=true, softmax=true, otherAct set]");
    }

    static String checkReduction(String cls, String r, boolean allowNone) {
        if (r.equals("mean") || r.equals("sum") || (allowNone && r.equals("none"))) return r;
        throw new IllegalArgumentException(cls + ": unsupported reduction '" + r + "', available options are "
                + (allowNone ? "[\"mean\", \"sum\", \"none\"]" : "[\"mean\", \"sum\"]"));
    }

    @Override public Variable forward(Variable input, Variable target) {
        if (input.dim() < 3)
            throw new IllegalArgumentException("DiceLoss: input must be (B, C, spatial...), got shape " + Shapes.str(input.shape()));
        if (target.dim() != input.dim())
            throw new IllegalArgumentException("DiceLoss: input " + Shapes.str(input.shape()) + " and target " + Shapes.str(target.shape())
                    + " have different numbers of dims; a label target must be (B, 1, spatial...)");
        Variable x = input;
        if (sigmoid) x = x.sigmoid();
        long nPredCh = x.size(1);
        if (softmax) {
            if (nPredCh == 1) warn("single channel prediction, `softmax=true` ignored.");
            else x = x.softmax(1);
        }
        if (otherAct != null) x = otherAct.apply(x);
        Variable t = target;
        if (toOnehotY) {
            if (nPredCh == 1) warn("single channel prediction, `toOnehotY=true` ignored.");
            else t = Variable.of(oneHot(target.data(), nPredCh, "DiceLoss"));
        }
        if (!includeBackground) {
            if (nPredCh == 1) warn("single channel prediction, `includeBackground=false` ignored.");
            else {
                t = t.slice(1, 1, t.size(1));
                x = x.slice(1, 1, x.size(1));
            }
        }
        if (!Arrays.equals(t.shape(), x.shape()))
            throw new IllegalArgumentException("DiceLoss: ground truth has different shape (" + Shapes.str(t.shape()) + ") from input ("
                    + Shapes.str(x.shape()) + ")" + (toOnehotY ? "" : "; for a (B, 1, ...) label target set toOnehotY(true)"));
        if (!t.dtype().isFloatingPoint() || t.dtype() != x.dtype()) t = t.to(x.dtype());

        int[] axes = reduceAxes(x.dim(), batch);
        Variable[] tpFpFn = tpFpFn(x, t, axes, squaredPred ? 2 : 1, softLabel);
        Variable tp = tpFpFn[0], fp = tpFpFn[1], fn = tpFpFn[2];
        if (!jaccard) {
            fp = fp.mul(0.5);
            fn = fn.mul(0.5);
        }
        Variable numerator = tp.mul(2).add(smoothNr);
        Variable denominator = tp.add(fp).add(fn).mul(2).add(smoothDr);
        Variable f = numerator.div(denominator).rsub(1);

        long numClasses = t.size(1);
        if (weight != null && numClasses != 1) f = f.mul(classWeight(numClasses, f));
        return switch (reduction) {
            case "mean" -> f.mean();
            case "sum" -> f.sum();
            default -> {
                long[] shape = new long[Math.min(2, f.dim()) + x.dim() - 2];
                Arrays.fill(shape, 1);
                for (int i = 0; i < Math.min(2, f.dim()); i++) shape[i] = f.size(i);
                yield f.view(shape);
            }
        };
    }

    private Tensor classWeight(long numClasses, Variable f) {
        double[] w = weight;
        if (scalarWeight) {
            w = new double[(int) numClasses];
            Arrays.fill(w, weight[0]);
        } else if (w.length != numClasses) {
            throw new IllegalArgumentException("DiceLoss: the weight has " + w.length + " values but there are " + numClasses
                    + " classes; without includeBackground the weight must not include the background class 0");
        }
        for (double v : w)
            if (v < 0) throw new IllegalArgumentException("DiceLoss: the weight values must be no less than 0, got " + Arrays.toString(w));
        return Tensor.of(w, w.length).to(f.device(), f.dtype());
    }

    /** Spatial dims 2.., plus dim 0 with {@code batch}. */
    static int[] reduceAxes(int rank, boolean batch) {
        int off = batch ? 1 : 0;
        int[] axes = new int[rank - 2 + off];
        for (int d = 2; d < rank; d++) axes[d - 2 + off] = d;
        return axes;
    }

    /**
     * MONAI's compute_tp_fp_fn: with order 1 and hard labels, {@code tp = sum(x t)}, {@code fp = sum(x) - tp},
     * {@code fn = sum(t) - tp}; otherwise the norm form {@code tp = (|x|^p + |t|^p - |x - t|^p) / 2}, exact for soft labels.
     */
    static Variable[] tpFpFn(Variable x, Variable t, int[] axes, int ord, boolean softLabel) {
        if (ord == 1 && !softLabel) {
            Variable tp = x.mul(t).sum(axes);
            return new Variable[]{tp, x.sum(axes).sub(tp), t.sum(axes).sub(tp)};
        }
        Variable predO = powSum(x, axes, ord), groundO = powSum(t, axes, ord), diff = powSum(x.sub(t), axes, ord);
        Variable tp = predO.add(groundO).sub(diff).div(2);
        return new Variable[]{tp, predO.sub(tp), groundO.sub(tp)};
    }

    private static Variable powSum(Variable v, int[] axes, int ord) {
        return ord == 2 ? v.square().sum(axes) : v.abs().sum(axes);
    }

    /** MONAI's one_hot along dim 1: (B, 1, ...) labels (truncated to integers) to (B, n, ...) in float32. */
    static Tensor oneHot(Tensor labels, long n, String op) {
        if (labels.size(1) != 1)
            throw new IllegalArgumentException(op + ": a label target for toOnehotY must have one channel, got shape " + Shapes.str(labels.shape()));
        return labels.squeeze(1).to(DType.INT64).oneHot(n).movedim(-1, 1).to(DType.FLOAT32);
    }

    private static void warn(String msg) { LOG.log(System.Logger.Level.WARNING, "DiceLoss: " + msg); }
}
