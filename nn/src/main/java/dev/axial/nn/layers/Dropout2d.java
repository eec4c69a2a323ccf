package dev.axial.nn.layers;

/**
 * Channel dropout, {@code torch.nn.Dropout2d}: in training, whole channels of (N, C, 2 spatial dims) or
 * unbatched input are zeroed with probability p and the rest scaled by 1/(1-p); see {@link Dropout}.
 *
 * <pre>{@code
 * Variable y = new Dropout2d(0.1).forward(x);
 * }</pre>
 */
public class Dropout2d extends Dropout {
    public Dropout2d() { this(0.5); }

    public Dropout2d(double p) { super(p, 2); }
}
