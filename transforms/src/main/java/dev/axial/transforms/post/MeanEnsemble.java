package dev.axial.transforms.post;

import dev.axial.tensor.DType;
import dev.axial.tensor.Tensor;

import java.util.Arrays;

/**
 * MONAI's {@code MeanEnsemble(weights=None)}: the mean over the models, each weighted by
 * {@code w / mean(w over models)}; weights of shape (E) or (E, C) (per model and class) line up with the leading axes.
 *
 * <pre>{@code
 * MetaTensor avg = new MeanEnsemble().weights(new double[][] {{1, 2}, {2, 1}}).apply(List.of(p0, p1));
 * }</pre>
 */
public final class MeanEnsemble extends Ensemble {
    private double[] weights;
    private long[] weightShape;

    /** One weight per model. */
    public MeanEnsemble weights(double... w) {
        this.weights = w.clone();
        this.weightShape = new long[] {w.length};
        return this;
    }

    /** Weights per model (rows) and channel (columns). */
    public MeanEnsemble weights(double[][] w) {
        int cols = w[0].length;
        weights = new double[w.length * cols];
        for (int i = 0; i < w.length; i++) {
            if (w[i].length != cols) throw error("weights rows differ in length");
            System.arraycopy(w[i], 0, weights, i * cols, cols);
        }
        weightShape = new long[] {w.length, cols};
        return this;
    }

    @Override protected Tensor combine(Tensor x) {
        x = x.to(x.dtype().toFloating());
        if (weights != null) {
            long[] sh = x.shape();
            if (weightShape.length > sh.length) throw error("weights of shape " + Arrays.toString(weightShape) + " do not fit predictions " + Arrays.toString(sh));
            long[] full = Arrays.copyOf(weightShape, sh.length);
            Arrays.fill(full, weightShape.length, sh.length, 1);
            for (int i = 0; i < weightShape.length; i++)
                if (weightShape[i] != sh[i] && weightShape[i] != 1)
                    throw error("weights of shape " + Arrays.toString(weightShape) + " do not fit stacked predictions " + Arrays.toString(sh));
            Tensor w = Tensor.of(weights, full).to(x.device(), DType.FLOAT32);
            x = x.mul(w).div(w.mean(new int[] {0}, true));
        }
        return x.mean(new int[] {0}, false);
    }
}
