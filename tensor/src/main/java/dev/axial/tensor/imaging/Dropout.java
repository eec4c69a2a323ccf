package dev.axial.tensor.imaging;

import dev.axial.tensor.Generator;
import dev.axial.tensor.Shapes;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;

/**
 * Dropout as torch.nn.functional: {@link #dropout} zeroes elements, {@link #dropout1d}/{@link #dropout2d}/
 * {@link #dropout3d} zero whole channels (one draw per (n, c)), {@link #alphaDropout} keeps SELU's mean and variance.
 * Training draws a Bernoulli(1 - p) keep mask from the seeded {@link Generator} (same seed, same mask, on any thread
 * count) and scales the kept values by 1/(1-p); eval mode returns the input itself. Composed from
 * {@link Tensor#bernoulli} and mul: no kernel of its own.
 *
 * <pre>{@code
 * Generator g = new Generator(42);
 * DropoutResult r = Dropout.dropout3d(features, 0.1, true, g);   // features (N, C, D, H, W)
 * }</pre>
 */
public final class Dropout {
    private Dropout() {}

    /** SELU's alpha * scale: the value alpha dropout sets dropped units to (before its affine correction). */
    private static final double SELU_ALPHA = 1.7580993408473766;

    /** F.dropout with p = 0.5, training, the default generator. */
    public static DropoutResult dropout(Tensor input) { return dropout(input, 0.5, true, Generator.defaultGenerator()); }

    /** F.dropout with the default generator. */
    public static DropoutResult dropout(Tensor input, double p, boolean training) {
        return dropout(input, p, training, Generator.defaultGenerator());
    }

    /** F.dropout: each element zeroed with probability p, the rest scaled by 1/(1-p); p = 1 zeroes everything. */
    public static DropoutResult dropout(Tensor input, double p, boolean training, Generator generator) {
        check("dropout", input, p, 0, generator);
        return apply(input, p, training, generator, input.shape());
    }

    /** F.dropout1d on (N, C, L) or (C, L): whole channels zeroed. */
    public static DropoutResult dropout1d(Tensor input, double p, boolean training, Generator generator) {
        return channels("dropout1d", input, p, training, generator, 1);
    }

    /** F.dropout2d on (N, C, H, W) or (C, H, W): whole channels zeroed. */
    public static DropoutResult dropout2d(Tensor input, double p, boolean training, Generator generator) {
        return channels("dropout2d", input, p, training, generator, 2);
    }

    /** F.dropout3d on (N, C, D, H, W) or (C, D, H, W): whole channels zeroed. */
    public static DropoutResult dropout3d(Tensor input, double p, boolean training, Generator generator) {
        return channels("dropout3d", input, p, training, generator, 3);
    }

    /** Gradient of any dropout here: gradOut * mask (mask broadcast over a channel dropout's spatial dims); a null mask passes gradOut through. */
    public static Tensor dropoutBackward(Tensor gradOut, Tensor mask) {
        if (gradOut == null) throw new TensorException("dropoutBackward: gradOut is null");
        return mask == null ? gradOut : gradOut.mul(mask);
    }

    /**
     * F.alpha_dropout: dropped elements set to SELU's negative saturation, then an affine map a x + b that keeps zero
     * mean and unit variance. The result's mask is a * keep, and output = input * mask + b', b' = a alpha (keep - 1) + a
     * alpha p, so backward is again gradOut * mask.
     */
    public static DropoutResult alphaDropout(Tensor input, double p, boolean training, Generator generator) {
        check("alphaDropout", input, p, 0, generator);
        if (p == 0 || !training || input.numel() == 0) return new DropoutResult(input, null);
        if (p == 1) return zeros(input, input.shape());
        double a = 1 / Math.sqrt((SELU_ALPHA * SELU_ALPHA * p + 1) * (1 - p));
        try (Tensor keep = Tensor.bernoulli(generator, input.dtype(), input.device(), 1 - p, input.shape());
             Tensor b = keep.sub(1).mul(SELU_ALPHA * a).add(SELU_ALPHA * a * p);
             Tensor xk = input.mul(keep)) {
            Tensor out = xk.mul(a).add_(b);
            return new DropoutResult(out, keep.mul(a));
        }
    }

    private static DropoutResult channels(String op, Tensor input, double p, boolean training, Generator generator, int spatial) {
        check(op, input, p, spatial + 1, generator);
        if (input.dim() != spatial + 1 && input.dim() != spatial + 2)
            throw TensorException.of(op, "expected " + (spatial + 1) + "-D (unbatched) or " + (spatial + 2) + "-D (batched) input, got "
                    + input.dim() + "-D", input);
        long[] mask = input.shape();
        for (int i = mask.length - spatial; i < mask.length; i++) mask[i] = 1;
        return apply(input, p, training, generator, mask);
    }

    private static DropoutResult apply(Tensor input, double p, boolean training, Generator generator, long[] maskShape) {
        if (p == 0 || !training || input.numel() == 0) return new DropoutResult(input, null);
        if (p == 1) return zeros(input, maskShape);
        try (Tensor keep = Tensor.bernoulli(generator, input.dtype(), input.device(), 1 - p, maskShape)) {
            Tensor mask = keep.mul(1 / (1 - p));
            return new DropoutResult(input.mul(mask), mask);
        }
    }

    /** p = 1: input * 0 (NaN stays NaN, as PyTorch), mask all zero; no numbers drawn. */
    private static DropoutResult zeros(Tensor input, long[] maskShape) {
        Tensor mask = Tensor.zeros(input.dtype(), input.device(), maskShape);
        return new DropoutResult(input.mul(mask), mask);
    }

    private static void check(String op, Tensor input, double p, int minRank, Generator generator) {
        if (input == null) throw new TensorException(op + ": input is null");
        input.checkAlive(op);
        if (!(p >= 0 && p <= 1))
            throw TensorException.of(op, "dropout probability has to be between 0 and 1, but got " + p, input);
        if (generator == null) throw TensorException.of(op, "generator is null", input);
        if (!input.dtype().isFloatingPoint())
            throw TensorException.of(op, "expected a floating-point input, got " + input.dtype(), input);
        if (input.dim() < minRank)
            throw TensorException.of(op, "expected an input of rank >= " + minRank + ", got shape " + Shapes.str(input.shape()), input);
    }
}
