package dev.axial.transforms.utility;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.AppliedOperations;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.InvertibleTransform;

import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * MONAI's {@code Lambda}: applies a user function to the image. The function gets the MetaTensor and returns a
 * MetaTensor or a Tensor (which then keeps the input's affine and metadata, as a torch op on a MetaTensor does). The
 * call is recorded, and {@link #inverse} pops the record and applies {@code invFunc} (default: none, MONAI's
 * {@code no_collation}).
 *
 * <pre>{@code
 * Lambda neg = Lambda.ofTensor(t -> t.neg()).invFunc(m -> m.array().neg());
 * MetaTensor back = neg.inverse(neg.apply(img));
 * }</pre>
 */
public class Lambda extends ArrayTransform implements InvertibleTransform {
    private final Function<? super MetaTensor, ?> func;
    private Function<? super MetaTensor, ?> invFunc = m -> m;

    public Lambda(Function<? super MetaTensor, ?> func) {
        if (func == null) throw new IllegalArgumentException("Lambda: func is null");
        this.func = func;
    }

    /** A Lambda over the image's array. */
    public static Lambda ofTensor(UnaryOperator<Tensor> func) { return new Lambda(m -> func.apply(m.array())); }

    /** MONAI's inv_func: what {@link #inverse} applies (MetaTensor in; MetaTensor or Tensor out). */
    public Lambda invFunc(Function<? super MetaTensor, ?> inv) {
        if (inv == null) throw new IllegalArgumentException("Lambda: inv_func is null");
        this.invFunc = inv;
        return this;
    }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        MetaTensor out = result(img, func.apply(img), "func");
        MetaTensor recorded = out.withArray(out.array());
        AppliedOperations.push(recorded, this, AppliedOperations.spatialSize(img.shape()), Map.of());
        return recorded;
    }

    @Override public MetaTensor inverse(MetaTensor img) {
        AppliedOperations.last(img, this);
        MetaTensor popped = AppliedOperations.undone(img, img.array());
        return result(popped, invFunc.apply(popped), "inv_func");
    }

    private MetaTensor result(MetaTensor img, Object out, String what) {
        return switch (out) {
            case MetaTensor m -> m;
            case Tensor t -> img.withArray(t);
            case null, default -> throw error(what + " must return a MetaTensor or a Tensor, got "
                    + (out == null ? "null" : out.getClass().getSimpleName()) + " for " + img.array().describe());
        };
    }
}
