package dev.axial.transforms.post;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;

import java.util.function.UnaryOperator;

/**
 * MONAI's {@code Activations(sigmoid=False, softmax=False, other=None, dim=0)}: sigmoid, then softmax over
 * {@code dim}, then {@code other}, computed in float32; the result is cast back to the input's dtype, as MONAI's
 * {@code convert_to_dst_type} does (so an integer input gives truncated integers).
 *
 * <pre>{@code
 * MetaTensor probs = new Activations().softmax(true).apply(logits);
 * }</pre>
 */
public final class Activations extends ArrayTransform {
    private boolean sigmoid, softmax;
    private UnaryOperator<Tensor> other;
    private int dim = 0;

    public Activations sigmoid(boolean sigmoid) { this.sigmoid = sigmoid; return this; }

    public Activations softmax(boolean softmax) { this.softmax = softmax; return this; }

    /** Another activation applied last, e.g. {@code Tensor::tanh}. */
    public Activations other(UnaryOperator<Tensor> other) { this.other = other; return this; }

    /** The softmax dimension (MONAI's kwargs dim, default 0: the channel axis). */
    public Activations dim(int dim) { this.dim = dim; return this; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) { return apply(img, sigmoid, softmax, other); }

    /** With these flags instead of the configured ones (MONAI's call-time arguments; the dictionary form uses it). */
    public MetaTensor apply(MetaTensor img, boolean sigmoid, boolean softmax, UnaryOperator<Tensor> other) {
        if (sigmoid && softmax) throw error("incompatible values: sigmoid and softmax are both set (shape " + java.util.Arrays.toString(img.shape()) + ")");
        int nd = img.array().dim();
        if (softmax && (dim < -nd || dim >= nd)) throw error("softmax dim " + dim + " is out of range for shape " + java.util.Arrays.toString(img.shape()));
        Tensor x = img.array().to(DType.FLOAT32);
        if (sigmoid) x = x.sigmoid();
        if (softmax) x = x.softmax(dim);
        if (other != null) x = other.apply(x);
        return img.withArray(x.to(img.dtype()));
    }
}
