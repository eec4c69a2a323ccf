package dev.axial.transforms.utility;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;

import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Adaptors for third-party code: a plain function becomes an array transform (affine and metadata kept), so it can
 * sit in a {@link dev.axial.transforms.Compose} (and, through {@link dev.axial.transforms.ArrayToDict} or
 * {@link Lambdad}, in dictionary pipelines). On tensors ({@link #ofTensor}), or on Java arrays: the image's values in
 * row-major order (copied to the CPU), the function's result of the same length is put back in the same shape and on
 * the same device ({@link #ofFloats} float32, {@link #ofDoubles} float64).
 *
 * <pre>{@code
 * Transform clip = FunctionTransform.ofFloats("Clip", v -> { for (int i = 0; i < v.length; i++) v[i] = Math.min(v[i], 1); return v; });
 * }</pre>
 */
public class FunctionTransform extends ArrayTransform {
    private final String name;
    private final Function<Tensor, Tensor> fn;

    private FunctionTransform(String name, Function<Tensor, Tensor> fn) {
        if (name == null || fn == null) throw new IllegalArgumentException("FunctionTransform: the name and the function must be given");
        this.name = name;
        this.fn = fn;
    }

    /** A function on the image's tensor. */
    public static FunctionTransform ofTensor(String name, UnaryOperator<Tensor> fn) { return new FunctionTransform(name, fn); }

    /** A function on the image's values as a float[] (row-major); the result must have as many values. */
    public static FunctionTransform ofFloats(String name, UnaryOperator<float[]> fn) {
        return new FunctionTransform(name, t -> {
            float[] out = fn.apply(t.cpu().to(DType.FLOAT32).toFloatArray());
            check(name, t, out == null ? -1 : out.length);
            return Tensor.of(out, t.shape()).to(t.device());
        });
    }

    /** A function on the image's values as a double[] (row-major); the result must have as many values. */
    public static FunctionTransform ofDoubles(String name, UnaryOperator<double[]> fn) {
        return new FunctionTransform(name, t -> {
            double[] out = fn.apply(t.cpu().to(DType.FLOAT64).toDoubleArray());
            check(name, t, out == null ? -1 : out.length);
            return Tensor.of(out, t.shape()).to(t.device());
        });
    }

    @Override public String name() { return name; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        Tensor out;
        try {
            out = fn.apply(img.array());
        } catch (dev.axial.transforms.TransformException e) {
            throw e;
        } catch (RuntimeException e) {
            throw error("failed on " + img.array().describe() + ": " + e);
        }
        if (out == null) throw error("the function returned null for " + img.array().describe());
        return img.withArray(out);
    }

    private static void check(String name, Tensor in, int length) {
        if (length != in.numel())
            throw new dev.axial.transforms.TransformException(name + ": the function returned " + (length < 0 ? "null" : length + " values")
                    + " for " + in.describe() + " (" + in.numel() + " values expected)");
    }
}
